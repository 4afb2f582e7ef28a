/**
 * History in SQLite (better-sqlite3). Writes (inserts and updates) arriving in the same tick are committed
 * together in one transaction (group commit), so each acknowledged event is on disk (WAL, synchronous=FULL)
 * without paying one fsync per request. Updates share it too: the alert decision clears `alertPending` on every
 * stored run, and one fsync per update capped the webhook at about 1,100 events/s (see docs/performance.md).
 * Queries walk indexes newest-first; nothing is filtered in memory.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { JobResult, JobRun, NewJobRun } from '../../events/job-run';
import {
  clampLimit, decodeCursor, emptyCounts, encodeCursor, jobNameKey, utcDay,
  type DailyCounts, type HistoryPage, type HistoryQuery, type HistoryStore, type InsertOutcome, type JobRunUpdate, type ResultCounts,
} from '../history-store';
import { decodeJobRun, encodeJobRun } from '../job-run-codec';
import { StoreUnavailableError } from '../../errors';
import { mapSqliteError } from './sqlite-errors';

export const HISTORY_SCHEMA = `
CREATE TABLE IF NOT EXISTS job_runs (
  id TEXT PRIMARY KEY,
  run_key TEXT NOT NULL UNIQUE,
  job_id TEXT NOT NULL,
  job_name_key TEXT NOT NULL,
  result TEXT NOT NULL,
  end_time INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS job_runs_time ON job_runs(end_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS job_runs_job_time ON job_runs(job_id, end_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS job_runs_name_time ON job_runs(job_name_key, end_time DESC, id DESC);
CREATE INDEX IF NOT EXISTS job_runs_result_time ON job_runs(result, end_time DESC, id DESC);
-- Covers the counts (per result, per day) over a time range without reading rows: 30-day counts over a
-- million runs went from ~190 ms to ~20 ms (docs/performance.md).
CREATE INDEX IF NOT EXISTS job_runs_time_result ON job_runs(end_time, result);
`;

type Pending =
  | { kind: 'insert'; run: JobRun; resolve: (outcome: InsertOutcome) => void; reject: (err: unknown) => void }
  | { kind: 'update'; id: string; update: JobRunUpdate; resolve: (run: JobRun | undefined) => void; reject: (err: unknown) => void };

interface Row {
  doc: string;
}

export class SqliteHistoryStore implements HistoryStore {
  private pending: Pending[] = [];
  private flushScheduled = false;
  private readonly insertStmt: Database.Statement;
  private readonly byKeyStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement;
  private readonly updateStmt: Database.Statement;
  private readonly updateDocStmt: Database.Statement;
  private readonly writeBatch: (batch: Pending[]) => Array<InsertOutcome | JobRun | undefined>;

  constructor(private readonly db: Database.Database) {
    db.exec(HISTORY_SCHEMA);
    this.insertStmt = db.prepare(
      `INSERT INTO job_runs (id, run_key, job_id, job_name_key, result, end_time, doc)
       VALUES (@id, @runKey, @jobId, @nameKey, @result, @endTime, @doc) ON CONFLICT(run_key) DO NOTHING`,
    );
    this.byKeyStmt = db.prepare('SELECT id, doc FROM job_runs WHERE run_key = ?');
    this.byIdStmt = db.prepare('SELECT doc FROM job_runs WHERE id = ?');
    // Most updates (the alert decision's alertPending mark) change no indexed column: rewriting only the
    // document spares SQLite the five index updates.
    this.updateDocStmt = db.prepare('UPDATE job_runs SET doc = @doc WHERE id = @id');
    this.updateStmt = db.prepare(
      'UPDATE job_runs SET job_id = @jobId, job_name_key = @nameKey, result = @result, end_time = @endTime, doc = @doc WHERE id = @id',
    );
    this.writeBatch = db.transaction((batch: Pending[]) =>
      batch.map((p) => (p.kind === 'insert' ? this.insertNow(p.run) : this.updateNow(p.id, p.update))),
    );
  }

  insert(run: NewJobRun): Promise<InsertOutcome> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'insert', run: { ...run, id: randomUUID() }, resolve, reject }));
  }

  private insertNow(run: JobRun): InsertOutcome {
    const info = this.insertStmt.run(this.params(run));
    if (info.changes === 1) return { id: run.id, duplicate: false };
    const existing = this.byKeyStmt.get(run.runKey) as { id: string };
    return { id: existing.id, duplicate: true };
  }

  private enqueue(p: Pending): void {
    this.pending.push(p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Commits every write queued so far in one transaction, in the order they were asked for. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    let outcomes: Array<InsertOutcome | JobRun | undefined>;
    try {
      outcomes = this.writeBatch(batch);
    } catch (err) {
      const mapped = mapSqliteError(err);
      if (batch.length > 1 && !(mapped instanceof StoreUnavailableError)) {
        // One write the store refuses (e.g. a record it cannot encode) must not fail the others queued with it.
        for (const p of batch) this.flushOne(p);
        return;
      }
      for (const p of batch) p.reject(mapped);
      return;
    }
    batch.forEach((p, i) => (p.kind === 'insert' ? p.resolve(outcomes[i] as InsertOutcome) : p.resolve(outcomes[i] as JobRun | undefined)));
  }

  private flushOne(p: Pending): void {
    let outcome: InsertOutcome | JobRun | undefined;
    try {
      [outcome] = this.writeBatch([p]);
    } catch (err) {
      p.reject(mapSqliteError(err));
      return;
    }
    if (p.kind === 'insert') p.resolve(outcome as InsertOutcome);
    else p.resolve(outcome as JobRun | undefined);
  }

  async get(id: string): Promise<JobRun | undefined> {
    const row = this.run(() => this.byIdStmt.get(id) as Row | undefined);
    return row ? decodeJobRun(row.doc) : undefined;
  }

  async getByRunKey(runKey: string): Promise<JobRun | undefined> {
    const row = this.run(() => this.byKeyStmt.get(runKey) as Row | undefined);
    return row ? decodeJobRun(row.doc) : undefined;
  }

  update(id: string, update: JobRunUpdate): Promise<JobRun | undefined> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'update', id, update, resolve, reject }));
  }

  private updateNow(id: string, update: JobRunUpdate): JobRun | undefined {
    const row = this.byIdStmt.get(id) as Row | undefined;
    if (!row) return undefined;
    const previous = decodeJobRun(row.doc);
    const next: JobRun = { ...previous, ...stripUndefined(update) };
    const params = this.params(next);
    const indexedUnchanged =
      next.jobId === previous.jobId && next.result === previous.result && next.endTime.getTime() === previous.endTime.getTime() &&
      params.nameKey === jobNameKey(previous.jobName);
    if (indexedUnchanged) this.updateDocStmt.run({ id: params.id, doc: params.doc });
    else this.updateStmt.run(params);
    return next;
  }

  async list(query: HistoryQuery): Promise<HistoryPage> {
    const limit = clampLimit(query.limit);
    const { where, params } = this.filters(query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (cursor) {
      where.push('(end_time < @cEnd OR (end_time = @cEnd AND id < @cId))');
      params.cEnd = cursor.endTimeMs;
      params.cId = cursor.id;
    }
    const sql = `SELECT doc FROM job_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                 ORDER BY end_time DESC, id DESC LIMIT ${limit + 1}`;
    const rows = this.run(() => this.db.prepare(sql).all(params) as Row[]);
    const items = rows.slice(0, limit).map((r) => decodeJobRun(r.doc));
    return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : undefined };
  }

  async countByResult(range: { from?: Date; to?: Date; job?: string }): Promise<ResultCounts> {
    const { where, params } = this.filters(range);
    // GROUP BY +result: grouping by the bare column made SQLite scan the whole (result, end_time) index instead of
    // searching the time range in job_runs_time_result (7-day counts over a million runs: ~95 ms → ~3 ms).
    const sql = `SELECT result, COUNT(*) AS n FROM job_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY +result`;
    const rows = this.run(() => this.db.prepare(sql).all(params) as Array<{ result: JobResult; n: number }>);
    const counts = emptyCounts();
    for (const r of rows) counts[r.result] = r.n;
    return counts;
  }

  async dailyCounts(range: { from: Date; to: Date; utcOffsetMinutes?: number }): Promise<DailyCounts[]> {
    const offsetMs = (range.utcOffsetMinutes ?? 0) * 60_000;
    const rows = this.run(
      () =>
        this.db
          .prepare(
            `SELECT CAST(end_time + @offset AS INTEGER) / 86400000 AS dayIndex, result, COUNT(*) AS n FROM job_runs
             WHERE end_time >= @from AND end_time < @to GROUP BY dayIndex, result ORDER BY dayIndex`,
          )
          .all({ offset: offsetMs, from: range.from.getTime(), to: range.to.getTime() }) as Array<{ dayIndex: number; result: JobResult; n: number }>,
    );
    const days = new Map<string, DailyCounts>();
    for (const r of rows) {
      const day = utcDay(r.dayIndex * 86400000, 0);
      const entry = days.get(day) ?? { day, ...emptyCounts() };
      entry[r.result] += r.n;
      days.set(day, entry);
    }
    return [...days.values()];
  }

  /** Deletes runs that ended before `before`, in chunks so the write lock is held briefly. */
  pruneBefore(before: Date, chunk = 5000): number {
    let total = 0;
    const stmt = this.db.prepare('DELETE FROM job_runs WHERE id IN (SELECT id FROM job_runs WHERE end_time < ? LIMIT ?)');
    for (;;) {
      const n = this.run(() => stmt.run(before.getTime(), chunk).changes);
      total += n;
      if (n < chunk) return total;
    }
  }

  private filters(q: { job?: string; results?: JobResult[]; from?: Date; to?: Date }) {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (q.job) {
      where.push('(job_id = @jobId OR job_name_key = @nameKey)');
      params.jobId = q.job.trim();
      params.nameKey = jobNameKey(q.job);
    }
    if (q.results?.length) {
      // With a job, walk that job's runs (hundreds) and filter by result (`+result` keeps SQLite from picking the
      // result index instead, which walked every failure of every job: ~100 ms at a million runs).
      where.push(`${q.job ? '+' : ''}result IN (${q.results.map((_, i) => `@r${i}`).join(', ')})`);
      q.results.forEach((r, i) => (params[`r${i}`] = r));
    }
    if (q.from) {
      where.push('end_time >= @from');
      params.from = q.from.getTime();
    }
    if (q.to) {
      where.push('end_time < @to');
      params.to = q.to.getTime();
    }
    return { where, params };
  }

  private params(run: JobRun) {
    return {
      id: run.id,
      runKey: run.runKey,
      jobId: run.jobId,
      nameKey: jobNameKey(run.jobName),
      result: run.result,
      endTime: run.endTime.getTime(),
      doc: encodeJobRun(run),
    };
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw mapSqliteError(err);
    }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
