/** Alerts without scripts (the session poller) and events completed from the Veeam API, through the real server. */
import { startApp, type RunningApp } from '../../app';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { captureLogger } from '../helpers/capture-logger';
import { postJobComplete } from '../helpers/http';
import { testConfig } from '../helpers/start-test-app';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { TEAM_A, alertPosts, cardOf, cardText, eventually, installInTeam, sleep } from './alert-test-kit';
import { FakeVeeam, makeSession } from './fake-veeam';

let app: RunningApp;
let connector: ConnectorStandIn;
let veeam: FakeVeeam;
let dir: string;

beforeEach(async () => {
  dir = makeTempDir();
  connector = await startConnectorStandIn();
  veeam = new FakeVeeam();
  const config = testConfig(
    {
      VEEAM_ENABLED: 'true', VEEAM_API_URL: 'https://vbr.example.local:9419', VEEAM_USERNAME: 'svc', VEEAM_PASSWORD: 'pw-not-used',
      VEEAM_POLL_SESSIONS: 'true', VEEAM_POLLING_INTERVAL: '1', ALERT_POLL_INTERVAL_MS: '50',
    },
    dir,
  );
  app = await startApp(config, { logger: captureLogger().logger, veeam });
  await installInTeam(app.url, connector, TEAM_A);
  connector.reset();
});
afterEach(async () => {
  await app.close();
  await connector.close();
  removeDir(dir);
});

test('the poller and the webhook reporting the same session → one record, one card', async () => {
  const session = makeSession({ id: '11111111-2222-4333-8444-555555555555', jobName: 'SQL Nightly' });
  // The script reports it first...
  const res = await postJobComplete(app.url, { jobId: session.jobId, jobName: 'SQL Nightly', status: 'Failed', sessionId: session.id.toUpperCase(), timestamp: new Date().toISOString() });
  expect(res.status).toBe(200);
  // ...then Veeam lists it as ended and the poller reads it.
  veeam.put(session);
  await app.alerts.poller!.pollOnce();
  expect(veeam.calls).toContain(`getSessionDetails:${session.id}`);
  await connector.waitFor(() => alertPosts(connector).length >= 1);
  await app.alerts.poller!.pollOnce();
  await sleep(300);
  expect(alertPosts(connector)).toHaveLength(1);
  const page = await app.store.history.list({ job: 'SQL Nightly' });
  expect(page.items).toHaveLength(1);
  expect(page.items[0].runKey).toBe(`session:${session.id}`);
});

test('a session seen only by the poller (no script) alerts, and the checkpoint is stored', async () => {
  veeam.put(makeSession({ id: '22222222-2222-4333-8444-555555555555', jobName: 'File Server', message: 'Disk full' }));
  expect(await app.alerts.poller!.pollOnce()).toBe(1);
  const [post] = await connector.waitFor(() => alertPosts(connector).length === 1).then(() => alertPosts(connector));
  expect(cardText(cardOf(post))).toContain('File Server');
  expect((await app.store.history.getByRunKey('session:22222222-2222-4333-8444-555555555555'))?.source).toBe('poller');
  expect(await app.store.leases.getCheckpoint('session-poller.endedAfter')).toBeDefined();
  // Another instance cannot poll while this one holds the lease.
  expect(await app.store.leases.tryAcquire('session-poller', 'another-instance', 1000, new Date())).toBe(false);
});

test('a minimal event (jobId + sessionId only) is completed from Veeam before it alerts; until then it is in progress', async () => {
  const running = makeSession({ id: '33333333-2222-4333-8444-555555555555', jobName: 'Exchange DAG', state: 'Working', result: 'None', finished: false, endTime: undefined });
  veeam.put(running);
  await postJobComplete(app.url, { jobId: running.jobId, sessionId: running.id });
  await sleep(300);
  expect(alertPosts(connector)).toHaveLength(0);
  expect(await app.store.history.getByRunKey(`session:${running.id}`)).toMatchObject({ finished: false, result: 'None', alertPending: true });
  // The session ends (the poller is kept out of it: it would see the ended session too, which is fine, but not the point here).
  await app.store.leases.tryAcquire('session-poller', 'someone-else', 60_000, new Date());
  veeam.put({ ...running, state: 'Stopped', result: 'Failed', finished: true, endTime: new Date(), message: 'Job stopped: license expired' });
  await app.alerts.completer!.checkAll();
  const [post] = await connector.waitFor(() => alertPosts(connector).length === 1).then(() => alertPosts(connector));
  const text = cardText(cardOf(post));
  expect(text).toContain('Exchange DAG');
  expect(text).toContain('license expired');
  await eventually(async () =>
    expect(await app.store.history.getByRunKey(`session:${running.id}`)).toMatchObject({ finished: true, result: 'Failed', jobName: 'Exchange DAG', alertPending: false }),
  );
});

test('an event for a session Veeam does not know stays in progress, is not watched forever and never alerts', async () => {
  const unknown = '44444444-2222-4333-8444-555555555555';
  await postJobComplete(app.url, { jobId: 'job-x', sessionId: unknown });
  await app.alerts.completer!.checkAll();
  expect(app.alerts.completer!.size).toBe(0);
  expect(await app.store.history.getByRunKey(`session:${unknown}`)).toMatchObject({ finished: false, result: 'None', alertPending: false });
  expect(alertPosts(connector)).toHaveLength(0);
});
