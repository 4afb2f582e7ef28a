/**
 * The one door for every job run, whether it came from the webhook or from the session poller:
 * dedupe (by run key) → store durably → tell listeners (alerts) about a newly stored run.
 */
import type { Logger } from '../logger';
import type { HistoryStore } from '../store/history-store';
import type { JobRun, NewJobRun } from './job-run';

/** Called once per newly stored run (never for a duplicate). Alerts plug in here. */
export type StoredRunListener = (run: JobRun) => Promise<void>;

export interface JobEventDeps {
  history: HistoryStore;
  logger: Logger;
  listeners?: StoredRunListener[];
}

export interface JobEventOutcome {
  id: string;
  duplicate: boolean;
}

export async function handleJobEvent(newRun: NewJobRun, deps: JobEventDeps): Promise<JobEventOutcome> {
  const outcome = await deps.history.insert(newRun);
  const log = deps.logger.child({ runId: outcome.id, sessionId: newRun.sessionId, jobId: newRun.jobId });
  if (outcome.duplicate) {
    log.info({ source: newRun.source }, 'job run already stored; duplicate ignored');
    return outcome;
  }
  log.info({ source: newRun.source, result: newRun.result, finished: newRun.finished }, 'job run stored');
  const run: JobRun = { ...newRun, id: outcome.id };
  for (const listener of deps.listeners ?? []) {
    try {
      await listener(run);
    } catch (err) {
      // The run is stored; a listener failure must not turn the webhook's answer into an error
      // (the script would resend and the resend is a duplicate). Listeners keep their own retry state.
      log.error({ err }, 'a listener failed for a stored job run');
    }
  }
  return outcome;
}
