/** Maps a Veeam session (read from the API) to the run we store or to the fields that complete a stored run. Pure. */
import type { VeeamSessionDetails } from '../veeam/veeam-client';
import type { JobRun, NewJobRun } from './job-run';

/** Veeam's own message, else the first error (or warning) line of the session log. */
function errorMessageOf(s: VeeamSessionDetails): string | undefined {
  if (s.result === 'Success') return undefined;
  const lines = s.problems.filter((p) => (s.result === 'Failed' ? p.status === 'Failed' : p.status !== 'Succeeded')).map((p) => p.title);
  return s.message?.trim() || lines.join('\n') || undefined;
}

export function runFieldsFromSession(s: VeeamSessionDetails): Omit<NewJobRun, 'runKey' | 'source' | 'receivedAt'> {
  const end = s.endTime ?? new Date();
  return {
    jobId: s.jobId,
    jobName: s.jobName,
    jobType: s.sessionType,
    sessionId: s.id.toLowerCase(),
    result: s.finished ? s.result : 'None',
    finished: s.finished && s.result !== 'None',
    startTime: s.creationTime,
    endTime: end,
    durationSec: s.endTime ? Math.max(0, Math.round((s.endTime.getTime() - s.creationTime.getTime()) / 1000)) : undefined,
    processedSizeBytes: s.processedSizeBytes,
    transferredSizeBytes: s.transferredSizeBytes,
    errorMessage: errorMessageOf(s),
    objects: s.tasks.map((t) => ({ name: t.name, status: t.result, ...(t.message ? { message: t.message } : {}) })),
  };
}

export function jobRunFromSession(s: VeeamSessionDetails, receivedAt: Date): NewJobRun {
  return { ...runFieldsFromSession(s), runKey: `session:${s.id.toLowerCase()}`, source: 'poller', receivedAt };
}

/** Fields that complete a stored run: what Veeam knows wins, what only the script sent (sizes, server) is kept. */
export function completionFromSession(stored: JobRun, s: VeeamSessionDetails): Partial<JobRun> {
  const f = runFieldsFromSession(s);
  return {
    ...f,
    jobName: s.jobName || stored.jobName,
    processedSizeBytes: f.processedSizeBytes ?? stored.processedSizeBytes,
    transferredSizeBytes: f.transferredSizeBytes ?? stored.transferredSizeBytes,
    errorMessage: f.errorMessage ?? stored.errorMessage,
    objects: f.objects.length ? f.objects : stored.objects,
  };
}
