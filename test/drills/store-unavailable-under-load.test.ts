/**
 * Drill: under sustained webhook load, another connection takes an EXCLUSIVE lock on history.sqlite for a while.
 * The webhook answers 503 with Retry-After (never 200 for an event it could not store, never 500, no crash),
 * and recovers by itself once the lock goes; every 200 is stored.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { SQLITE_FILE_NAME } from '../../store/sqlite/open-sqlite-store';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ STORE_BUSY_TIMEOUT_MS: '50' });
});
afterAll(() => app.dispose());

type Phase = 'before' | 'locked' | 'after';

test('503 while the store is locked, 200 again after, nothing acknowledged is missing', async () => {
  let phase: Phase = 'before';
  let stop = false;
  const answers: Array<{ phase: Phase; status: number; sessionId: string; id?: string }> = [];
  const sender = async () => {
    while (!stop) {
      const event = makeJobEvent({ status: 'Success' });
      const sentIn = phase;
      const a = await postJobComplete(app.url, event);
      answers.push({ phase: sentIn === phase ? phase : 'locked', status: a.status, sessionId: event.sessionId as string, id: a.body.id as string | undefined });
      if (a.status === 503) expect(a.headers.get('retry-after')).toBe('30');
    }
  };
  const senders = Array.from({ length: 8 }, sender);
  const waitFor = async (cond: () => boolean) => {
    while (!cond()) await new Promise((r) => setTimeout(r, 10));
  };

  await waitFor(() => answers.filter((a) => a.status === 200).length >= 100);
  const locker = new Database(path.join(app.dataDir, SQLITE_FILE_NAME));
  locker.exec('BEGIN EXCLUSIVE');
  phase = 'locked';
  const lockedFrom = answers.length;
  await new Promise((r) => setTimeout(r, 1500));
  locker.exec('ROLLBACK');
  locker.close();
  const lockedUntil = answers.length;
  phase = 'after';
  await waitFor(() => answers.slice(lockedUntil).filter((a) => a.status === 200).length >= 100);
  stop = true;
  await Promise.all(senders);

  const during = answers.slice(lockedFrom, lockedUntil);
  expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);
  // Only 200 (stored before the lock took hold) or 503 — never a 500, never anything else.
  expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 503]));
  expect(answers.slice(-50).every((a) => a.status === 200)).toBe(true);
  // Readiness recovered too.
  expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
  for (const a of answers) {
    const run = await app.store.history.getByRunKey(`session:${a.sessionId}`);
    if (a.status === 200) expect(run?.id).toBe(a.id);
    else expect(run).toBeUndefined();
  }
  expect(app.log.entries().some((e) => e.msg === 'job-complete event not stored')).toBe(true);
}, 60_000);
