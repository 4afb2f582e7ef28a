/** The job-complete webhook through the real restify server and the real embedded store. */
import Database from 'better-sqlite3';
import path from 'node:path';
import { SQLITE_FILE_NAME } from '../../store/sqlite/open-sqlite-store';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent, SEED_SAMPLE_EVENT } from '../helpers/make-job-event';
import { startTestApp, TEST_WEBHOOK_SECRET, type TestApp } from '../helpers/start-test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ STORE_BUSY_TIMEOUT_MS: '100' });
});
afterAll(async () => {
  await app.dispose();
});

async function storedCount(): Promise<number> {
  const counts = await app.store.history.countByResult({});
  return counts.Success + counts.Warning + counts.Failed + counts.None;
}

test("the seed guide's sample body is stored and can be read back", async () => {
  const answer = await postJobComplete(app.url, SEED_SAMPLE_EVENT);
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ success: true, id: expect.any(String), duplicate: false });
  const run = await app.store.history.get(answer.body.id as string);
  expect(run).toMatchObject({
    jobName: 'Test Backup Job',
    jobId: 'test-job-id',
    result: 'Success',
    finished: true,
    backupSizeBytes: 1024000,
    durationSec: 1800,
    endTime: new Date('2024-01-15T10:30:00Z'),
    source: 'webhook',
  });
  const page = await app.store.history.list({ job: 'test backup job' });
  expect(page.items.map((r) => r.id)).toContain(answer.body.id);
});

test.each(['jobName', 'jobId', 'status'])('a body without %s is refused with 400 naming it, and nothing is stored', async (field) => {
  const before = await storedCount();
  const body: Record<string, unknown> = { ...SEED_SAMPLE_EVENT, timestamp: new Date().toISOString() };
  delete body[field];
  const answer = await postJobComplete(app.url, body);
  expect(answer.status).toBe(400);
  expect(answer.body.error).toEqual(expect.any(String));
  expect(answer.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, problem: expect.any(String) })]));
  expect(await storedCount()).toBe(before);
});

test('every bad field is named at once', async () => {
  const answer = await postJobComplete(app.url, { jobId: '', status: 'Exploded', backupSize: 'lots', duration: 'forever', timestamp: 'yesterday' });
  expect(answer.status).toBe(400);
  const fields = (answer.body.details as Array<{ field: string }>).map((d) => d.field).sort();
  expect(fields).toEqual(['backupSize', 'duration', 'jobId', 'jobName', 'status', 'timestamp']);
  const empty = await postJobComplete(app.url, {});
  expect((empty.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['jobId', 'jobName', 'status', 'timestamp']);
});

test.each([
  ['no secret', null, {}],
  ['a wrong bearer secret', 'wrong-secret-wrong-secret', {}],
  ['a wrong X-Webhook-Secret', null, { 'x-webhook-secret': 'nope' }],
])('%s gives 401 without detail and stores nothing', async (_name, secret, headers) => {
  const before = await storedCount();
  const answer = await postJobComplete(app.url, makeJobEvent(), { secret, headers });
  expect(answer.status).toBe(401);
  expect(answer.body).toEqual({ error: 'Unauthorized' });
  expect(await storedCount()).toBe(before);
});

test('the secret is also accepted in X-Webhook-Secret', async () => {
  const answer = await postJobComplete(app.url, makeJobEvent(), { secret: null, headers: { 'x-webhook-secret': TEST_WEBHOOK_SECRET } });
  expect(answer.status).toBe(200);
});

test('a repeat of the same run is stored once and answered as a duplicate', async () => {
  const event = makeJobEvent();
  const first = await postJobComplete(app.url, event);
  const second = await postJobComplete(app.url, { ...event, status: 'failed' });
  expect(first.body).toMatchObject({ success: true, duplicate: false });
  expect(second.status).toBe(200);
  expect(second.body).toEqual({ success: true, id: first.body.id, duplicate: true });
  const page = await app.store.history.list({ job: event.jobId as string, limit: 200 });
  expect(page.items.filter((r) => r.sessionId === event.sessionId)).toHaveLength(1);
});

test('two identical POSTs at the same moment store one run', async () => {
  const event = makeJobEvent({ sessionId: undefined, jobId: 'concurrent-job', timestamp: '2025-03-11T01:42:37.908+01:00' });
  const answers = await Promise.all(Array.from({ length: 8 }, () => postJobComplete(app.url, event)));
  expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
  expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
  const page = await app.store.history.list({ job: 'concurrent-job' });
  expect(page.items).toHaveLength(1);
  expect(page.items[0].endTime.toISOString()).toBe('2025-03-11T00:42:37.908Z');
});

test('a Japanese job name round-trips byte for byte', async () => {
  const jobName = '本社ファイルサーバー　バックアップ（日次）"引用" \\ 🗄️';
  const answer = await postJobComplete(app.url, makeJobEvent({ jobName }));
  expect(answer.status).toBe(200);
  const run = await app.store.history.get(answer.body.id as string);
  expect(Buffer.from(run!.jobName, 'utf8').equals(Buffer.from(jobName, 'utf8'))).toBe(true);
});

test('result None is stored as in progress, never as a failure', async () => {
  const answer = await postJobComplete(app.url, makeJobEvent({ status: 'none' }));
  const run = await app.store.history.get(answer.body.id as string);
  expect(run).toMatchObject({ result: 'None', finished: false });
});

test('a minimal event (jobId + sessionId) is accepted for completion from Veeam', async () => {
  const sessionId = 'C2E41B07-95AA-4F0E-B3D8-61F7A0C95E2D';
  const answer = await postJobComplete(app.url, { jobId: '1f0c6a52-3b7e-4d1a-9c55-0a8e2b1d7f10', sessionId });
  expect(answer.status).toBe(200);
  const run = await app.store.history.get(answer.body.id as string);
  expect(run).toMatchObject({ sessionId: sessionId.toLowerCase(), result: 'None', finished: false, runKey: `session:${sessionId.toLowerCase()}` });
});

test('unknown extra fields are kept, and richer fields are read', async () => {
  const answer = await postJobComplete(
    app.url,
    makeJobEvent({
      DedupRatio: 1.7,
      objects: [{ name: 'SQL-NODE-02', status: 'FAILED', message: 'snapshot failed' }, { name: 'web01', status: 'Success' }],
      processedSize: '2048',
      startTime: '2025-03-11T01:00:04.512+01:00',
      endTime: '2025-03-11T01:42:37.908+01:00',
      duration: undefined,
    }),
  );
  const run = await app.store.history.get(answer.body.id as string);
  expect(run?.extra).toEqual({ DedupRatio: 1.7 });
  expect(run?.objects).toEqual([{ name: 'SQL-NODE-02', status: 'Failed', message: 'snapshot failed' }, { name: 'web01', status: 'Success' }]);
  expect(run?.durationSec).toBe(2553);
  expect(run?.processedSizeBytes).toBe(2048);
});

test('Windows PowerShell 5.1 dates ("/Date(ms)/") and hh:mm:ss durations are understood', async () => {
  const answer = await postJobComplete(app.url, makeJobEvent({ timestamp: '/Date(1705314600000)/', duration: '1.02:03:04', sessionId: undefined }));
  const run = await app.store.history.get(answer.body.id as string);
  expect(run?.endTime.toISOString()).toBe('2024-01-15T10:30:00.000Z');
  expect(run?.durationSec).toBe(86400 + 2 * 3600 + 3 * 60 + 4);
});

test('a body that is not JSON gives 400; another content type gives 415; a huge body gives 413', async () => {
  const before = await storedCount();
  expect((await postJobComplete(app.url, null, { raw: '{"jobName": "x",' })).status).toBe(400);
  expect((await postJobComplete(app.url, null, { raw: 'jobName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
  const huge = JSON.stringify(makeJobEvent({ errorMessage: 'x'.repeat(300 * 1024) }));
  expect((await postJobComplete(app.url, null, { raw: huge })).status).toBe(413);
  expect((await postJobComplete(app.url, null, { raw: '[1,2]' })).status).toBe(400);
  expect((await postJobComplete(app.url, null, { raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) })).status).toBe(400);
  const dup = await postJobComplete(app.url, null, { raw: '{"jobName":"a","jobId":"b","status":"Success","status":"Failed","timestamp":"2024-01-15T10:30:00Z"}' });
  expect(dup.status).toBe(400);
  expect(dup.body.details).toEqual([{ field: 'status', problem: 'appears more than once' }]);
  expect(await storedCount()).toBe(before);
});

test('when the store cannot be written the webhook answers 503, stores nothing, and recovers by itself', async () => {
  const locker = new Database(path.join(app.dataDir, SQLITE_FILE_NAME));
  locker.pragma('busy_timeout = 0');
  locker.exec('BEGIN EXCLUSIVE');
  try {
    const event = makeJobEvent();
    const answer = await postJobComplete(app.url, event);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect((await fetch(`${app.url}/readyz`)).status).toBe(503);
    locker.exec('ROLLBACK');
    const retry = await postJobComplete(app.url, event);
    expect(retry.body).toMatchObject({ success: true, duplicate: false });
    expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  } finally {
    if (locker.inTransaction) locker.exec('ROLLBACK');
    locker.close();
  }
});

test('healthz answers 200', async () => {
  const res = await fetch(`${app.url}/healthz`);
  expect(res.status).toBe(200);
});

test('the secret never appears in a log line', async () => {
  await postJobComplete(app.url, makeJobEvent(), { secret: 'a-guess-that-is-wrong' });
  await postJobComplete(app.url, makeJobEvent());
  expect(app.log.lines.length).toBeGreaterThan(5);
  for (const line of app.log.lines) expect(line).not.toContain(TEST_WEBHOOK_SECRET);
  const requestLines = app.log.entries().filter((e) => e.msg === 'request');
  expect(requestLines[0]).toEqual(expect.objectContaining({ method: 'POST', path: '/api/veeam/job-complete', status: expect.any(Number), durationMs: expect.any(Number) }));
});

describe('with WEBHOOK_ALLOWED_IPS', () => {
  test('a source outside the list gets 403, one inside is accepted', async () => {
    const outside = await startTestApp({ WEBHOOK_ALLOWED_IPS: '10.0.0.0/8, 192.168.1.100' });
    const inside = await startTestApp({ WEBHOOK_ALLOWED_IPS: '10.0.0.0/8,127.0.0.1' });
    try {
      expect((await postJobComplete(outside.url, makeJobEvent())).status).toBe(403);
      expect((await postJobComplete(inside.url, makeJobEvent())).status).toBe(200);
    } finally {
      await outside.dispose();
      await inside.dispose();
    }
  });
});
