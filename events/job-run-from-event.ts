/** Maps a validated webhook event to the run we store. Pure. */
import type { JobEvent } from './job-event-schema';
import { KNOWN_EVENT_FIELDS } from './job-event-schema';
import type { NewJobRun } from './job-run';

export function runKeyFor(event: Pick<JobEvent, 'sessionId' | 'jobId' | 'endTime' | 'timestamp'>, receivedAt: Date): string {
  if (event.sessionId) return `session:${event.sessionId}`;
  const end = event.endTime ?? event.timestamp ?? receivedAt;
  return `job:${event.jobId}|${end.toISOString()}`;
}

export function jobRunFromEvent(event: JobEvent, receivedAt: Date): NewJobRun {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (!KNOWN_EVENT_FIELDS.has(k)) extra[k] = v;
  const result = event.status ?? 'None';
  const endTime = event.endTime ?? event.timestamp ?? receivedAt;
  const durationSec =
    event.duration ??
    (event.startTime && event.endTime ? Math.round((event.endTime.getTime() - event.startTime.getTime()) / 1000) : undefined);
  return {
    runKey: runKeyFor(event, receivedAt),
    source: 'webhook',
    jobId: event.jobId,
    jobName: event.jobName ?? event.jobId,
    jobType: event.jobType,
    sessionId: event.sessionId,
    result,
    finished: result !== 'None',
    startTime: event.startTime,
    endTime,
    durationSec,
    backupSizeBytes: event.backupSize,
    processedSizeBytes: event.processedSize,
    transferredSizeBytes: event.transferredSize,
    errorMessage: event.errorMessage,
    server: event.server,
    objects: event.objects?.map((o) => ({ name: o.name, status: o.status, message: o.message })) ?? [],
    receivedAt,
    extra: Object.keys(extra).length ? extra : undefined,
  };
}
