/** Name matching, TLS trust, secrets in logs, and the simulator's conformance to Veeam's OpenAPI specs. */
import fs from 'node:fs';
import { captureLogger, clientFor, hasSpecs, SPEC_DIR, startSim } from './veeam-test-kit';
import type { VeeamSimulator } from '../../veeam/simulator/veeam-simulator';
import { createOpenApiValidator, specFileFor } from '../../veeam/simulator/openapi-validator';
import { VeeamTlsError } from '../../veeam/errors';
import { matchJobName } from '../../veeam/match-job-name';

let sim: VeeamSimulator;
beforeAll(async () => {
  sim = await startSim({ scenario: { jobs: 200 } });
});
afterAll(() => sim.close());

describe('finding a job by the name a person types', () => {
  test.each([
    ['VM Backup Job 1', 'exact'],
    ['vm backup job 1', 'case'],
    ['ＶＭ　Ｂａｃｋｕｐ Job 1', 'full-width letters and ideographic space'],
    ['VM  Backup   Job 1 ', 'extra spaces'],
    ['本社ファイルサーバーバックアップ', 'Japanese without the space'],
    ['本社ファイルサーバー　バックアップ', 'Japanese with a full-width space'],
  ])('%s (%s)', async (typed) => {
    const client = await clientFor(sim, 'vbr');
    const m = await client.findJob(typed);
    expect(m.kind).toBe('found');
    const want = typed.includes('本社') ? '本社ファイルサーバー バックアップ' : 'VM Backup Job 1';
    if (m.kind === 'found') expect(m.job.name).toBe(want);
  });

  test('exact beats a longer partial match (VM Backup Job 1 vs VM Backup Job 15)', async () => {
    const client = await clientFor(sim, 'em');
    expect(sim.state.jobs.some((j) => j.name === 'VM Backup Job 15')).toBe(true);
    const m = await client.findJob('vm backup job 1');
    expect(m.kind === 'found' && m.job.name).toBe('VM Backup Job 1');
    await client.close();
  });

  test('an ambiguous name returns the candidates', async () => {
    const client = await clientFor(sim, 'vbr');
    const m = await client.findJob('vm backup job');
    expect(m.kind).toBe('ambiguous');
    if (m.kind === 'ambiguous') {
      expect(m.candidates.map((c) => c.name)).toEqual(expect.arrayContaining(['VM Backup Job 1', 'VM Backup Job 2']));
      expect(m.candidates.every((c) => /vm backup job/i.test(c.name))).toBe(true);
    }
  });

  test('a unique partial name is found; nothing similar is not-found with suggestions', () => {
    const jobs = [
      { id: '1', name: 'Physical Server Backup', type: 'Backup', status: 'idle' as const, lastResult: 'None' as const },
      { id: '2', name: 'File Server Backup', type: 'Backup', status: 'idle' as const, lastResult: 'None' as const },
    ];
    const m = matchJobName(jobs, 'physical');
    expect(m.kind === 'found' && m.job.id).toBe('1');
    const n = matchJobName(jobs, 'Fiel Server Backup');
    expect(n.kind).toBe('not-found');
    if (n.kind === 'not-found') expect(n.suggestions[0]?.id).toBe('2');
    expect(matchJobName(jobs, 'zzz').kind).toBe('not-found');
  });
});

describe('TLS against the self-signed simulator', () => {
  test('fails without a CA bundle or fingerprint', async () => {
    const err = await clientFor(sim, 'vbr', { tls: { verify: true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VeeamTlsError);
    expect((err as Error).message).toMatch(/VEEAM_CA_BUNDLE|VEEAM_CERT_FINGERPRINT/);
  });

  test('works with the CA bundle', async () => {
    const client = await clientFor(sim, 'vbr', { tls: { verify: true, caPem: sim.caPem } });
    expect((await client.serverInfo()).flavor).toBe('vbr');
  });

  test('works with the fingerprint pin alone, and a wrong pin fails before credentials are sent', async () => {
    const ok = await clientFor(sim, 'em', { tls: { verify: true, fingerprint: sim.fingerprint.toLowerCase() } });
    expect((await ok.serverInfo()).flavor).toBe('em');
    await ok.close();
    const requests = sim.requests.length;
    const wrong = 'AB:'.repeat(31) + 'AB';
    // Flavour and version given, so the first call is the logon carrying the password.
    const pinned = await clientFor(sim, 'em', { flavor: 'em', apiVersion: 'latest', tls: { verify: true, fingerprint: wrong } });
    const err = await pinned.listJobs().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VeeamTlsError);
    expect(sim.requests.length).toBe(requests);
  });

  test('verify=false connects (development) and warns at start-up', async () => {
    const log = captureLogger();
    const client = await clientFor(sim, 'vbr', { tls: { verify: false }, logger: log.logger });
    expect((await client.serverInfo()).flavor).toBe('vbr');
    expect(log.lines.some((l) => /VEEAM_VERIFY_SSL=false/.test(l) && /"level":"warn"/.test(l))).toBe(true);
  });

  test('nothing listening is a typed unreachable error', async () => {
    const err = await clientFor(sim, 'vbr', { baseUrl: 'https://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VEEAM_UNREACHABLE' });
  });
});

describe('secrets never reach a log line or an error message', () => {
  test.each(['vbr', 'em'] as const)('%s: login, refresh, 401, retries, failures', async (flavor) => {
    const log = captureLogger(); // no scrubbing list: the client itself must not log secrets
    const client = await clientFor(sim, flavor, { logger: log.logger, retryCount: 1 });
    await client.listJobs();
    sim.inject({ expireTokens: true });
    await client.listRepositories();
    sim.inject({ failNext: { status: 503, count: 1 } });
    await client.serverInfo();
    const job = sim.state.findJob('Physical Server Backup')!;
    const messages: string[] = [];
    await client.startJob(job.id).catch((e: Error) => messages.push(e.message));
    sim.state.clock.advance(1000);
    await client.close();
    const bad = await clientFor(sim, flavor, { logger: log.logger, password: 'Wr0ng-Secret-Pass' });
    await bad.listJobs().catch((e: Error) => messages.push(e.message, JSON.stringify(e)));

    // The passwords, the Basic header value, and every token and EM session id the simulator issued.
    const secrets = [sim.credentials.password, 'Wr0ng-Secret-Pass', Buffer.from(`${sim.credentials.username}:${sim.credentials.password}`).toString('base64'), ...sim.state.issuedSecrets];
    expect(sim.state.issuedSecrets.length).toBeGreaterThan(flavor === 'vbr' ? 2 : 1);
    expect(log.lines.length).toBeGreaterThan(3);
    const text = [...log.lines, ...messages].join('\n');
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toMatch(/Bearer\s+\S{10,}/);
    expect(text).not.toMatch(/"(access_token|refresh_token|x-restsvcsessionid|authorization)"\s*:\s*"(?!\[REDACTED\])/i);
  });
});

const specTest = hasSpecs ? test : test.skip;
if (!hasSpecs) console.log(`skipped: no Veeam OpenAPI specs (looked in ${SPEC_DIR})`);

describe('simulator responses validate against Veeam\'s OpenAPI specs', () => {
  specTest('the validator rejects what the spec forbids (so a pass means something)', () => {
    const v13 = createOpenApiValidator(specFileFor(SPEC_DIR, '1.3-rev1'), '1.3-rev1');
    const v12 = createOpenApiValidator(specFileFor(SPEC_DIR, '1.2-rev1'), '1.2-rev1');
    const job = { id: '1f0c6a52-3b7e-4d1a-9c55-0a8e2b1d7f10', name: 'A', type: 'Backup', description: '', status: 'running', lastResult: 'None', workload: 'vm', objectsCount: 1 };
    const body = { data: [job], pagination: { total: 1, count: 1 } };
    expect(v12.validateResponse('GET', '/api/v1/jobs/states', 200, body)).toEqual([]);
    expect(v13.validateResponse('GET', '/api/v1/jobs/states', 200, body).length).toBeGreaterThan(0); // lower-case enums, missing 1.3 fields
    expect(v12.validateResponse('GET', '/api/v1/jobs/states', 200, { data: [{ ...job, lastRun: 'yesterday' }], pagination: { total: 1, count: 1 } }).length).toBeGreaterThan(0);
    expect(v12.hasOperation('POST', '/api/v1/jobs/{id}/retry')).toBe(false);
    expect(v13.hasOperation('POST', '/api/v1/jobs/{id}/retry')).toBe(true);
    const task = { id: job.id, type: 'Backup', sessionId: job.id, sessionType: 'BackupJob', creationTime: '2025-03-11T01:00:04.5120000+09:00', name: 'vm1', state: 'Stopped', usn: 1 };
    expect(v13.validateSchema('TaskSessionModel', task)).toEqual([]);
    expect(v13.validateSchema('TaskSessionModel', { ...task, state: 'Finished' }).length).toBeGreaterThan(0);
  });

  specTest.each(['1.2-rev1', '1.3-rev1'] as const)('every answer at %s conforms, through a full job run', async (rev) => {
    const own = await startSim({ specDir: SPEC_DIR, scenario: { vbrRevision: rev, jobs: 25, historyPerJob: 2, failureRate: 0.3, warningRate: 0.3 } });
    try {
      const client = await clientFor(own, 'vbr');
      await client.serverInfo();
      const jobs = await client.listJobs();
      const s = await client.startJob(jobs[0].id);
      own.state.clock.advance(10);
      await client.listJobs(); // a running job, with 1.3's sessionProgress
      await client.getSessionDetails(s.id);
      own.state.clock.advance(1000);
      await client.getSessionDetails(s.id);
      await client.listEndedSessions({ endedAfter: new Date(0), limit: 50 });
      await client.listRepositories();
      await client.stopJob(jobs[0].id).catch(() => undefined); // 400 Error body, also documented
      await client.close();
      expect(own.requests.filter((r) => r.flavor === 'vbr').length).toBeGreaterThan(8);
      expect(own.violations).toEqual([]);
    } finally {
      await own.close();
    }
  });

  specTest('the specs are read from ../shared, never copied into the repo', () => {
    expect(fs.existsSync(`${__dirname}/../../veeam/simulator/vbr_rest_1.3-rev1.json`)).toBe(false);
  });
});
