/**
 * One behavioural suite, run against the real simulator over HTTPS in both flavours and at the two
 * VBR revisions we have specs for.
 */
import { startSim, clientFor, hasSpecs } from './veeam-test-kit';
import type { VeeamSimulator } from '../../veeam/simulator/veeam-simulator';
import type { VeeamClient } from '../../veeam/veeam-client';
import { VeeamNotFoundError, VeeamNotSupportedError } from '../../veeam/errors';

const cases: { label: string; flavor: 'vbr' | 'em'; revision: '1.2-rev1' | '1.3-rev1' }[] = [
  { label: 'VBR REST 1.2-rev1', flavor: 'vbr', revision: '1.2-rev1' },
  { label: 'VBR REST 1.3-rev1', flavor: 'vbr', revision: '1.3-rev1' },
  { label: 'Enterprise Manager', flavor: 'em', revision: '1.3-rev1' },
];

describe.each(cases)('VeeamClient against the simulator: $label', ({ flavor, revision }) => {
  let sim: VeeamSimulator;
  let client: VeeamClient;

  beforeAll(async () => {
    sim = await startSim({ scenario: { vbrRevision: revision, jobs: 40, repositories: 3, historyPerJob: 2 } });
    client = await clientFor(sim, flavor);
  });
  afterAll(async () => {
    await client.close();
    await sim.close();
  });

  test('detects the flavour and revision from the server', async () => {
    const info = await client.serverInfo();
    expect(client.flavor).toBe(flavor);
    expect(info.flavor).toBe(flavor);
    expect(info.apiVersion).toBe(flavor === 'vbr' ? revision : 'latest');
    expect(info.userName).toBe(sim.credentials.username);
    expect(info.name).toBe('vbr01.contoso.local');
  });

  test('lists every job with its state and last result', async () => {
    const jobs = await client.listJobs();
    expect(jobs).toHaveLength(40);
    const simJob = sim.state.findJob('VM Backup Job 1')!;
    const job = jobs.find((j) => j.name === 'VM Backup Job 1')!;
    expect(job.id).toBe(simJob.id);
    expect(job.status).toBe('idle');
    expect(job.lastResult).toBe(simJob.lastResult);
    expect(job.lastRun?.getTime()).toBe(simJob.lastRun);
  });

  test('start → Starting/Working with rising progress → Stopped with a result; the job and repository move', async () => {
    const simJob = sim.state.findJob('File Server Backup')!;
    const repo = sim.state.repositories.find((r) => r.id === simJob.repositoryId)!;
    const usedBefore = repo.usedGB;
    sim.inject({ forceResult: { job: simJob.name, result: 'Warning' } });
    const started = await client.startJob(simJob.id);
    expect(started.jobId).toBe(simJob.id);
    expect(started.finished).toBe(false);
    expect(started.result).toBe('None');
    expect(sim.state.startsOf(simJob.id)).toBe(1);

    sim.state.clock.advance(30);
    const mid = await client.getSession(started.id);
    expect(mid.state).toBe('Working');
    const running = (await client.listJobs()).find((j) => j.id === simJob.id)!;
    expect(running.status).toBe('running');

    sim.state.clock.advance(30);
    const later = await client.getSession(started.id);
    expect(later.progressPercent ?? 0).toBeGreaterThan(mid.progressPercent ?? 0);

    sim.state.clock.advance(200);
    const details = await client.getSessionDetails(started.id);
    expect(details.finished).toBe(true);
    expect(details.state).toBe('Stopped');
    expect(details.result).toBe('Warning');
    expect(details.endTime!.getTime()).toBeGreaterThan(details.creationTime.getTime());
    expect(details.tasks.length).toBe(simJob.objects.length);
    expect(details.tasks.every((t) => (t.processedSizeBytes ?? 0) > 0)).toBe(true);
    expect(details.problems.some((p) => p.status === 'Warning' && /Changed block tracking/.test(p.title))).toBe(true);

    const after = (await client.listJobs()).find((j) => j.id === simJob.id)!;
    expect(after.lastResult).toBe('Warning');
    expect(after.status).toBe('idle');
    expect(repo.usedGB).toBeGreaterThan(usedBefore);
    expect((await client.getLastSession(simJob.id))?.id).toBe(started.id);
  });

  test('stop returns the session, which ends as a cancelled failure', async () => {
    const simJob = sim.state.findJob('Physical Server Backup')!;
    const started = await client.startJob(simJob.id);
    sim.state.clock.advance(10);
    const stopping = await client.stopJob(simJob.id);
    expect(stopping.id).toBe(started.id);
    expect(['Stopping', 'Stopped']).toContain(stopping.state);
    sim.state.clock.advance(5);
    const done = await client.getSession(started.id);
    expect(done.finished).toBe(true);
    expect(done.result).toBe('Failed');
  });

  test('retry is there where the API has it, and a clear "not supported" otherwise', async () => {
    const simJob = sim.state.findJob('VM Backup Job 2')!;
    sim.inject({ forceResult: { job: simJob.name, result: 'Failed' } });
    await client.startJob(simJob.id);
    sim.state.clock.advance(500);
    await client.getSession(simJob.lastSessionId!); // settle
    if (flavor === 'vbr' && revision === '1.2-rev1') {
      await expect(client.retryJob(simJob.id)).rejects.toBeInstanceOf(VeeamNotSupportedError);
      await expect(client.retryJob(simJob.id)).rejects.toThrow(/not supported by this Veeam version/);
      expect(sim.state.counters.retries[simJob.id]).toBeUndefined();
    } else {
      const retried = await client.retryJob(simJob.id);
      expect(retried.jobId).toBe(simJob.id);
      expect(retried.finished).toBe(false);
      expect(sim.state.counters.retries[simJob.id]).toBe(1);
    }
  });

  test('lists sessions that ended after a time, newest first, paged', async () => {
    const after = new Date(sim.state.clock.now() - 3 * 86400_000);
    const page1 = await client.listEndedSessions({ endedAfter: after, limit: 10 });
    const page2 = await client.listEndedSessions({ endedAfter: after, limit: 10, skip: 10 });
    expect(page1).toHaveLength(10);
    expect(page2).toHaveLength(10);
    const all = [...page1, ...page2];
    expect(new Set(all.map((s) => s.id)).size).toBe(20);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].endTime!.getTime()).toBeGreaterThanOrEqual(all[i].endTime!.getTime());
    expect(all.every((s) => s.finished && s.endTime!.getTime() > after.getTime())).toBe(true);
    const recent = await client.listEndedSessions({ endedAfter: new Date(sim.state.clock.now() + 60_000) });
    expect(recent).toEqual([]);
  });

  test('keeps the instant right although the server writes local time (+09:00)', async () => {
    const s = sim.state.sessionOrder[0];
    const got = await client.getSession(s.id);
    expect(got.creationTime.getTime()).toBe(Math.floor(s.creationTime));
    expect(got.endTime?.getTime()).toBe(s.endTime);
  });

  test('lists repositories with capacity, free space and (VBR) online state', async () => {
    sim.inject({ repositoryOnline: { repository: 'NAS-SMB-01', online: false } });
    const repos = await client.listRepositories();
    expect(repos).toHaveLength(3);
    const nas = repos.find((r) => r.name === 'NAS-SMB-01')!;
    const simRepo = sim.state.repositories.find((r) => r.name === 'NAS-SMB-01')!;
    expect(nas.capacityBytes).toBeCloseTo(simRepo.capacityGB * 1024 ** 3, -6);
    expect(nas.freeBytes).toBeLessThan(nas.capacityBytes!);
    if (flavor === 'vbr') expect(nas.online).toBe(false);
  });

  test('an unknown session is a typed not-found error', async () => {
    await expect(client.getSession('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(VeeamNotFoundError);
  });

  (hasSpecs ? test : test.skip)('the simulator answered every documented VBR call as the spec says (skipped: no Veeam OpenAPI specs)', () => {
    expect(sim.requests.some((r) => r.flavor === 'vbr')).toBe(flavor === 'vbr');
    expect(sim.violations).toEqual([]);
  });
});
