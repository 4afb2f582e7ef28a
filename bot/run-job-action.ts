/**
 * After Confirm: ask Veeam to start/stop/retry, then keep the same card up to date with the session's
 * progress every polling interval until it ends or the polling timeout passes, then show the final result.
 * Runs in the background (the invoke has already answered); every outcome is written to the audit record.
 */
import type { JobAction } from '../cards/card-actions';
import type { CardView } from '../cards/card-view';
import { jobProgressCard, type JobProgressData } from '../cards/job-action-cards';
import { problemCard } from '../cards/problem-card';
import type { Logger } from '../logger';
import type { AuditStore } from '../store/audit-store';
import type { VeeamClient, VeeamSession } from '../veeam/veeam-client';
import type { AdaptiveCard, BotClock, PollingSettings } from './command';
import { explainError } from './explain-error';

export interface JobActionRun {
  action: JobAction;
  jobId: string;
  jobName: string;
  auditId: string;
  requestedBy: string;
  requestedAt: Date;
  view: CardView;
  veeam: VeeamClient;
  audit: AuditStore;
  clock: BotClock;
  polling: PollingSettings;
  logger: Logger;
  /** Replaces the card in place (PUT to the connector). */
  update(card: AdaptiveCard): Promise<void>;
}

/** Consecutive failed polls before the card says tracking was lost. */
const MAX_POLL_FAILURES = 3;

function ask(veeam: VeeamClient, action: JobAction, jobId: string): Promise<VeeamSession> {
  switch (action) {
    case 'start':
      return veeam.startJob(jobId);
    case 'stop':
      return veeam.stopJob(jobId);
    case 'retry':
      return veeam.retryJob(jobId);
  }
}

export async function runJobAction(run: JobActionRun): Promise<void> {
  const { veeam, audit, clock, logger } = run;
  const card = (phase: JobProgressData['phase'], session?: VeeamSession, reason?: string) =>
    jobProgressCard(run.view, {
      action: run.action,
      jobName: run.jobName,
      requestedBy: run.requestedBy,
      requestedAt: run.requestedAt,
      phase,
      now: clock.now(),
      reason,
      session: session && { state: session.state, result: session.result, progressPercent: session.progressPercent, creationTime: session.creationTime, endTime: session.endTime, message: session.message },
    });
  const show = async (c: AdaptiveCard) => {
    try {
      await run.update(c);
    } catch (err) {
      logger.warn({ err, job: run.jobName }, 'could not update the job card');
    }
  };

  let session: VeeamSession;
  try {
    session = await ask(veeam, run.action, run.jobId);
  } catch (err) {
    const problem = explainError(err, { jobName: run.jobName });
    logger.warn({ err, action: run.action, job: run.jobName, ref: problem.ref }, 'job action failed');
    await audit.update(run.auditId, { outcome: 'failed', detail: (err as { code?: string }).code ?? problem.kind });
    await show(problemCard(run.view, problem));
    return;
  }
  await audit.update(run.auditId, { outcome: 'accepted', sessionId: session.id });
  logger.info({ action: run.action, job: run.jobName, sessionId: session.id }, 'job action accepted by Veeam');

  const startedAt = clock.now().getTime();
  let failures = 0;
  for (;;) {
    if (session.finished) {
      await audit.update(run.auditId, { outcome: 'finished', finalResult: session.result });
      await show(card('finished', session));
      return;
    }
    if (clock.now().getTime() - startedAt >= run.polling.timeoutMs) {
      await show(card('timeout', session));
      return;
    }
    await show(card('running', session));
    await clock.sleep(run.polling.intervalMs);
    try {
      session = await veeam.getSession(session.id);
      failures = 0;
    } catch (err) {
      failures += 1;
      logger.warn({ err, sessionId: session.id, failures }, 'polling the session failed');
      if (failures >= MAX_POLL_FAILURES) {
        const kind = explainError(err).kind;
        await show(card('lost', session, kind));
        return;
      }
    }
  }
}
