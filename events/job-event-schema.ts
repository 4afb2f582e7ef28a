/**
 * The job-complete webhook body, as the seed's scripts and our own scripts send it.
 * Sizes and durations may be numbers or strings; `status` is case-insensitive; unknown fields are kept.
 */
import { z } from 'zod';
import { JOB_RESULTS, type JobResult } from './job-run';

const MAX_BYTES = Number.MAX_SAFE_INTEGER;

function emptyToUndefined(v: unknown): unknown {
  return typeof v === 'string' && v.trim() === '' ? undefined : v;
}

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const result = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.string({ message: `expected one of ${JOB_RESULTS.join(', ')}` }).transform((v, ctx): JobResult => {
    const found = JOB_RESULTS.find((r) => r.toLowerCase() === v.toLowerCase());
    if (found) return found;
    ctx.addIssue({ code: 'custom', message: `expected one of ${JOB_RESULTS.join(', ')} (any case)` });
    return z.NEVER;
  }),
);

/** Bytes as a non-negative whole number, from 1024000 or "1024000". */
const bytes = z.preprocess(
  emptyToUndefined,
  z
    .union([z.number(), z.string().trim()], { message: 'expected a number of bytes' })
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
      if (!Number.isFinite(n) || n < 0 || n > MAX_BYTES) {
        ctx.addIssue({ code: 'custom', message: 'expected a non-negative number of bytes' });
        return z.NEVER;
      }
      return Math.round(n);
    })
    .optional(),
);

/** Seconds, from 3600, "3600", "01:02:03" or .NET's "1.02:03:04" (days.hours:minutes:seconds). */
export function parseDurationSeconds(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && v <= 10 * 365 * 86400 ? v : undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseDurationSeconds(Number(s));
  const m = /^(?:(\d+)\.)?(\d{1,3}):(\d{2}):(\d{2})(?:\.\d+)?$/.exec(s);
  if (!m) return undefined;
  const [, days, h, min, sec] = m;
  if (Number(min) > 59 || Number(sec) > 59) return undefined;
  return Number(days ?? 0) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(sec);
}

const duration = z.preprocess(
  emptyToUndefined,
  z
    .union([z.number(), z.string()], { message: 'expected seconds or hh:mm:ss' })
    .transform((v, ctx) => {
      const s = parseDurationSeconds(v);
      if (s === undefined) {
        ctx.addIssue({ code: 'custom', message: 'expected seconds (e.g. 3600) or hh:mm:ss (e.g. 01:02:03)' });
        return z.NEVER;
      }
      return s;
    })
    .optional(),
);

/** ISO 8601 with an offset or Z, or Windows PowerShell 5.1's ConvertTo-Json form "/Date(1705314600000)/". */
export function parseTimestamp(v: string): Date | undefined {
  const s = v.trim();
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(s);
  // Both forms get the same plausibility range (a huge /Date(…)/ used to be an Invalid Date, and 1970 got through).
  if (ms) return plausible(new Date(Number(ms[1])));
  const iso = /^(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (!iso) return undefined;
  // JavaScript rolls 2024-02-30 over to March 1st; a day the month does not have is refused instead.
  // A time without Z or an offset would be read in the bot server's zone, which is rarely the Veeam server's.
  if (iso[4] && !iso[7]) return undefined;
  const [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return plausible(new Date(s));
}

function plausible(d: Date): Date | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  const year = d.getUTCFullYear();
  return year >= 2000 && year <= 2200 ? d : undefined;
}

const timestamp = z.preprocess(
  emptyToUndefined,
  z
    .string({ message: 'expected an ISO 8601 date-time, e.g. 2024-01-15T10:30:00Z' })
    .transform((v, ctx) => {
      const d = parseTimestamp(v);
      if (!d) {
        ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 date-time with Z or an offset (e.g. 2024-01-15T10:30:00Z) in 2000–2200' });
        return z.NEVER;
      }
      return d;
    })
    .optional(),
);

const optionalText = (max: number) => z.preprocess(emptyToUndefined, text(max).optional());

const objectResult = z.object({
  name: text(512),
  status: result,
  message: optionalText(8192),
});

export const JobEventSchema = z
  .looseObject({
    jobName: optionalText(512),
    jobId: z.preprocess(
      (v) => (typeof v === 'number' ? String(v) : v),
      z.string({ message: 'required: the Veeam job id' }).trim().min(1, 'required: the Veeam job id').max(200, 'must be at most 200 characters'),
    ),
    status: z.preprocess(emptyToUndefined, result.optional()),
    backupSize: bytes,
    duration,
    timestamp,
    sessionId: z.preprocess(
      emptyToUndefined,
      z
        .string({ message: 'expected the Veeam session GUID' })
        .trim()
        .regex(/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i, 'expected the Veeam session GUID')
        .transform((v) => v.replace(/[{}]/g, '').toLowerCase())
        .optional(),
    ),
    jobType: optionalText(100),
    startTime: timestamp,
    endTime: timestamp,
    errorMessage: optionalText(65536),
    server: optionalText(255),
    processedSize: bytes,
    transferredSize: bytes,
    objects: z.array(objectResult, { message: 'expected an array of {name, status, message}' }).max(10000, 'at most 10000 objects').optional(),
  })
  .superRefine((e, ctx) => {
    // A minimal event (jobId + sessionId) is completed from the Veeam API; otherwise the run must describe itself.
    if (!e.sessionId) {
      if (!e.jobName) ctx.addIssue({ code: 'custom', path: ['jobName'], message: 'required (or send sessionId so the bot can read it from Veeam)' });
      if (!e.status) ctx.addIssue({ code: 'custom', path: ['status'], message: `required: one of ${JOB_RESULTS.join(', ')} (or send sessionId)` });
      if (!e.timestamp && !e.endTime) {
        ctx.addIssue({ code: 'custom', path: ['timestamp'], message: 'required when sessionId is absent: it identifies the run' });
      }
    }
    if (e.startTime instanceof Date && e.endTime instanceof Date && e.startTime.getTime() > e.endTime.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'must not be before startTime' });
    }
  }, {
    // Run even when other fields are already bad, so one answer names every problem (a missing jobName too).
    // Fields that failed their own check still hold their raw value here, hence the instanceof guards above.
    when: () => true,
  });

export type JobEvent = z.infer<typeof JobEventSchema>;

/** The fields the schema knows; anything else goes to JobRun.extra. */
export const KNOWN_EVENT_FIELDS = new Set(Object.keys(JobEventSchema.shape));
