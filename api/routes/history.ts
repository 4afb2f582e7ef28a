/**
 * The History tab's data API. Both routes need a signed-in caller (api/auth/tab-auth.ts) and answer JSON only.
 *
 *   GET /api/history?job=&result=Failed,Warning&from=&to=&tz=&limit=&cursor=
 *       → { items: [...], nextCursor? } newest first; `cursor` is the previous page's nextCursor.
 *   GET /api/history/summary?days=30&tz=Asia/Tokyo[&from=&to=]
 *       → { tz, utcOffsetMinutes, range, counts, days: [{ day, Success, Warning, Failed, None }] }
 *         counts per result over [from, to) (default: the same days as the chart), and exactly `days` calendar days
 *         (oldest first, today last) in the caller's time zone.
 *
 * `from` / `to` take a calendar day (YYYY-MM-DD, read in `tz`; `to` includes that whole day) or an ISO 8601 time
 * with Z or an offset. `tz` is an IANA zone (default UTC); `utcOffset` (minutes east of UTC) may be given instead.
 * A bad parameter is answered 400 naming it: { error, details: [{ field, problem }] }.
 */
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { FieldProblem } from '../../errors';
import { JOB_RESULTS, type JobResult, type JobRun } from '../../events/job-run';
import { decodeCursor, emptyCounts, MAX_PAGE_SIZE, type DailyCounts, type HistoryStore } from '../../store/history-store';
import type { Logger } from '../../logger';
import { errorToHttp } from '../error-response';
import { TabAuthUnconfiguredError, type TabAuth } from '../auth/tab-auth';
import { SigningKeysUnavailableError, TokenRejectedError } from '../auth/verify-teams-token';

export interface HistoryRoutesOptions {
  history: HistoryStore;
  auth: TabAuth;
  logger: Logger;
  now?: () => Date;
}

export const MAX_SUMMARY_DAYS = 366;

// ---------- time zones ----------

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz }).format(0);
    return true;
  } catch {
    return false;
  }
}

/** Minutes east of UTC of `tz` at the instant `ms`. */
export function zoneOffsetMinutes(tz: string, ms: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** How a request's calendar days map to instants: a named zone, or a fixed offset. */
interface Zone {
  tz?: string;
  fixedOffset?: number;
}

function offsetAt(zone: Zone, ms: number): number {
  return zone.tz ? zoneOffsetMinutes(zone.tz, ms) : (zone.fixedOffset ?? 0);
}

/** The instant local midnight starts the day `y-m-d` in `zone`. */
function startOfDay(zone: Zone, y: number, m: number, d: number): Date {
  const localMidnightAsUtc = Date.UTC(y, m - 1, d);
  let guess = localMidnightAsUtc - offsetAt(zone, localMidnightAsUtc) * 60_000;
  guess = localMidnightAsUtc - offsetAt(zone, guess) * 60_000;
  return new Date(guess);
}

/** YYYY-MM-DD of `ms` in `zone`. */
function dayOf(zone: Zone, ms: number): string {
  return new Date(ms + offsetAt(zone, ms) * 60_000).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function dayStart(zone: Zone, day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return startOfDay(zone, y, m, d);
}

// ---------- query parameters ----------

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A calendar day or an ISO instant, kept as text until the zone is known. */
const timeParam = z
  .string()
  .trim()
  .refine((v) => (DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) || (INSTANT.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'expected a day (YYYY-MM-DD) or an ISO 8601 time with Z or an offset (2025-03-11T09:00:00+09:00)',
  });

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((v) => /^-?\d+$/.test(v) && Number(v) >= min && Number(v) <= max, { message: `expected a whole number from ${min} to ${max}` })
    .transform(Number);

const resultByLowerName = new Map<string, JobResult>(JOB_RESULTS.map((r) => [r.toLowerCase(), r]));

const resultList = z
  .string()
  .transform((v, ctx) => {
    const names = v.split(',').map((s) => s.trim()).filter(Boolean);
    const results = names.map((n) => resultByLowerName.get(n.toLowerCase()));
    if (!names.length || results.some((r) => r === undefined)) {
      ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${JOB_RESULTS.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(results as JobResult[])];
  });

const zoneParams = {
  tz: z.string().trim().refine(isTimeZone, { message: 'expected an IANA time zone, e.g. Asia/Tokyo or UTC' }).optional(),
  utcOffset: wholeNumber(-14 * 60, 14 * 60).optional(),
};

const ListQuery = z.strictObject({
  job: z.string().trim().min(1, 'expected a job name or id').max(200, 'expected at most 200 characters').optional(),
  result: resultList.optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  limit: wholeNumber(1, MAX_PAGE_SIZE).optional(),
  cursor: z.string().refine((v) => decodeCursor(v) !== undefined, { message: 'expected the nextCursor of a previous page' }).optional(),
  ...zoneParams,
});

const SummaryQuery = z.strictObject({
  days: wholeNumber(1, MAX_SUMMARY_DAYS).optional(),
  from: timeParam.optional(),
  to: timeParam.optional(),
  ...zoneParams,
});

class BadQueryError extends Error {
  constructor(readonly details: FieldProblem[]) {
    super('Invalid query parameters');
  }
}

/** The query string as a flat record; a repeated parameter is joined with commas (result=Failed&result=Warning). */
function queryRecord(req: Request): Record<string, string> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const out: Record<string, string> = {};
  for (const [k, v] of params) out[k] = k in out ? `${out[k]},${v}` : v;
  return out;
}

function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(queryRecord(req));
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ field: k, problem: 'unknown parameter' }));
    return [{ field: issue.path.join('.') || '(query)', problem: issue.message }];
  });
  throw new BadQueryError(details);
}

function zoneOf(q: { tz?: string; utcOffset?: number }): Zone {
  if (q.tz) return { tz: q.tz };
  if (q.utcOffset !== undefined) return { fixedOffset: q.utcOffset };
  return { tz: 'UTC' };
}

/** `from` is inclusive; a day given as `to` is included whole (the bound is the next day's start). */
function resolveRange(q: { from?: string; to?: string }, zone: Zone): { from?: Date; to?: Date } {
  const from = q.from === undefined ? undefined : DAY.test(q.from) ? dayStart(zone, q.from) : new Date(q.from);
  const to = q.to === undefined ? undefined : DAY.test(q.to) ? dayStart(zone, addDays(q.to, 1)) : new Date(q.to);
  if (from && to && from.getTime() >= to.getTime()) throw new BadQueryError([{ field: 'to', problem: 'must be after from' }]);
  return { from, to };
}

// ---------- answers ----------

/** What the tab sees of a run: no internal keys, no raw script extras. */
export function runForTab(run: JobRun) {
  return {
    id: run.id,
    jobId: run.jobId,
    jobName: run.jobName,
    jobType: run.jobType,
    result: run.result,
    finished: run.finished,
    startTime: run.startTime?.toISOString(),
    endTime: run.endTime.toISOString(),
    durationSec: run.durationSec,
    backupSizeBytes: run.backupSizeBytes,
    transferredSizeBytes: run.transferredSizeBytes,
    errorMessage: run.errorMessage,
    server: run.server,
    objects: run.objects.slice(0, 50),
    objectCount: run.objects.length,
  };
}

function fillDays(first: string, count: number, rows: DailyCounts[]): DailyCounts[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: count }, (_, i) => {
    const day = addDays(first, i);
    const row = byDay.get(day);
    return { day, Success: row?.Success ?? 0, Warning: row?.Warning ?? 0, Failed: row?.Failed ?? 0, None: row?.None ?? 0 };
  });
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.header('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(headers)) res.header(k, v);
  res.send(status, body);
}

function answerError(res: Response, err: unknown, logger: Logger): void {
  if (err instanceof BadQueryError) {
    send(res, 400, { error: err.message, details: err.details });
  } else if (err instanceof TokenRejectedError) {
    logger.warn({ problem: err.problem }, 'history API: sign-in refused');
    send(res, 401, { error: 'Sign-in required', problem: err.problem }, { 'WWW-Authenticate': `Bearer error="invalid_token"` });
  } else if (err instanceof SigningKeysUnavailableError || err instanceof TabAuthUnconfiguredError) {
    logger.error({ err }, 'history API: cannot check sign-in');
    send(res, 503, { error: err.message }, { 'Retry-After': '30' });
  } else {
    const answer = errorToHttp(err);
    if (answer.status >= 500) logger.error({ err }, 'history API failed');
    send(res, answer.status, answer.body, answer.headers);
  }
}

export function registerHistoryRoutes(server: Server, options: HistoryRoutesOptions): void {
  const { history, auth, logger } = options;
  const now = options.now ?? (() => new Date());

  const authenticated = (handler: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await auth.authenticate({ headers: req.headers, remoteAddress: req.socket.remoteAddress });
      send(res, 200, await handler(req));
    } catch (err) {
      answerError(res, err, logger);
    }
  };

  server.get(
    '/api/history',
    authenticated(async (req) => {
      const q = parseQuery(ListQuery, req);
      const { from, to } = resolveRange(q, zoneOf(q));
      const page = await history.list({ job: q.job, results: q.result, from, to, limit: q.limit, cursor: q.cursor });
      return { items: page.items.map(runForTab), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
    }),
  );

  server.get(
    '/api/history/summary',
    authenticated(async (req) => {
      const q = parseQuery(SummaryQuery, req);
      const zone = zoneOf(q);
      const days = q.days ?? 30;
      const nowMs = now().getTime();
      const today = dayOf(zone, nowMs);
      const firstDay = addDays(today, -(days - 1));
      const chartFrom = dayStart(zone, firstDay);
      const chartTo = dayStart(zone, addDays(today, 1));
      // The store groups by one fixed offset: the zone's offset now (a DST change inside the window shifts runs
      // within an hour of midnight on the far side of it by one day).
      const utcOffsetMinutes = offsetAt(zone, nowMs);
      const range = resolveRange(q, zone);
      const countFrom = range.from ?? (q.to === undefined ? chartFrom : undefined);
      const countTo = range.to ?? (q.from === undefined ? chartTo : undefined);
      const [counts, rows] = await Promise.all([
        history.countByResult({ from: countFrom, to: countTo }),
        history.dailyCounts({ from: chartFrom, to: chartTo, utcOffsetMinutes }),
      ]);
      const total = JOB_RESULTS.reduce((n, r) => n + counts[r], 0);
      return {
        tz: zone.tz ?? null,
        utcOffsetMinutes,
        range: { from: countFrom?.toISOString() ?? null, to: countTo?.toISOString() ?? null },
        counts: { ...emptyCounts(), ...counts, total },
        days: fillDays(firstDay, days, rows),
      };
    }),
  );
}
