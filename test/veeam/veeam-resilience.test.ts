/** Token expiry, lost answers, 5xx/429 retries, paging and shared logins, against the real simulator. */
import { clientFor, startSim } from './veeam-test-kit';
import type { VeeamSimulator } from '../../veeam/simulator/veeam-simulator';
import { VeeamApiError, VeeamAuthError, VeeamOutcomeUnknownError } from '../../veeam/errors';

describe('VBR REST resilience', () => {
  let sim: VeeamSimulator;
  beforeAll(async () => {
    sim = await startSim({ scenario: { jobs: 5000, maxPageSize: 1000, historyPerJob: 0 } });
  });
  afterAll(() => sim.close());

  test('5,000 jobs are listed across pages', async () => {
    const client = await clientFor(sim, 'vbr', { pageSize: 1000 });
    const before = sim.requests.length;
    const jobs = await client.listJobs();
    expect(jobs).toHaveLength(5000);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(5000);
    const pageCalls = sim.requests.slice(before).filter((r) => r.url.startsWith('/api/v1/jobs/states'));
    expect(pageCalls.length).toBe(5);
    expect(jobs.some((j) => j.name === '本社ファイルサーバー バックアップ')).toBe(true);
    await client.close();
  });

  test('asks for more than the server pages and still gets everything', async () => {
    const client = await clientFor(sim, 'vbr', { pageSize: 3000 });
    expect(await client.listJobs()).toHaveLength(5000);
    await client.close();
  });

  test('a token that expires mid-run is renewed without the caller noticing (refresh, not a new login)', async () => {
    const client = await clientFor(sim, 'vbr');
    await client.serverInfo();
    const grants = sim.state.counters.tokenGrants;
    const refreshes = sim.state.counters.refreshGrants;
    sim.inject({ expireTokens: true });
    const repos = await client.listRepositories();
    expect(repos.length).toBeGreaterThan(0);
    expect(sim.state.counters.refreshGrants).toBe(refreshes + 1);
    expect(sim.state.counters.tokenGrants).toBe(grants);
    await client.close();
  });

  test('a short token lifetime is refreshed before it runs out (no 401 at all)', async () => {
    const short = await startSim({ scenario: { jobs: 5, tokenLifetimeSec: 1 } });
    try {
      const client = await clientFor(short, 'vbr');
      await client.listJobs();
      await new Promise((r) => setTimeout(r, 900)); // past 80 % of the 1 s lifetime
      await client.listJobs();
      expect(short.state.counters.refreshGrants).toBe(1);
      expect(short.requests.filter((r) => r.status === 401)).toEqual([]);
      await client.close();
    } finally {
      await short.close();
    }
  });

  test('concurrent requests share one login', async () => {
    const client = await clientFor(sim, 'vbr');
    const grants = sim.state.counters.tokenGrants;
    await Promise.all(Array.from({ length: 8 }, () => client.listRepositories()));
    expect(sim.state.counters.tokenGrants).toBe(grants + 1);
    await client.close();
  });

  test('reads are retried on 500 and 503 (and 429), then succeed', async () => {
    const client = await clientFor(sim, 'vbr');
    await client.serverInfo();
    sim.inject({ failNext: { status: 503, path: '/repositories/states', count: 1 } });
    sim.inject({ failNext: { status: 500, path: '/repositories/states', count: 1 } });
    expect((await client.listRepositories()).length).toBeGreaterThan(0);
    sim.inject({ failNext: { status: 429, path: '/serverInfo', count: 1 } });
    expect((await client.serverInfo()).flavor).toBe('vbr');
    await client.close();
  });

  test('a read that keeps failing ends in a typed error carrying Veeam\'s message', async () => {
    const client = await clientFor(sim, 'vbr', { retryCount: 1 });
    await client.serverInfo();
    sim.inject({ failNext: { status: 500, path: '/serverInfo', count: 2 } });
    const err = await client.serverInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VeeamApiError);
    expect((err as VeeamApiError).code).toBe('VEEAM_ERROR');
    expect((err as VeeamApiError).veeamMessage).toBe('Simulated 500 failure.');
    await client.close();
  });

  test('a start whose answer is lost after the server started the job is not repeated', async () => {
    const client = await clientFor(sim, 'vbr');
    const job = sim.state.findJob('VM Backup Job 1')!;
    sim.inject({ dropNext: { path: `/jobs/${job.id}/start`, afterHandling: true } });
    const err = await client.startJob(job.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VeeamOutcomeUnknownError);
    expect((err as Error).message).toMatch(/not sent again/);
    expect(sim.state.startsOf(job.id)).toBe(1);
    expect(sim.requests.filter((r) => r.url.includes(`/jobs/${job.id}/start`))).toHaveLength(1);
    await client.close();
  });

  test('a start answered with 500 is not repeated either', async () => {
    const client = await clientFor(sim, 'vbr');
    const job = sim.state.findJob('VM Backup Job 2')!;
    sim.inject({ failNext: { status: 500, path: `/jobs/${job.id}/start` } });
    await expect(client.startJob(job.id)).rejects.toBeInstanceOf(VeeamApiError);
    expect(sim.requests.filter((r) => r.url.includes(`/jobs/${job.id}/start`))).toHaveLength(1);
    await client.close();
  });

  test('a start refused with 401 (token expired) is sent again once, after renewing', async () => {
    const client = await clientFor(sim, 'vbr');
    await client.serverInfo();
    const job = sim.state.findJob('Physical Server Backup')!;
    sim.inject({ expireTokens: true });
    const s = await client.startJob(job.id);
    expect(s.jobId).toBe(job.id);
    expect(sim.state.startsOf(job.id)).toBe(1);
    await client.close();
  });

  test('a slow answer past the response timeout is a typed unreachable error', async () => {
    const client = await clientFor(sim, 'vbr', { timeoutMs: 200, retryCount: 0 });
    await client.serverInfo();
    sim.inject({ slowNext: { ms: 600, path: '/serverInfo' } });
    await expect(client.serverInfo()).rejects.toMatchObject({ code: 'VEEAM_UNREACHABLE' });
    await client.close();
  });

  test('wrong password is a typed auth error naming the variables to check', async () => {
    const client = await clientFor(sim, 'vbr', { password: 'wrong-password-123' });
    const err = await client.listJobs().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VeeamAuthError);
    expect((err as Error).message).toMatch(/VEEAM_PASSWORD/);
    expect((err as Error).message).not.toMatch(/wrong-password-123/);
  });

  test('a viewer role gets a typed forbidden error on start', async () => {
    const roles = await startSim({ scenario: { jobs: 5, users: [{ name: 'viewer', password: 'Viewer-Passw0rd', role: 'viewer' }] } });
    try {
      const client = await clientFor(roles, 'vbr');
      await expect(client.startJob(roles.state.jobs[0].id)).rejects.toMatchObject({ code: 'VEEAM_FORBIDDEN' });
      const em = await clientFor(roles, 'em');
      await expect(em.startJob(roles.state.jobs[0].id)).rejects.toMatchObject({ code: 'VEEAM_FORBIDDEN' });
      await em.close();
    } finally {
      await roles.close();
    }
  });

  test('a job that hangs in Working stays running with progress stuck', async () => {
    const client = await clientFor(sim, 'vbr');
    const job = sim.state.findJob('File Server Backup')!;
    sim.inject({ hangJob: job.name });
    const s = await client.startJob(job.id);
    sim.state.clock.advance(100_000);
    const later = await client.getSession(s.id);
    expect(later.state).toBe('Working');
    expect(later.finished).toBe(false);
    await client.close();
  });
});

describe('Enterprise Manager resilience', () => {
  let sim: VeeamSimulator;
  beforeAll(async () => {
    sim = await startSim({ scenario: { jobs: 2500, maxPageSize: 1000, emIdleTimeoutSec: 0.3, historyPerJob: 1 } });
  });
  afterAll(() => sim.close());

  test('lists 2,500 jobs through the query service pages', async () => {
    const client = await clientFor(sim, 'em', { pageSize: 1000 });
    const jobs = await client.listJobs();
    expect(jobs).toHaveLength(2500);
    expect(jobs.filter((j) => j.lastResult !== 'None').length).toBeGreaterThan(2000);
    await client.close();
  });

  test('logs on again after the idle expiry, and logs off on close', async () => {
    const client = await clientFor(sim, 'em');
    const logons = sim.state.counters.emLogons;
    await client.listRepositories();
    await new Promise((r) => setTimeout(r, 400));
    await client.listRepositories();
    expect(sim.state.counters.emLogons).toBe(logons + 2);
    const logoffs = sim.state.counters.emLogoffs;
    await client.close();
    expect(sim.state.counters.emLogoffs).toBe(logoffs + 1);
    await client.close(); // safe twice
    expect(sim.state.counters.emLogoffs).toBe(logoffs + 1);
  });

  test('an EM start whose answer is lost is not repeated', async () => {
    const client = await clientFor(sim, 'em');
    const job = sim.state.findJob('VM Backup Job 1')!;
    sim.inject({ dropNext: { path: `/api/jobs/${job.id}?action=start`, afterHandling: true } });
    await expect(client.startJob(job.id)).rejects.toBeInstanceOf(VeeamOutcomeUnknownError);
    expect(sim.state.startsOf(job.id)).toBe(1);
    await client.close();
  });

  test('an EM start on a running job reports Veeam\'s own message from the Task', async () => {
    const client = await clientFor(sim, 'em');
    const job = sim.state.findJob('VM Backup Job 1')!; // still running from the previous test
    const err = await client.startJob(job.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VeeamApiError);
    expect((err as VeeamApiError).veeamMessage).toMatch(/already running/);
    await client.close();
  });
});
