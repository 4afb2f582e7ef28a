/**
 * Alert storm: N failures (default 500) within a minute, posted to the bot process's webhook, for 3 subscribed
 * channels, while the Bot Connector stand-in answers 429 with Retry-After to one request in five. Measures the
 * time until every alert is delivered (own card or folded into a digest), the cards posted per channel, alerts
 * lost, and the highest send rate per conversation against Teams' per-thread limits (7/1 s, 8/2 s, 60/30 s).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { startConnectorStandIn, type ConnectorCall } from '../local-teams/connector-stand-in';
import { TEAMS_THREAD_LIMITS } from '../alerts/rate-limiter';
import { SQLITE_FILE_NAME } from '../store/sqlite/open-sqlite-store';
import { TEST_WEBHOOK_SECRET } from '../test/helpers/start-test-app';
import { makeTempDir, removeDir } from '../test/helpers/temp-dir';
import { installInTeam, type TeamChannel } from '../test/alerts/alert-test-kit';
import { startBotChild } from './lib/child-process';
import { jobEventBody } from './lib/job-event-body';
import { Reporter, type ScenarioReport } from './lib/report';
import { readMemory, RssSampler } from './lib/rss';
import { round, sleep } from './lib/stats';

export interface AlertStormOptions {
  failures: number;
  /** Seconds over which the failures arrive. */
  spreadSec: number;
  /** Every n-th call to the stand-in is answered 429 (0: never). */
  throttleEvery: number;
  retryAfterSec: number;
  /** Give up waiting for delivery after this many seconds. */
  deadlineSec: number;
}

const TEAMS: TeamChannel[] = [1, 2, 3].map((n) => ({ teamId: `19:storm-team-${n}@thread.tacv2`, channelId: `19:storm-channel-${n}@thread.tacv2`, teamName: `Storm ${n}` }));

function channelOf(call: ConnectorCall): string | undefined {
  if (call.kind === 'createConversation') return (call.body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  return call.conversationId?.split(';')[0];
}

/** Highest number of calls within any window of `ms`. */
function maxInWindow(times: number[], ms: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export async function runAlertStorm(o: AlertStormOptions): Promise<ScenarioReport> {
  const r = new Reporter('alert storm', { failures: o.failures, spreadSec: o.spreadSec, channels: TEAMS.length, throttled: o.throttleEvery ? `1 in ${o.throttleEvery} → 429 Retry-After ${o.retryAfterSec} s` : 'no', stormRule: 'defaults (5 own cards, then one digest, per 10 min)' });
  const dataDir = makeTempDir('vtb-bench-storm-');
  const connector = await startConnectorStandIn();
  const bot = await startBotChild({ DATA_DIR: dataDir, WEBHOOK_SECRET: TEST_WEBHOOK_SECRET });
  let db: Database.Database | undefined;
  try {
    for (const team of TEAMS) await installInTeam(bot.url, connector, team);
    await sleep(1500); // welcome cards out of the way
    connector.reset();
    let seen = 0;
    connector.onCall(() => {
      seen += 1;
      if (o.throttleEvery && seen % o.throttleEvery === o.throttleEvery - 1) connector.failNext({ status: 429, retryAfter: o.retryAfterSec });
    });
    const idle = readMemory(bot.pid)?.rssMiB ?? NaN;
    const rss = new RssSampler(bot.pid);

    const started = Date.now();
    const posts: Array<Promise<number>> = [];
    for (let i = 0; i < o.failures; i++) {
      const due = started + (i * o.spreadSec * 1000) / o.failures;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const body = jobEventBody(i * 10 + 8, { status: 'Failed', jobName: `ストーム ジョブ ${i % 40}`, jobId: `storm-job-${i % 40}` });
      posts.push(
        fetch(`${bot.url}/api/veeam/job-complete`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_WEBHOOK_SECRET}` }, body: JSON.stringify(body) }).then((res) => res.status),
      );
    }
    const statuses = await Promise.all(posts);
    const accepted = statuses.filter((s) => s === 200).length;
    const postedAt = Date.now();

    db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    const counts = db.prepare('SELECT target_id AS target, kind, status, COUNT(*) AS n FROM outbox GROUP BY target_id, kind, status');
    type Row = { target: string; kind: string; status: string; n: number };
    const settled = () => {
      const rows = counts.all() as Row[];
      const pending = rows.filter((x) => x.status === 'pending').reduce((a, x) => a + x.n, 0);
      const perTarget = TEAMS.map((t) => rows.filter((x) => x.target === t.channelId && x.kind === 'alert' && (x.status === 'sent' || x.status === 'folded')).reduce((a, x) => a + x.n, 0));
      return { rows, done: pending === 0 && perTarget.every((n) => n >= accepted), perTarget };
    };
    let state = settled();
    while (!state.done && Date.now() - started < o.deadlineSec * 1000) {
      await sleep(250);
      state = settled();
    }
    const peak = rss.stop();
    const delivered = connector.calls.filter((c) => c.status < 300);
    const lastDelivery = Math.max(...delivered.map((c) => c.at));
    const allDeliveredSec = (lastDelivery - started) / 1000;

    r.figure('webhook answers', `${accepted} × 200 of ${o.failures} (posted over ${round((postedAt - started) / 1000)} s)`);
    r.figure('all delivered', state.done ? `${round(allDeliveredSec)} s after the first failure` : `NOT within ${o.deadlineSec} s`);
    const perChannel: Record<string, unknown> = {};
    let worstCards = 0;
    let lost = 0;
    let rateOk = true;
    for (const [i, team] of TEAMS.entries()) {
      const mine = connector.calls.filter((c) => channelOf(c) === team.channelId);
      const cards = mine.filter((c) => c.kind === 'createConversation' && c.status < 300).length;
      const updates = mine.filter((c) => c.kind === 'update' && c.status < 300).length;
      const throttled = mine.filter((c) => c.status === 429).length;
      const times = mine.map((c) => c.at).sort((a, b) => a - b);
      const rates = TEAMS_THREAD_LIMITS.filter((w) => w.ms <= 30_000).map((w) => ({ window: `${w.ms / 1000}s`, max: maxInWindow(times, w.ms), limit: w.max }));
      rateOk &&= rates.every((x) => x.max <= x.limit);
      worstCards = Math.max(worstCards, cards);
      const rows = state.rows.filter((x) => x.target === team.channelId);
      const failed = rows.filter((x) => x.kind === 'alert' && (x.status === 'failed' || x.status === 'skipped')).reduce((a, x) => a + x.n, 0);
      lost += Math.max(0, accepted - state.perTarget[i]) + failed;
      perChannel[team.channelId] = { cards, updates, throttled, rates, outbox: Object.fromEntries(rows.map((x) => [`${x.kind}:${x.status}`, x.n])) };
      r.figure(`channel ${i + 1}`, `${cards} cards posted, ${updates} digest updates, ${throttled} answered 429; highest rate ${rates.map((x) => `${x.max}/${x.window}`).join(', ')}; outbox ${rows.map((x) => `${x.kind}:${x.status}=${x.n}`).join(' ')}`);
    }
    r.data('channels', perChannel);
    r.figure('bot RSS', `${round(idle)} MiB before the storm, peak ${round(peak)} MiB`);
    r.data('rss', { idleMiB: round(idle), peakMiB: round(peak) });
    r.target('≤ 10 cards per channel', worstCards <= 10, `${worstCards}`);
    r.target('all delivered within 2 minutes', state.done && allDeliveredSec <= 120, state.done ? `${round(allDeliveredSec)} s` : 'not settled');
    r.target('none lost', lost === 0 && accepted === o.failures, `${lost} lost, ${o.failures - accepted} refused by the webhook`);
    r.target('never above 7/1 s, 8/2 s, 60/30 s per conversation', rateOk, rateOk ? 'within' : 'exceeded');
  } finally {
    db?.close();
    await bot.stop();
    await connector.close();
    removeDir(dataDir);
  }
  return r.report;
}
