/**
 * History at scale: the embedded store filled with N runs (default 1,000,000) over a year of 2,000 jobs, written
 * directly through the SQLite adapter in big transactions. Measures the history queries (p50/p95) and the bot
 * process's RSS on the empty and on the filled store, and the `history` command end to end on the filled store.
 */
import { randomUUID } from 'node:crypto';
import type { JobResult, JobRun } from '../events/job-run';
import { encodeJobRun } from '../store/job-run-codec';
import { jobNameKey } from '../store/history-store';
import { openSqliteStore, type SqliteStore } from '../store/sqlite/open-sqlite-store';
import { HISTORY_SCHEMA } from '../store/sqlite/sqlite-history-store';
import { makeTempDir, removeDir } from '../test/helpers/temp-dir';
import { startBotChild, type ChildServer } from './lib/child-process';
import { benchJobId, benchJobName } from './lib/job-event-body';
import { Reporter, type ScenarioReport } from './lib/report';
import { readMemory, RssSampler } from './lib/rss';
import { startTeamsChat } from './lib/teams-chat';
import { round, sleep, summarize, timed, type Summary } from './lib/stats';

export interface HistoryAtScaleOptions {
  size: number;
  jobs: number;
  /** Repetitions of each query. */
  iterations: number;
}

const YEAR_MS = 365 * 86400_000;
const DAY_MS = 86400_000;

/** A deterministic pseudo-random sequence (fills are repeatable). */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the runs i (0 ≤ i < size, kept by `pick`) spread evenly over the year before `now`, oldest first, in
 * transactions of 50,000. The secondary indexes are dropped for the load and rebuilt from the adapter's own schema.
 */
export function fillHistory(store: SqliteStore, o: { size: number; jobs: number; now: number; pick?: (i: number) => boolean }): void {
  const rnd = prng(7);
  const db = store.db;
  db.pragma('synchronous = OFF'); // a bulk load: durability per row is not the point here
  const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'job_runs' AND sql IS NOT NULL`).all() as Array<{ name: string }>).map((r) => r.name);
  for (const name of indexes) db.exec(`DROP INDEX ${name}`);
  const insert = db.prepare(
    `INSERT INTO job_runs (id, run_key, job_id, job_name_key, result, end_time, doc) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const names = Array.from({ length: o.jobs }, (_, j) => benchJobName(j));
  const ids = Array.from({ length: o.jobs }, (_, j) => benchJobId(j));
  const keys = names.map(jobNameKey);
  const start = o.now - YEAR_MS;
  const step = YEAR_MS / o.size;
  const chunk = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (o.pick && !o.pick(i)) continue;
      const j = Math.floor(rnd() * o.jobs);
      const r = rnd();
      const result: JobResult = r < 0.04 ? 'Failed' : r < 0.12 ? 'Warning' : 'Success';
      const endTime = new Date(Math.floor(start + i * step));
      const sessionId = randomUUID();
      const run: JobRun = {
        id: randomUUID(),
        runKey: `session:${sessionId}`,
        source: 'webhook',
        jobId: ids[j],
        jobName: names[j],
        jobType: 'Backup',
        sessionId,
        result,
        finished: true,
        startTime: new Date(endTime.getTime() - 3600_000),
        endTime,
        durationSec: 3600,
        backupSizeBytes: 53687091200,
        processedSizeBytes: 107374182400,
        transferredSizeBytes: 2147483648,
        errorMessage: result === 'Failed' ? 'スナップショットの作成に失敗しました: VSS writer timeout' : undefined,
        server: 'vbr01.contoso.local',
        objects: [
          { name: `VM-${j}-01`, status: result },
          { name: `VM-${j}-02`, status: 'Success' },
          { name: `VM-${j}-03`, status: 'Success' },
        ],
        receivedAt: endTime,
        alertPending: false,
      };
      insert.run(run.id, run.runKey, run.jobId, keys[j], run.result, endTime.getTime(), encodeJobRun(run));
    }
  });
  for (let i = 0; i < o.size; i += 50_000) chunk(i, Math.min(o.size, i + 50_000));
  db.exec(HISTORY_SCHEMA);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('synchronous = FULL');
}

interface QueryCase {
  name: string;
  run: (i: number) => Promise<unknown>;
}

async function measureQueries(store: SqliteStore, o: HistoryAtScaleOptions, now: number): Promise<Record<string, Summary>> {
  const h = store.history;
  const job = (i: number) => (i * 7919) % o.jobs;
  const cases: QueryCase[] = [
    { name: 'newest 10', run: () => h.list({ limit: 10 }) },
    { name: 'newest 10, next page', run: async () => h.list({ limit: 10, cursor: (await h.list({ limit: 10 })).nextCursor }) },
    { name: 'per job by name (10)', run: (i) => h.list({ job: benchJobName(job(i)), limit: 10 }) },
    { name: 'per job by id (10)', run: (i) => h.list({ job: benchJobId(job(i)), limit: 10 }) },
    { name: 'failures of one job (10)', run: (i) => h.list({ job: benchJobName(job(i)), results: ['Failed'], limit: 10 }) },
    { name: 'failures in a week (page of 50)', run: () => h.list({ results: ['Failed'], from: new Date(now - 7 * DAY_MS), limit: 50 }) },
    { name: 'counts by result, last 7 days', run: () => h.countByResult({ from: new Date(now - 7 * DAY_MS) }) },
    { name: 'per-day counts, 30 days', run: () => h.dailyCounts({ from: new Date(now - 30 * DAY_MS), to: new Date(now), utcOffsetMinutes: 540 }) },
  ];
  const out: Record<string, Summary> = {};
  for (const c of cases) {
    const samples: number[] = [];
    for (let i = 0; i < o.iterations; i++) samples.push((await timed(() => c.run(i))).ms);
    out[c.name] = summarize(samples);
  }
  return out;
}

async function botRss(dataDir: string, exercise?: (bot: ChildServer) => Promise<void>): Promise<{ startMiB: number; afterMiB: number; peakMiB: number }> {
  const bot = await startBotChild({ DATA_DIR: dataDir });
  try {
    await sleep(1000);
    const startMiB = readMemory(bot.pid)?.rssMiB ?? NaN;
    const sampler = new RssSampler(bot.pid);
    if (exercise) await exercise(bot);
    await sleep(500);
    const peakMiB = sampler.stop();
    return { startMiB: round(startMiB), afterMiB: round(sampler.lastMiB), peakMiB: round(peakMiB) };
  } finally {
    await bot.stop();
  }
}

const fmt = (s: Summary) => `p50 ${round(s.p50, 2)} ms, p95 ${round(s.p95, 2)} ms, max ${round(s.max, 2)} ms (n=${s.n})`;

export async function runHistoryAtScale(o: HistoryAtScaleOptions): Promise<ScenarioReport> {
  const r = new Reporter('history at scale', { historySize: o.size, jobs: o.jobs, span: '365 days', iterations: o.iterations });
  const dataDir = makeTempDir('vtb-bench-history-');
  const now = Date.now();
  const chatCommands = (i: number) => [`history`, `history ${benchJobName((i * 31) % o.jobs)}`, `history failed`, `history ${benchJobName((i * 17) % o.jobs)} failed 20`][i % 4];
  const exercise = async (bot: ChildServer) => {
    const chat = await startTeamsChat(bot.url);
    const samples: number[] = [];
    try {
      for (let i = 0; i < 40; i++) samples.push((await chat.say(chatCommands(i))).ms);
    } finally {
      await chat.close();
    }
    exerciseLatency.push(...samples);
  };
  const exerciseLatency: number[] = [];
  try {
    openSqliteStore({ dataDir }).close();
    const empty = await botRss(dataDir, exercise);
    const emptyCommand = summarize(exerciseLatency.splice(0));
    r.figure('bot RSS, empty store', `${empty.startMiB} MiB at start, ${empty.afterMiB} MiB after 40 history commands (peak ${empty.peakMiB} MiB)`);
    r.figure('history command end to end, empty store', fmt(emptyCommand));

    // Two passes: every 10th run first (a tenth of the history, same span), then the rest; the bot's RSS is
    // measured after each, so growth with history size shows apart from the cost of having any history at all.
    const fillStore = openSqliteStore({ dataDir });
    const tenth = await timed(async () => fillHistory(fillStore, { size: o.size, jobs: o.jobs, now, pick: (i) => i % 10 === 0 }));
    await fillStore.close();
    const partial = await botRss(dataDir, exercise);
    const partialCommand = summarize(exerciseLatency.splice(0));
    r.figure(`bot RSS, ${o.size / 10} runs`, `${partial.startMiB} MiB at start, ${partial.afterMiB} MiB after 40 history commands (peak ${partial.peakMiB} MiB)`);
    r.figure(`history command end to end, ${o.size / 10} runs`, fmt(partialCommand));
    const restStore = openSqliteStore({ dataDir });
    const rest = await timed(async () => fillHistory(restStore, { size: o.size, jobs: o.jobs, now, pick: (i) => i % 10 !== 0 }));
    await restStore.close();
    const fill = { ms: tenth.ms + rest.ms };
    const fileMiB = (await import('node:fs')).statSync(`${dataDir}/history.sqlite`).size / 2 ** 20;
    r.figure('fill', `${o.size} runs in ${round(fill.ms / 1000)} s (${round(o.size / (fill.ms / 1000), 0)} runs/s), file ${round(fileMiB)} MiB`);

    const store = openSqliteStore({ dataDir });
    let queries: Record<string, Summary>;
    try {
      queries = await measureQueries(store, o, now);
    } finally {
      await store.close();
    }
    for (const [name, s] of Object.entries(queries)) r.figure(`query: ${name}`, fmt(s));
    r.data('queries', Object.fromEntries(Object.entries(queries).map(([k, s]) => [k, { p50: round(s.p50, 2), p95: round(s.p95, 2), max: round(s.max, 2) }])));

    const full = await botRss(dataDir, exercise);
    const fullCommand = summarize(exerciseLatency.splice(0));
    r.figure('bot RSS, filled store', `${full.startMiB} MiB at start, ${full.afterMiB} MiB after 40 history commands (peak ${full.peakMiB} MiB)`);
    r.figure('history command end to end, filled store', fmt(fullCommand));
    r.data('rss', { empty, partial, full });

    const worst = Math.max(...Object.values(queries).map((s) => s.p95));
    r.target('every history query p95 < 50 ms', worst < 50, `worst p95 ${round(worst, 2)} ms`);
    const growth = full.peakMiB - partial.peakMiB;
    r.target(`RSS not growing with history size (peak at ${o.size} runs within +16 MiB of the peak at ${o.size / 10})`, growth <= 16, `${round(growth)} MiB; empty store ${empty.peakMiB} MiB`);
  } finally {
    removeDir(dataDir);
  }
  return r.report;
}
