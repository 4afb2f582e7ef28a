/**
 * Through the front door: the real server, the real CloudAdapter and the local Bot Connector stand-in.
 * Install events → conversations and subscriptions; webhook events → one card per subscribed channel.
 */
import { messageActivity, postActivity } from '../../local-teams/activity-builder';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { assertValidCard } from '../helpers/assert-valid-card';
import { TEAM_A, TEAM_B, alertPosts, cardOf, cardText, eventually, installInTeam, sendInChannel, sleep } from './alert-test-kit';

let app: TestApp;
let connector: ConnectorStandIn;

beforeEach(async () => {
  connector = await startConnectorStandIn();
  app = await startTestApp({ ALERT_POLL_INTERVAL_MS: '50', ALERT_RETRY_BASE_MS: '100', DEFAULT_TIMEZONE: 'Asia/Tokyo' });
});
afterEach(async () => {
  await app.dispose();
  await connector.close();
});

test('adding the bot to a team stores the channel, subscribes it to failures and posts one welcome card there', async () => {
  await installInTeam(app.url, connector, TEAM_A, { locale: 'ja-JP' });
  const target = await app.store.conversations.get(TEAM_A.channelId);
  expect(target).toMatchObject({ kind: 'channel', teamId: TEAM_A.teamId, status: 'active', subscription: { enabled: true, level: 'failed' }, serviceUrl: connector.serviceUrl });
  const welcome = connector.calls.filter((c) => c.status < 300 && (c.kind === 'reply' || c.kind === 'send'));
  expect(welcome).toHaveLength(1);
  expect(welcome[0].conversationId).toBe(TEAM_A.channelId);
  const card = cardOf(welcome[0]);
  assertValidCard(card);
  expect(cardText(card)).toContain('通知');
});

test('a failed event → exactly one new post in each subscribed channel, none elsewhere; a None event → nothing', async () => {
  await installInTeam(app.url, connector, TEAM_A, { timezone: 'Asia/Tokyo' });
  await installInTeam(app.url, connector, TEAM_B);
  // A group chat the bot only saw a message in: known, but not subscribed.
  await postActivity(app.url, messageActivity('help', { serviceUrl: connector.serviceUrl, kind: 'groupChat' }));
  expect(await app.store.conversations.get('19:local-group-chat@thread.v2')).toMatchObject({ kind: 'groupChat', status: 'active' });
  await app.store.conversations.setSubscription(TEAM_B.channelId, { enabled: false, level: 'failed' }, new Date());
  connector.reset();

  const failed = makeJobEvent({ jobName: 'SQL Nightly', status: 'Failed', errorMessage: 'Processing SQL-01 Error: snapshot failed' });
  expect((await postJobComplete(app.url, failed)).status).toBe(200);
  await connector.waitFor(() => alertPosts(connector).length >= 1);
  const none = makeJobEvent({ jobName: 'Still Running', status: 'None' });
  expect((await postJobComplete(app.url, none)).status).toBe(200);
  // A duplicate webhook of the failure adds nothing.
  expect((await postJobComplete(app.url, failed)).body.duplicate).toBe(true);
  await sleep(400);

  const posts = alertPosts(connector);
  expect(posts).toHaveLength(1);
  expect(posts[0].body.channelData).toMatchObject({ channel: { id: TEAM_A.channelId } });
  expect(posts[0].body.isGroup).toBe(true);
  const card = cardOf(posts[0]);
  assertValidCard(card);
  expect(cardText(card)).toContain('SQL Nightly');
  expect(cardText(card)).toContain('snapshot failed');
  expect(cardText(card)).toContain('Asia/Tokyo');
  // No reply into some old thread, nothing in the chat.
  expect(connector.calls.filter((c) => c.kind === 'reply' || c.kind === 'send')).toHaveLength(0);

  const stored = await app.store.outbox.getByKey(`alert:${(await app.store.history.getByRunKey(`session:${failed.sessionId as string}`))!.id}:${TEAM_A.channelId}`);
  expect(stored).toMatchObject({ status: 'sent', activityId: posts[0].assignedId, attempts: 0 });
  const inProgress = await app.store.history.getByRunKey(`session:${none.sessionId as string}`);
  expect(inProgress).toMatchObject({ result: 'None', finished: false });
});

test('a personal chat subscribed with "alerts on" gets a normal proactive message', async () => {
  const res = await postActivity(app.url, messageActivity('alerts on warning', { serviceUrl: connector.serviceUrl, kind: 'personal' }));
  expect(res.status).toBe(200);
  await eventually(async () => expect((await app.store.conversations.get('a:local-personal-chat'))?.subscription).toEqual({ enabled: true, level: 'warning' }));
  connector.reset();
  await postJobComplete(app.url, makeJobEvent({ status: 'Warning', jobName: 'File Share' }));
  const [call] = await connector.waitFor((calls) => calls.some((c) => c.kind === 'reply' || c.kind === 'send'));
  expect(call.conversationId).toBe('a:local-personal-chat');
  expect(cardText(cardOf(call))).toContain('File Share');
  expect(alertPosts(connector)).toHaveLength(0);
});

test('alerts / 通知 commands show and change the channel settings', async () => {
  await installInTeam(app.url, connector, TEAM_A);
  connector.reset();
  await sendInChannel(app.url, connector, TEAM_A, '通知 オン 警告 SQL', { locale: 'ja-JP' });
  await eventually(async () =>
    expect((await app.store.conversations.get(TEAM_A.channelId))?.subscription).toEqual({ enabled: true, level: 'warning', jobFilter: 'SQL' }),
  );
  await sendInChannel(app.url, connector, TEAM_A, 'alerts');
  const isAnswer = (c: { kind: string; body: Record<string, unknown> }) => c.kind === 'reply' && c.body.type === 'message';
  const replies = await connector.waitFor((calls) => calls.filter(isAnswer).length >= 2);
  const shown = replies.filter(isAnswer).map((c) => String(c.body.text ?? cardText(c.body)));
  expect(shown[0]).toContain('警告');
  expect(shown[1]).toMatch(/Alerts are on in this conversation: failures and warnings, only jobs whose name contains "SQL"/);
  await sendInChannel(app.url, connector, TEAM_A, 'alerts off');
  await eventually(async () => expect((await app.store.conversations.get(TEAM_A.channelId))?.subscription?.enabled).toBe(false));
});

test('removing the bot from the team marks its channels removed: no more alerts there', async () => {
  await installInTeam(app.url, connector, TEAM_A);
  const { installationUpdateActivity } = await import('../../local-teams/activity-builder');
  const { inTeam } = await import('./alert-test-kit');
  await postActivity(app.url, inTeam(installationUpdateActivity('remove', { serviceUrl: connector.serviceUrl, kind: 'channel' }), TEAM_A));
  expect((await app.store.conversations.get(TEAM_A.channelId))?.status).toBe('removed');
  connector.reset();
  await postJobComplete(app.url, makeJobEvent());
  await sleep(300);
  expect(alertPosts(connector)).toHaveLength(0);
});
