/** The pure parts of the alert path: cards in both languages and within budget, rate limiter, backoff, failure classes, command words. */
import { buildAlertCard, MAX_OBJECTS_SHOWN } from '../../cards/alert-card';
import { buildDigestCard, topErrorLines } from '../../cards/digest-card';
import { buildWelcomeCard } from '../../cards/alert-welcome-card';
import { cardBytes, MAX_CARD_BYTES } from '../../cards/card-version';
import { classifyDeliveryFailure, parseRetryAfter } from '../../alerts/notifier';
import { ConversationRateLimiter, TEAMS_THREAD_LIMITS } from '../../alerts/rate-limiter';
import { retryDelayMs } from '../../alerts/retry-delay';
import { parseAlertsArgs } from '../../bot/commands/alerts';
import { subscriptionMatches } from '../../store/conversation-store';
import type { JobRun } from '../../events/job-run';
import { assertValidCard } from '../helpers/assert-valid-card';

const run = (o: Partial<JobRun> = {}): JobRun => ({
  id: 'r1', runKey: 'session:x', source: 'webhook', jobId: 'j1', jobName: 'SQL Nightly', result: 'Failed', finished: true,
  endTime: new Date('2026-03-01T17:05:00Z'), durationSec: 2553, backupSizeBytes: 1073741824, errorMessage: 'Processing SQL-01 Error: VSS snapshot failed',
  objects: [], receivedAt: new Date(), ...o,
});

describe('alert card', () => {
  test.each(['en', 'ja'] as const)('%s: valid 1.4 card with job, result, time in the zone, duration, size, error, buttons', (locale) => {
    const card = buildAlertCard({ run: run() }, { locale, timeZone: 'Asia/Tokyo' });
    assertValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('SQL Nightly');
    expect(text).toContain('VSS snapshot failed');
    expect(text).toContain('Asia/Tokyo');
    expect(text).toContain('02:05'); // 17:05 UTC is 02:05 the next day in Tokyo
    expect(text).toContain(locale === 'ja' ? '失敗' : 'Failed');
    expect(text).toContain('"verb":"job.pick"');
    expect(text).toContain('"command":"retry"');
    expect(text).toContain('"command":"history"');
  });

  test('objects with problems: the first few, then "+N more"; huge input stays under the size budget', () => {
    const objects = Array.from({ length: 5000 }, (_, i) => ({ name: `VM-${i}`, status: 'Failed' as const, message: 'エラー: スナップショットの作成に失敗しました。'.repeat(20) }));
    const card = buildAlertCard({ run: run({ objects, errorMessage: '長いエラー'.repeat(20000) }) }, { locale: 'ja', timeZone: 'UTC' });
    assertValidCard(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const text = JSON.stringify(card);
    expect(text).toContain('VM-0');
    expect(text).not.toContain(`VM-${MAX_OBJECTS_SHOWN}"`);
    expect(text).toMatch(/ほか \d+ 件/);
  });

  test('recovered: says so, keeps History, drops Retry', () => {
    const card = buildAlertCard({ run: run(), recovered: { at: new Date('2026-03-02T00:00:00Z') } }, { locale: 'en', timeZone: 'UTC' });
    assertValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('Recovered');
    expect(text).not.toContain('"command":"retry"');
    expect(text).toContain('"command":"history"');
  });
});

describe('digest card', () => {
  const runs = Array.from({ length: 300 }, (_, i) =>
    run({ jobName: `Job ${i % 40} ${'x'.repeat(100)}`, endTime: new Date(Date.UTC(2026, 2, 1, 2, i % 60)), errorMessage: i % 3 ? 'Error: VSS snapshot failed\nmore' : 'Error: repository out of space', result: i % 10 ? 'Failed' : 'Warning' }),
  );
  test.each(['en', 'ja'] as const)('%s: count, results, period, common errors, jobs; valid and within budget', (locale) => {
    const card = buildDigestCard({ runs, threshold: 5, windowSec: 600 }, { locale, timeZone: 'Asia/Tokyo' });
    assertValidCard(card);
    expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const text = JSON.stringify(card);
    expect(text).toContain('300');
    expect(text).toContain('VSS snapshot failed');
    expect(text).toContain('Job 0');
  });
  test('most common error lines first, by first line', () => {
    expect(topErrorLines(runs)[0]).toEqual({ line: 'Error: VSS snapshot failed', count: 200 });
  });
});

test.each(['en', 'ja'] as const)('%s welcome card is valid and says how to change alerts', (locale) => {
  const card = buildWelcomeCard({ locale, timeZone: 'UTC' });
  assertValidCard(card);
  expect(JSON.stringify(card)).toContain(locale === 'ja' ? '通知 オフ' : 'alerts off');
});

describe('rate limiter (Teams per-thread limits)', () => {
  test('7 per second, then waits; 8 per 2 s; other conversations unaffected', () => {
    const l = new ConversationRateLimiter(TEAMS_THREAD_LIMITS);
    for (let i = 0; i < 7; i++) expect(l.reserve('a', 1000 + i)).toBe(0);
    expect(l.reserve('a', 1007)).toBeGreaterThan(0);
    expect(l.reserve('b', 1007)).toBe(0);
    expect(l.reserve('a', 2000)).toBe(0); // 8th within 2 s
    const wait = l.reserve('a', 2001);
    expect(wait).toBeGreaterThan(900); // 8 per 2 s reached: wait for the oldest to leave the 2 s window
  });
  test('60 per 30 s over a long burst; a 429 pause wins', () => {
    const l = new ConversationRateLimiter(TEAMS_THREAD_LIMITS);
    let now = 0;
    let sent = 0;
    while (now < 30_000) {
      const w = l.reserve('a', now);
      if (w === 0) sent += 1;
      now += Math.max(1, w);
    }
    expect(sent).toBeLessThanOrEqual(60);
    l.pause('b', 5000);
    expect(l.reserve('b', 1000)).toBe(4000);
  });
});

test('backoff doubles with jitter, is capped, and never undercuts Retry-After', () => {
  const p = { baseMs: 1000, maxMs: 8000 };
  expect(retryDelayMs(1, p, () => 0)).toBe(500);
  expect(retryDelayMs(1, p, () => 1)).toBe(1000);
  expect(retryDelayMs(3, p, () => 1)).toBe(4000);
  expect(retryDelayMs(10, p, () => 1)).toBe(8000);
  expect(retryDelayMs(1, p, () => 0, 2000)).toBe(2000);
});

test('Teams failures are classified into typed outcomes', () => {
  expect(classifyDeliveryFailure({ status: 429, retryAfter: '2', message: '' })).toMatchObject({ kind: 'throttled', retryAfterMs: 2000 });
  expect(classifyDeliveryFailure({ status: 403, code: 'BotNotInConversationRoster', message: '' })).toMatchObject({ kind: 'forbidden', code: 'BotNotInConversationRoster' });
  for (const status of [412, 500, 502, 503, 504]) expect(classifyDeliveryFailure({ status, message: '' }).kind).toBe('transient');
  expect(classifyDeliveryFailure({ message: 'ECONNRESET' }).kind).toBe('transient');
  for (const status of [400, 404, 413]) expect(classifyDeliveryFailure({ status, message: '' }).kind).toBe('permanent');
  expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
});

test.each([
  ['', { kind: 'show' }],
  ['on', { kind: 'on', level: 'failed' }],
  ['on warning SQL Server', { kind: 'on', level: 'warning', jobFilter: 'SQL Server' }],
  ['ON ALL', { kind: 'on', level: 'all' }],
  ['off', { kind: 'off' }],
  ['オン 失敗', { kind: 'on', level: 'failed' }],
  ['オン　警告　ＳＱＬ', { kind: 'on', level: 'warning', jobFilter: 'SQL' }],
  ['オフ', { kind: 'off' }],
  ['maybe', { kind: 'usage' }],
])('alerts args %p', (args, expected) => {
  expect(parseAlertsArgs(args)).toEqual(expected);
});

test('subscription filters: level and job name (width-insensitive)', () => {
  expect(subscriptionMatches({ enabled: true, level: 'failed' }, { result: 'Warning', jobName: 'x' })).toBe(false);
  expect(subscriptionMatches({ enabled: true, level: 'warning' }, { result: 'Warning', jobName: 'x' })).toBe(true);
  expect(subscriptionMatches({ enabled: true, level: 'all' }, { result: 'None', jobName: 'x' })).toBe(false);
  expect(subscriptionMatches({ enabled: true, level: 'failed', jobFilter: 'sql' }, { result: 'Failed', jobName: 'ＳＱＬ Nightly' })).toBe(true);
  expect(subscriptionMatches({ enabled: false, level: 'all' }, { result: 'Failed', jobName: 'x' })).toBe(false);
});
