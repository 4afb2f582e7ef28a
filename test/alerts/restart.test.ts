/** Pending sends and owed decisions survive a crash: the bot runs as a real process and is killed with SIGKILL. */
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { startBotProcess } from '../helpers/bot-process';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { TEST_WEBHOOK_SECRET, startTestApp } from '../helpers/start-test-app';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { TEAM_A, alertPosts, eventually, installInTeam, sleep } from './alert-test-kit';

let connector: ConnectorStandIn;
let dir: string;

beforeEach(async () => {
  connector = await startConnectorStandIn();
  dir = makeTempDir();
});
afterEach(async () => {
  await connector.close();
  removeDir(dir);
});

test('kill -9 with a send pending → delivered after restart, exactly once', async () => {
  const env = { DATA_DIR: dir, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, ALERT_POLL_INTERVAL_MS: '50', ALERT_RETRY_BASE_MS: '1500' };
  const first = await startBotProcess(env);
  try {
    await installInTeam(first.url, connector, TEAM_A);
    connector.failAlways({ status: 500, kind: 'createConversation' });
    const event = makeJobEvent({ jobName: 'Nightly Crash Test' });
    expect((await postJobComplete(first.url, event)).status).toBe(200);
    // Wait until the worker has given the entry back for a later retry, then kill the process without warning.
    await eventually(() => expect(first.lines.some((l) => l.includes('alert send failed; will retry'))).toBe(true), 20_000);
  } finally {
    await first.kill9();
  }
  expect(alertPosts(connector)).toHaveLength(0);
  connector.failAlways(undefined);

  const second = await startBotProcess(env);
  try {
    await connector.waitFor(() => alertPosts(connector).length === 1, 15_000);
    await sleep(1000);
    expect(alertPosts(connector, TEAM_A.channelId)).toHaveLength(1);
    expect(second.lines.some((l) => l.includes('alert delivered to Teams'))).toBe(true);
  } finally {
    await second.stop();
  }
}, 60_000);

test('a run stored but not yet decided when the process died is decided at start-up (nothing lost, nothing doubled)', async () => {
  const app = await startTestApp({ DATA_DIR: dir, ALERT_POLL_INTERVAL_MS: '50' }, { keepData: true });
  await installInTeam(app.url, connector, TEAM_A);
  await app.close();
  connector.reset();
  // The crash window: the run is durably stored (marked alertPending) but no outbox entry was written.
  const store = openSqliteStore({ dataDir: dir });
  await store.history.insert({
    runKey: 'session:44444444-2222-4333-8444-555555555555', source: 'webhook', jobId: 'job-x', jobName: 'Owed Decision', result: 'Failed',
    finished: true, endTime: new Date(), objects: [], receivedAt: new Date(), alertPending: true,
  });
  await store.close();

  const restarted = await startTestApp({ DATA_DIR: dir, ALERT_POLL_INTERVAL_MS: '50' });
  try {
    await connector.waitFor(() => alertPosts(connector).length === 1);
    expect((await restarted.store.history.getByRunKey('session:44444444-2222-4333-8444-555555555555'))?.alertPending).toBe(false);
    await restarted.alerts.rescanPending();
    await sleep(300);
    expect(alertPosts(connector)).toHaveLength(1);
  } finally {
    await restarted.dispose();
  }
});

test('while running, a decision still owed (a listener failed on a transient error) is made by the periodic re-scan; a fresh one is left to its listener', async () => {
  const app = await startTestApp({ DATA_DIR: dir, ALERT_POLL_INTERVAL_MS: '50' });
  try {
    await installInTeam(app.url, connector, TEAM_A);
    connector.reset();
    const owed = (runKey: string, ageMs: number) =>
      app.store.history.insert({
        runKey, source: 'webhook', jobId: 'job-y', jobName: `Owed ${runKey.slice(-4)}`, result: 'Failed',
        finished: true, endTime: new Date(), objects: [], receivedAt: new Date(Date.now() - ageMs), alertPending: true,
      });
    await owed('session:55555555-2222-4333-8444-555555550001', 120_000);
    await owed('session:55555555-2222-4333-8444-555555550002', 1_000);
    expect(await app.alerts.rescanPending({ windowMs: 6 * 3600_000, minAgeMs: 30_000 })).toBe(1);
    await connector.waitFor(() => alertPosts(connector).length === 1);
    await sleep(300);
    expect(alertPosts(connector)).toHaveLength(1);
    expect((await app.store.history.getByRunKey('session:55555555-2222-4333-8444-555555550002'))?.alertPending).toBe(true);
  } finally {
    await app.close();
  }
});
