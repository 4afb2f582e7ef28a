/** Delivery through the real server to the Bot Connector stand-in, when Teams throttles, fails, refuses or storms. */
import { cardActionInvoke, postActivity } from '../../local-teams/activity-builder';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { assertValidCard } from '../helpers/assert-valid-card';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { TEAM_A, alertPosts, cardOf, cardText, eventually, inTeam, installInTeam, sendInChannel, sleep } from './alert-test-kit';

let app: TestApp;
let connector: ConnectorStandIn;

async function start(env: Record<string, string> = {}) {
  connector = await startConnectorStandIn();
  app = await startTestApp({ ALERT_POLL_INTERVAL_MS: '50', ALERT_RETRY_BASE_MS: '100', ...env });
  await installInTeam(app.url, connector, TEAM_A);
  connector.reset();
}
afterEach(async () => {
  await app?.dispose();
  await connector?.close();
});

const entryFor = async (sessionId: string) => {
  const run = await app.store.history.getByRunKey(`session:${sessionId}`);
  return app.store.outbox.getByKey(`alert:${run!.id}:${TEAM_A.channelId}`);
};

test('429 with Retry-After (more than the SDK retries), then 500, then 200 → one card, delivered after the wait', async () => {
  await start();
  // botbuilder's own HTTP pipeline retries up to 3 times inside one call; the 4th 429 reaches the outbox worker.
  connector.failNext(
    { status: 429, retryAfter: 1, kind: 'createConversation' },
    { status: 429, retryAfter: 1, kind: 'createConversation' },
    { status: 429, retryAfter: 1, kind: 'createConversation' },
    { status: 429, retryAfter: 1, kind: 'createConversation' },
    { status: 500, kind: 'createConversation' },
  );
  const event = makeJobEvent();
  const posted = Date.now();
  await postJobComplete(app.url, event);
  await connector.waitFor(() => alertPosts(connector).length === 1, 20_000);
  await sleep(300);
  const calls = connector.calls.filter((c) => c.kind === 'createConversation');
  expect(calls.map((c) => c.status)).toEqual([429, 429, 429, 429, 500, 200]);
  expect(alertPosts(connector)).toHaveLength(1);
  // Every retry after a 429 waited at least Retry-After (1 s), including the worker's own.
  for (let i = 1; i <= 4; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(950);
  expect(calls[5].at - posted).toBeGreaterThanOrEqual(4000);
  const entry = await entryFor(event.sessionId as string);
  expect(entry).toMatchObject({ status: 'sent', activityId: calls[5].assignedId });
  expect(entry!.attempts).toBeGreaterThanOrEqual(1);
  const warn = app.log.entries().find((e) => e.msg === 'alert send failed; will retry');
  expect(warn).toMatchObject({ status: 429 });
}, 30_000);

test('403 BotNotInConversationRoster → the channel is marked unreachable, no retries, and `alerts` says so', async () => {
  await start();
  connector.failAlways({ status: 403, code: 'BotNotInConversationRoster', kind: 'createConversation' });
  const event = makeJobEvent();
  await postJobComplete(app.url, event);
  await eventually(async () => expect((await app.store.conversations.get(TEAM_A.channelId))?.status).toBe('unreachable'));
  expect(await app.store.conversations.get(TEAM_A.channelId)).toMatchObject({ statusReason: 'BotNotInConversationRoster' });
  expect(await entryFor(event.sessionId as string)).toMatchObject({ status: 'failed' });
  await sleep(400);
  expect(connector.calls.filter((c) => c.kind === 'createConversation')).toHaveLength(1);
  // Later failures are not even attempted.
  await postJobComplete(app.url, makeJobEvent());
  await sleep(300);
  expect(connector.calls.filter((c) => c.kind === 'createConversation')).toHaveLength(1);
  // `alerts` in that channel shows it (a message does not silently re-enable it), and `alerts on` re-enables it.
  const isAnswer = (c: { kind: string; body: Record<string, unknown> }) => c.kind === 'reply' && c.body.type === 'message';
  await sendInChannel(app.url, connector, TEAM_A, 'alerts');
  const [shown] = (await connector.waitFor((calls) => calls.some(isAnswer))).filter(isAnswer);
  expect(String(shown.body.text)).toMatch(/cannot be delivered here.*BotNotInConversationRoster/);
  await sendInChannel(app.url, connector, TEAM_A, 'alerts on');
  await eventually(async () => expect((await app.store.conversations.get(TEAM_A.channelId))?.status).toBe('active'));
});

test('50 failures within a minute → a few cards and one digest updated in place, not 50 cards', async () => {
  await start({ ALERT_STORM_THRESHOLD: '5', ALERT_STORM_WINDOW: '600' });
  const events = Array.from({ length: 50 }, (_, i) =>
    makeJobEvent({ jobName: `Job ${i % 7}`, errorMessage: i % 3 === 0 ? 'Error: repository is out of space' : 'Error: VSS snapshot failed' }),
  );
  await Promise.all(events.map((e) => postJobComplete(app.url, e)));
  await eventually(async () => {
    const folded = (await app.store.outbox.countByStatus(TEAM_A.channelId)).folded;
    expect(folded).toBe(45);
    expect((await app.store.outbox.countByStatus(TEAM_A.channelId)).pending).toBe(0);
  }, 20_000);
  const posts = alertPosts(connector);
  expect(posts).toHaveLength(6); // 5 own cards + 1 digest
  const digestPost = posts.find((p) => cardText(cardOf(p)).includes('grouped'))!;
  const updates = connector.calls.filter((c) => c.kind === 'update' && c.status < 300);
  expect(updates.every((u) => u.activityId === digestPost.assignedId)).toBe(true);
  const finalCard = updates.length ? cardOf(updates[updates.length - 1]) : cardOf(digestPost);
  assertValidCard(finalCard);
  const text = cardText(finalCard);
  expect(text).toContain('Grouped backup alerts: 45');
  expect(text).toContain('VSS snapshot failed');
  expect(text).toContain('repository is out of space');
  expect(text).toContain('Job 0');
  // Within Teams' per-thread limits on purpose: never more than 7 sends in any second to this channel.
  const times = connector.calls.filter((c) => c.status < 300).map((c) => c.at);
  for (const t of times) expect(times.filter((x) => x >= t && x < t + 1000).length).toBeLessThanOrEqual(7);
}, 30_000);

test('a later success of the same job updates the original card to say it recovered', async () => {
  await start();
  const failed = makeJobEvent({ jobName: 'Exchange', jobId: 'job-exchange', status: 'Failed' });
  await postJobComplete(app.url, failed);
  const [post] = await connector.waitFor(() => alertPosts(connector).length === 1).then(() => alertPosts(connector));
  await eventually(async () => expect((await entryFor(failed.sessionId as string))?.status).toBe('sent'));
  const ok = makeJobEvent({ jobName: 'Exchange', jobId: 'job-exchange', status: 'Success', errorMessage: undefined, timestamp: new Date(Date.now() + 3600_000).toISOString() });
  await postJobComplete(app.url, ok);
  const calls = await connector.waitFor((c) => c.some((x) => x.kind === 'update' && x.status < 300));
  const update = calls.find((x) => x.kind === 'update')!;
  expect(update.activityId).toBe(post.assignedId);
  expect(update.conversationId).toBe(post.conversationId);
  const card = cardOf(update);
  assertValidCard(card);
  expect(cardText(card)).toContain('Recovered');
  expect(cardText(card)).not.toContain('"Retry"');
  expect(alertPosts(connector)).toHaveLength(1);
});

test('the Retry button of an alert card, pressed by a non-operator, is refused (same rule as the retry command)', async () => {
  await start({ BOT_OPERATORS: 'someone-else@contoso.example' });
  await postJobComplete(app.url, makeJobEvent({ jobName: 'SQL Nightly' }));
  await connector.waitFor(() => alertPosts(connector).length === 1);
  const card = cardOf(alertPosts(connector)[0]);
  const retry = ((card.body as Array<Record<string, unknown>>).find((e) => e.type === 'ActionSet')!.actions as Array<Record<string, unknown>>).find(
    (a) => a.title === 'Retry',
  )!;
  const invoke = inTeam(
    cardActionInvoke(retry.verb as string, retry.data as Record<string, unknown>, { serviceUrl: connector.serviceUrl, kind: 'channel', replyToId: alertPosts(connector)[0].assignedId }),
    TEAM_A,
  );
  const answer = await postActivity(app.url, invoke);
  expect(answer.status).toBe(200);
  const body = JSON.stringify(answer.body);
  expect(body).toMatch(/operator|オペレーター/i);
  expect(body).not.toMatch(/job\.retry\.confirm/);
});
