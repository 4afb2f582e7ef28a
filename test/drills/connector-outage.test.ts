/**
 * Drill: the Bot Connector fails for a while — 500s, slow answers that end in 500, then 429 with Retry-After —
 * and recovers. Every alert raised meanwhile is delivered once it does, exactly once each.
 */
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { TEAM_A, alertPosts, cardOf, cardText, eventually, installInTeam, sleep } from '../alerts/alert-test-kit';

let app: TestApp;
let connector: ConnectorStandIn;
afterEach(async () => {
  await app?.dispose();
  await connector?.close();
});

test('alerts raised during a Bot Connector outage are delivered after it, once each', async () => {
  connector = await startConnectorStandIn();
  app = await startTestApp({ ALERT_POLL_INTERVAL_MS: '50', ALERT_RETRY_BASE_MS: '100' });
  await installInTeam(app.url, connector, TEAM_A);
  await sleep(300);
  connector.reset();

  const jobs = ['経理システム バックアップ', 'SQL Server 日次バックアップ', 'Exchange Backup Job 7'];
  const events = jobs.map((jobName, i) => makeJobEvent({ jobName, jobId: `drill-job-${i}`, errorMessage: `Error: drill failure ${i}` }));

  // Each phase lasts until the bot has met it at least once (its backoff decides when it tries again).
  const phase = async (failure: Parameters<ConnectorStandIn['failAlways']>[0], seen: (c: { status: number; at: number }) => boolean) => {
    const from = Date.now();
    connector.failAlways(failure);
    await connector.waitFor((calls) => calls.some((c) => c.at >= from && seen(c)), 15_000);
  };
  connector.failAlways({ status: 500 });
  for (const e of events.slice(0, 2)) expect((await postJobComplete(app.url, e)).status).toBe(200);
  await phase({ status: 500 }, (c) => c.status === 500);
  expect((await postJobComplete(app.url, events[2])).status).toBe(200);
  await phase({ status: 500, delayMs: 1500 }, (c) => c.status === 500); // slow, then failing
  await phase({ status: 429, retryAfter: 1 }, (c) => c.status === 429);
  expect(alertPosts(connector)).toHaveLength(0);

  connector.failAlways(undefined);
  await eventually(() => expect(alertPosts(connector)).toHaveLength(3), 20_000, 100);
  await sleep(1500); // anything duplicated would show up by now
  const posts = alertPosts(connector);
  expect(posts).toHaveLength(3);
  const texts = posts.map((p) => cardText(cardOf(p)));
  for (const [i, job] of jobs.entries()) expect(texts.filter((t) => t.includes(job) && t.includes(`drill failure ${i}`))).toHaveLength(1);
  for (const e of events) {
    const run = await app.store.history.getByRunKey(`session:${e.sessionId as string}`);
    expect(await app.store.outbox.getByKey(`alert:${run!.id}:${TEAM_A.channelId}`)).toMatchObject({ status: 'sent' });
  }
}, 60_000);
