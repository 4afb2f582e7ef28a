/**
 * The one door for every job run, whether it came from the webhook or from the session poller:
 * dedupe (by run key) → store durably → tell listeners (alerts) about a newly stored run.
 * A repeat of a run that was stored while still in progress, now finished, completes the stored run instead.
 */
import type { Logger } from '../logger';
import type { HistoryStore } from '../store/history-store';
import type { JobRun, NewJobRun } from './job-run';

/** Called once per newly stored run (never for a duplicate), and once more when an in-progress run is completed. */
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
  // Marked in the same write as the run itself: the alert decision is owed until a listener clears it.
  const outcome = await deps.history.insert({ ...newRun, alertPending: true });
  const log = deps.logger.child({ runId: outcome.id, sessionId: newRun.sessionId, jobId: newRun.jobId });
  if (outcome.duplicate) {
    const completed = await completeStoredRun(outcome.id, newRun, deps.history);
    if (!completed) {
      log.info({ source: newRun.source }, 'job run already stored; duplicate ignored');
      return outcome;
    }
    log.info({ source: newRun.source, result: completed.result }, 'in-progress job run completed by a later report');
    await notifyListeners(completed, deps, log);
    return outcome;
  }
  log.info({ source: newRun.source, result: newRun.result, finished: newRun.finished }, 'job run stored');
  await notifyListeners({ ...newRun, alertPending: true, id: outcome.id }, deps, log);
  return outcome;
}

/** A finished report of a run stored unfinished updates it (keeping its id and first source); anything else is a plain duplicate. */
async function completeStoredRun(id: string, report: NewJobRun, history: HistoryStore): Promise<JobRun | undefined> {
  if (!report.finished) return undefined;
  const stored = await history.get(id);
  if (!stored || stored.finished) return undefined;
  const { runKey: _k, receivedAt: _r, source: _s, ...fields } = report;
  return history.update(id, { ...fields, alertPending: true });
}

async function notifyListeners(run: JobRun, deps: JobEventDeps, log: Logger): Promise<void> {
  for (const listener of deps.listeners ?? []) {
    try {
      await listener(run);
    } catch (err) {
      // The run is stored (and still marked alertPending); a listener failure must not turn the webhook's answer
      // into an error (the script would resend and the resend is a duplicate). Pending runs are re-scanned at start-up.
      log.error({ err }, 'a listener failed for a stored job run');
    }
  }
}
