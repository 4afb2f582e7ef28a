/**
 * The alert decision for one finished run: which subscribed conversations want it (result + job filter), one
 * outbox entry per target written before anything is sent (own card or folded into the target's digest), and,
 * for a success, a recovery update for earlier alerts of the same job. Idempotent: the outbox keys make a repeat
 * (duplicate webhook, poller, start-up re-scan) add nothing. Clears the run's alertPending mark when done.
 */
import type { JobRun } from '../events/job-run';
import type { Logger } from '../logger';
import { subscriptionMatches, type ConversationStore } from '../store/conversation-store';
import type { HistoryStore } from '../store/history-store';
import type { OutboxStore, StormRule } from '../store/outbox-store';

export interface DecideAlertsDeps {
  conversations: ConversationStore;
  outbox: OutboxStore;
  history: HistoryStore;
  storm: StormRule;
  logger: Logger;
  now?: () => Date;
}

export interface AlertDecision {
  queued: string[];
  folded: string[];
  duplicates: string[];
  recoveries: number;
}

/** Only finished runs alert; a run still in progress (result None) is never shown as failed. */
export function isAlertable(run: Pick<JobRun, 'finished' | 'result'>): boolean {
  return run.finished && run.result !== 'None';
}

export async function decideAlerts(run: JobRun, deps: DecideAlertsDeps): Promise<AlertDecision> {
  const decision: AlertDecision = { queued: [], folded: [], duplicates: [], recoveries: 0 };
  if (!isAlertable(run)) return decision;
  const now = deps.now?.() ?? new Date();
  const targets = await deps.conversations.listSubscribed();
  for (const target of targets) {
    if (subscriptionMatches(target.subscription, run)) {
      const { outcome } = await deps.outbox.enqueueAlert({ runId: run.id, jobId: run.jobId, targetId: target.id, now, storm: deps.storm });
      if (outcome === 'queued') decision.queued.push(target.id);
      else if (outcome === 'folded') decision.folded.push(target.id);
      else decision.duplicates.push(target.id);
    }
    if (run.result === 'Success') {
      decision.recoveries += (await deps.outbox.enqueueRecoveries({ jobId: run.jobId, targetId: target.id, runId: run.id, now })).length;
    }
  }
  await deps.history.update(run.id, { alertPending: false });
  deps.logger.info({ runId: run.id, sessionId: run.sessionId, result: run.result, ...decision }, 'alert decision written to the outbox');
  return decision;
}
