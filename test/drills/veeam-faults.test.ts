/**
 * Drill: Veeam unreachable, slower than Teams' 15 s, or its token expiring. Commands answer with a clear card
 * within a few seconds and nothing hangs: /api/messages always answers well inside Teams' 15 s.
 */
import { startBotHarness, cardText, type BotHarness } from '../bot/bot-harness';

let h: BotHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function timedSay(harness: BotHarness, text: string) {
  const started = Date.now();
  const answer = await harness.say(text);
  return { ...answer, ms: Date.now() - started };
}

test('unreachable: a "cannot reach Veeam" card within a few seconds', async () => {
  h = await startBotHarness({ simulator: false, env: { VEEAM_ENABLED: 'true', VEEAM_API_URL: 'https://127.0.0.1:9', VEEAM_USERNAME: 'svc', VEEAM_PASSWORD: 'drill-password-1234' } });
  for (const text of ['jobs', 'status 経理システム バックアップ', 'repos']) {
    const { cards, ms } = await timedSay(h, text);
    expect(ms).toBeLessThan(5000);
    expect(cardText(cards[0])).toContain('Cannot reach Veeam');
  }
});

test('token expired: the bot signs in again by itself and answers normally', async () => {
  h = await startBotHarness({ scenario: { jobs: 30 } });
  expect(cardText((await h.say('jobs')).cards[0])).toContain('VM Backup Job 1');
  h.sim!.inject({ expireTokens: true });
  const { cards, ms } = await timedSay(h, 'status VM Backup Job 1');
  expect(ms).toBeLessThan(5000);
  expect(cardText(cards[0])).toContain('VM Backup Job 1');
  expect(cardText(cards[0])).not.toMatch(/Cannot reach|rejected/);
});

test('slower than Teams\u2019 15 s: the HTTP turn ends in time and a card still says what is going on within a few seconds', async () => {
  h = await startBotHarness({ scenario: { jobs: 30 } });
  await h.say('jobs'); // signed in
  h.sim!.inject({ latencyMs: 16_000 });
  const started = Date.now();
  const { cards, ms, activity } = await timedSay(h, 'status SQL Server 日次バックアップ');
  expect(ms).toBeLessThan(8000);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(cardText(cards[0])).toContain('Veeam is taking longer than usual');
  // The answer itself follows when Veeam replies, in the same conversation.
  const conversationId = (activity.conversation as { id: string }).id;
  const isStatus = (c: { conversationId?: string; body: Record<string, unknown> }) => c.conversationId === conversationId && c.body.type === 'message' && JSON.stringify(c.body).includes('SQL Server 日次バックアップ');
  await h.connector.waitFor((calls) => calls.some(isStatus), 30_000);
  h.sim!.inject({ latencyMs: 0 });
}, 60_000);
