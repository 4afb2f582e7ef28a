/** The local Bot Connector stand-in receives what the real CloudAdapter sends, for each conversation kind. */
import { messageActivity, postActivity } from '../../local-teams/activity-builder';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

let app: TestApp;
let connector: ConnectorStandIn;

beforeAll(async () => {
  [app, connector] = await Promise.all([startTestApp(), startConnectorStandIn()]);
});
afterAll(async () => {
  await Promise.all([app.dispose(), connector.close()]);
});
beforeEach(() => connector.reset());

test.each(['personal', 'groupChat', 'channel'] as const)('a %s message reaches the bot and its reply reaches the stand-in', async (kind) => {
  const activity = messageActivity('help', { serviceUrl: connector.serviceUrl, kind });
  const answer = await postActivity(app.url, activity);
  expect(answer.status).toBe(200);
  // The bot sends a typing indicator first, then its answer.
  const calls = await connector.waitFor((all) => all.some((c) => c.body.type === 'message'));
  const reply = calls.find((c) => c.body.type === 'message')!;
  expect(reply.kind).toBe('reply');
  expect(reply.activityId).toBe(activity.id);
  expect(reply.conversationId).toBe((activity.conversation as { id: string }).id);
  expect(reply.body.type).toBe('message');
});

test('a scripted 429 is answered with Retry-After and recorded', async () => {
  connector.failNext({ status: 429, retryAfter: 2 });
  const res = await fetch(`${connector.serviceUrl}v3/conversations/abc/activities`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('2');
  expect(connector.calls[0]).toMatchObject({ kind: 'send', status: 429 });
  expect(connector.delivered()).toHaveLength(0);
});
