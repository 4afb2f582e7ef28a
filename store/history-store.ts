/** The job-run history, behind one interface with an embedded (SQLite) and a MongoDB adapter. */
import type { JobResult, JobRun, NewJobRun } from '../events/job-run';

export interface HistoryQuery {
  /** A job id, or a job name (matched case- and width-insensitively, whole name). */
  job?: string;
  results?: JobResult[];
  /** Inclusive lower bound on endTime. */
  from?: Date;
  /** Exclusive upper bound on endTime. */
  to?: Date;
  /** 1..200, default 20. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface HistoryPage {
  items: JobRun[];
  /** Present when there may be more items. */
  nextCursor?: string;
}

export type ResultCounts = Record<JobResult, number>;

export interface DailyCounts extends ResultCounts {
  /** Calendar day (YYYY-MM-DD) in the requested UTC offset. */
  day: string;
}

export interface InsertOutcome {
  id: string;
  /** True when a run with the same runKey was already stored; nothing was written. */
  duplicate: boolean;
}

/** Fields that may change after a run is first stored (an in-progress run completed from Veeam). */
export type JobRunUpdate = Partial<Omit<JobRun, 'id' | 'runKey' | 'receivedAt' | 'source'>>;

export interface HistoryStore {
  /** Stores the run durably before resolving; a repeat of the same runKey is a duplicate, not an error. */
  insert(run: NewJobRun): Promise<InsertOutcome>;
  get(id: string): Promise<JobRun | undefined>;
  getByRunKey(runKey: string): Promise<JobRun | undefined>;
  update(id: string, update: JobRunUpdate): Promise<JobRun | undefined>;
  /** Newest first (by endTime, then id). */
  list(query: HistoryQuery): Promise<HistoryPage>;
  countByResult(range: { from?: Date; to?: Date; job?: string }): Promise<ResultCounts>;
  /** Per-day counts for days in [from, to), days computed at the given UTC offset (minutes east of UTC). */
  dailyCounts(range: { from: Date; to: Date; utcOffsetMinutes?: number }): Promise<DailyCounts[]>;
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 20;

export function emptyCounts(): ResultCounts {
  return { Success: 0, Warning: 0, Failed: 0, None: 0 };
}

/** Cursor = position of the last item returned: (endTime ms, id). */
export function encodeCursor(run: Pick<JobRun, 'endTime' | 'id'>): string {
  return Buffer.from(JSON.stringify([run.endTime.getTime(), run.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { endTimeMs: number; id: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') {
      return { endTimeMs: parsed[0], id: parsed[1] };
    }
  } catch {
    /* fall through */
  }
  return undefined;
}

/** How job names are compared: Unicode NFKC (full-width → half-width), lower case, whitespace collapsed. */
export function jobNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(limit)));
}

export function utcDay(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
