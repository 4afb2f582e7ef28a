/** Hostile or careless webhook bodies found by QA: each is a 400 naming the field, never a 500, and stores nothing. */
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.dispose();
});

async function storedCount(): Promise<number> {
  const counts = await app.store.history.countByResult({});
  return counts.Success + counts.Warning + counts.Failed + counts.None;
}

test.each([
  ['arrays', '['.repeat(20000) + ']'.repeat(20000)],
  ['objects', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
])('an extra field nested thousands of %s deep is a 400 naming it (was a 500 from the store)', async (_kind, deep) => {
  const before = await storedCount();
  const raw = JSON.stringify(makeJobEvent()).replace(/}$/, `,"payload":${deep}}`);
  const answer = await postJobComplete(app.url, null, { raw });
  expect(answer.status).toBe(400);
  expect(answer.body.details).toEqual([{ field: 'payload', problem: expect.stringContaining('levels deep') }]);
  expect(await storedCount()).toBe(before);
});

test('ordinary nesting (objects with their fields, a nested extra) is still accepted', async () => {
  const answer = await postJobComplete(app.url, makeJobEvent({ objects: [{ name: 'vm1', status: 'Failed' }], meta: { a: [{ b: [1] }] } }));
  expect(answer.status).toBe(200);
});

test.each([
  ['/Date(99999999999999999999)/', 'an impossible PowerShell date (was a 500: Invalid time value)'],
  ['/Date(-1)/', 'a PowerShell date in 1969 (the ISO form already refused years before 2000)'],
  ['2024-02-30T10:00:00Z', 'February 30th (was silently stored as March 1st)'],
  ['2023-02-29T10:00:00Z', 'February 29th of a non-leap year'],
  ['2024-04-31T10:00:00+09:00', 'April 31st'],
  ['2024-13-01T10:00:00Z', 'month 13'],
])('timestamp %s — %s — is a 400 naming timestamp, nothing stored', async (timestamp) => {
  const before = await storedCount();
  const answer = await postJobComplete(app.url, makeJobEvent({ sessionId: undefined, timestamp }));
  expect(answer.status).toBe(400);
  expect(answer.body.details).toEqual([{ field: 'timestamp', problem: expect.any(String) }]);
  expect(await storedCount()).toBe(before);
});

test('real dates at the edges of months are still accepted', async () => {
  for (const timestamp of ['2024-02-29T23:59:59Z', '2025-12-31T23:59:59-05:00', '/Date(1705314600000)/']) {
    const answer = await postJobComplete(app.url, makeJobEvent({ sessionId: undefined, timestamp }));
    expect({ timestamp, status: answer.status }).toEqual({ timestamp, status: 200 });
  }
});

test('a timestamp with a time but no zone is refused (it would be read in the bot server zone)', async () => {
  const app = await startTestApp();
  try {
    const answer = await postJobComplete(app.url, makeJobEvent({ timestamp: '2024-01-15T10:30:00', sessionId: undefined }));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'timestamp', problem: expect.stringMatching(/Z or an offset/) }]);
    const ok = await postJobComplete(app.url, makeJobEvent({ timestamp: '2024-01-15T10:30:00+09:00', sessionId: undefined }));
    expect(ok.status).toBe(200);
  } finally {
    await app.dispose();
  }
});
