/** The bot as a real process: acknowledged events survive a restart, a kill -9 right after the 200, and SIGTERM. */
import { startBotProcess } from '../helpers/bot-process';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { TEST_WEBHOOK_SECRET } from '../helpers/start-test-app';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store';

let dataDir: string;
const env = () => ({ DATA_DIR: dataDir, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });

beforeEach(() => {
  dataDir = makeTempDir();
});
afterEach(() => removeDir(dataDir));

async function storedIds(): Promise<Set<string>> {
  const store = openSqliteStore({ dataDir });
  try {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await store.history.list({ limit: 200, cursor });
      page.items.forEach((r) => ids.add(r.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  } finally {
    await store.close();
  }
}

test('data survives a restart, and a repeat after the restart is still a duplicate', async () => {
  const event = makeJobEvent({ jobName: '日次バックアップ' });
  const first = await startBotProcess(env());
  const answer = await postJobComplete(first.url, event);
  expect(answer.status).toBe(200);
  expect(await first.stop()).toBe(0);

  const second = await startBotProcess(env());
  try {
    const again = await postJobComplete(second.url, event);
    expect(again.body).toEqual({ success: true, id: answer.body.id, duplicate: true });
  } finally {
    await second.stop();
  }
  expect(await storedIds()).toEqual(new Set([answer.body.id]));
});

test('events acknowledged just before kill -9 are there after restart', async () => {
  const bot = await startBotProcess(env());
  const acknowledged: string[] = [];
  // Keep posting; kill the process the moment the 20th acknowledgement arrives, with more requests in flight.
  let killed = false;
  const senders = Array.from({ length: 4 }, async () => {
    while (!killed) {
      try {
        const a = await postJobComplete(bot.url, makeJobEvent());
        if (a.status === 200) acknowledged.push(a.body.id as string);
        if (acknowledged.length >= 20 && !killed) {
          killed = true;
          await bot.kill9();
        }
      } catch {
        // connection refused/reset after the kill: that request was never acknowledged
        return;
      }
    }
  });
  await Promise.all(senders);
  expect(acknowledged.length).toBeGreaterThanOrEqual(20);
  const stored = await storedIds();
  for (const id of acknowledged) expect(stored.has(id)).toBe(true);
});

test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
  const bot = await startBotProcess(env());
  const inFlight = postJobComplete(bot.url, makeJobEvent());
  await new Promise((r) => setTimeout(r, 5));
  const exit = bot.stop();
  const answer = await inFlight;
  expect(answer.status).toBe(200);
  expect(await exit).toBe(0);
  expect(bot.lines.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  expect((await storedIds()).has(answer.body.id as string)).toBe(true);
});
