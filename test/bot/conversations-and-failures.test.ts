/** Channel mentions, the three conversation kinds, Veeam down, and the command table against the manifest. */
import { startBotHarness, cardText, type BotHarness } from './bot-harness';
import { LOCAL_BOT, messageActivity } from '../../local-teams/activity-builder';
import { BOT_COMMANDS } from '../../manifest/bot-commands';
import { COMMANDS } from '../../bot/commands';
import { normalizeCommandText } from '../../bot/normalize-command-text';
import { parseCommand } from '../../bot/parse-command';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h.close());

test.each(['personal', 'groupChat', 'channel'] as const)('%s: jobs is answered in that conversation (typing first)', async (kind) => {
  const { activity, replies, cards } = await h.say('jobs', { kind });
  const conversationId = (activity.conversation as { id: string }).id;
  expect(replies[0].conversationId).toBe(conversationId);
  expect(cardText(cards[0])).toContain('Backup jobs');
  const calls = h.connector.calls.filter((c) => c.activityId === activity.id);
  expect(calls[0].body.type).toBe('typing');
});

test('a channel message with the mention twice, &nbsp;, a line break and a full-width space', async () => {
  const activity = messageActivity('x', { serviceUrl: h.connector.serviceUrl, kind: 'channel' });
  activity.text = `<at>${LOCAL_BOT.name}</at>&nbsp;status\u3000VM Backup Job 1 <at>${LOCAL_BOT.name}</at>\n&nbsp; `;
  const answer = await h.post(activity);
  expect(answer.status).toBe(200);
  const [reply] = await h.connector.waitFor((calls) => calls.some((c) => c.activityId === activity.id && c.body.type === 'message'));
  void reply;
  const msg = h.connector.calls.find((c) => c.activityId === activity.id && c.body.type === 'message')!;
  const card = (msg.body.attachments as Array<{ content: unknown }>)[0].content;
  expect(cardText(card)).toContain('VM Backup Job 1: last session');
});

test('normalizeCommandText strips every bot mention, tags, entities and odd spaces, keeps other people', () => {
  const entities = [{ type: 'mention', text: '<at>Veeam Bot</at>', mentioned: { id: LOCAL_BOT.id, name: 'Veeam Bot' } }];
  expect(normalizeCommandText('<at>Veeam Bot</at> jobs&nbsp;<at>Veeam Bot</at>\r\n', { botId: LOCAL_BOT.id, entities })).toBe('jobs');
  expect(normalizeCommandText('<p>start&nbsp;VM&amp;Co<br/>job</p>', { botId: LOCAL_BOT.id })).toBe('start VM&Co job');
  expect(normalizeCommandText('<at>Dana</at> 状態\u3000ジョブ', { botId: LOCAL_BOT.id, entities })).toBe('Dana 状態 ジョブ');
});

test('an empty message (only the mention) gets the help card', async () => {
  const { cards } = await h.say('', { kind: 'channel' });
  expect(cardText(cards[0])).toContain('Veeam Backup bot: commands');
});

test('the router knows exactly the manifest commands, with the Japanese menu titles as aliases', () => {
  expect(COMMANDS.map((c) => c.name).sort()).toEqual(BOT_COMMANDS.map((c) => c.command).sort());
  for (const m of BOT_COMMANDS) {
    for (const title of [m.titleEn, m.titleJa]) {
      const parsed = parseCommand(title, COMMANDS);
      expect(parsed.kind === 'command' && parsed.command.name).toBe(m.command);
    }
  }
});

test('Veeam down: a friendly "cannot reach Veeam" card within a few seconds, nothing leaked', async () => {
  const down = await startBotHarness({ simulator: false, env: { VEEAM_ENABLED: 'true', VEEAM_API_URL: 'http://127.0.0.1:9', VEEAM_USERNAME: 'svc-veeam', VEEAM_PASSWORD: 'Very-Secret-Pa55' } });
  try {
    for (const [text, locale, expected] of [['jobs', 'en-US', 'Cannot reach Veeam'], ['ジョブ', 'ja-JP', 'Veeam に接続できません']] as const) {
      const started = Date.now();
      const { cards } = await down.say(text, { locale });
      expect(Date.now() - started).toBeLessThan(5000);
      const body = JSON.stringify(cards[0]);
      expect(cardText(cards[0])).toContain(expected);
      expect(cardText(cards[0])).toContain('VEEAM_API_URL');
      expect(body).not.toMatch(/Very-Secret|127\.0\.0\.1:9|ECONNREFUSED|at \w+ \(|svc-veeam/);
    }
  } finally {
    await down.close();
  }
});

test('Veeam not configured: a notice instead of an error; history still works', async () => {
  const off = await startBotHarness({ simulator: false });
  try {
    expect(cardText((await off.say('jobs')).cards[0])).toContain('Veeam is not connected');
    expect(cardText((await off.say('history')).cards[0])).toContain('No runs recorded yet');
  } finally {
    await off.close();
  }
});

test('Veeam rejects the credentials: the card says to check VEEAM_USERNAME / VEEAM_PASSWORD', async () => {
  const bad = await startBotHarness({ env: { VEEAM_PASSWORD: 'wrong-password-123' } });
  try {
    const { cards } = await bad.say('repos');
    expect(cardText(cards[0])).toContain('Veeam rejected the bot\u2019s sign-in');
    expect(JSON.stringify(cards[0])).not.toContain('wrong-password-123');
  } finally {
    await bad.close();
  }
});
