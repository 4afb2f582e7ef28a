/** Drill: kill -9 of the bot process while 1,000 webhook events are being posted; every acknowledged one survives. */
import { startBotProcess } from '../helpers/bot-process';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { TEST_WEBHOOK_SECRET } from '../helpers/start-test-app';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store';

let dataDir: string;
beforeEach(() => (dataDir = makeTempDir()));
afterEach(() => removeDir(dataDir));

test('every event answered 200 before kill -9 is in history after a restart', async () => {
  const bot = await startBotProcess({ DATA_DIR: dataDir, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
  const events = Array.from({ length: 1000 }, (_, i) => makeJobEvent({ jobName: `夜間バックアップ ${i % 25}`, status: i % 9 ? 'Success' : 'Failed' }));
  const acknowledged = new Map<string, string>(); // sessionId → stored id
  let next = 0;
  let killing: Promise<void> | undefined;
  const sender = async () => {
    while (next < events.length) {
      const event = events[next++];
      try {
        const answer = await postJobComplete(bot.url, event);
        if (answer.status === 200) acknowledged.set(event.sessionId as string, answer.body.id as string);
      } catch {
        /* refused or reset after the kill: never acknowledged */
      }
      // Kill in the middle of the run, with the other senders' requests in flight.
      if (acknowledged.size === 400) killing ??= bot.kill9();
    }
  };
  await Promise.all(Array.from({ length: 16 }, sender));
  await killing;
  expect(killing).toBeDefined();
  expect(acknowledged.size).toBeGreaterThanOrEqual(400);
  expect(acknowledged.size).toBeLessThan(1000);

  // Restart on the same data: the process opens the store (recovering the WAL) and serves again.
  const again = await startBotProcess({ DATA_DIR: dataDir, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
  await again.stop();
  const store = openSqliteStore({ dataDir });
  try {
    for (const [sessionId, id] of acknowledged) {
      const run = await store.history.getByRunKey(`session:${sessionId}`);
      expect(run?.id).toBe(id);
    }
  } finally {
    await store.close();
  }
}, 60_000);
