/** JSON (de)serialisation of a JobRun for adapters that keep the whole record as one document. */
import type { JobRun } from '../events/job-run';

const DATE_FIELDS = ['startTime', 'endTime', 'receivedAt'] as const;

export function encodeJobRun(run: JobRun): string {
  return JSON.stringify(run);
}

export function decodeJobRun(json: string): JobRun {
  const raw = JSON.parse(json) as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (typeof raw[f] === 'string') raw[f] = new Date(raw[f] as string);
  return raw as unknown as JobRun;
}
