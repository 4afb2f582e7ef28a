/**
 * The start / stop / retry cards: the confirmation, then the same card updated in place with progress
 * (state, %, elapsed) until the final result. Pure.
 */
import type { AdaptiveCard } from '../bot/command';
import type { JobResult } from '../events/job-run';
import { formatDuration } from '../i18n/format';
import type { SessionState, VeeamJob } from '../veeam/veeam-client';
import { CONFIRM_VERB, VERBS, type CancelJobActionData, type ConfirmJobActionData, type JobAction } from './card-actions';
import { resultColor, shortTime, tr, zoneName, type CardView } from './card-view';
import { card, execute, facts, heading, text, type CardElement } from './elements';
import { clip } from './fit-card';

export interface ConfirmJobActionCardData {
  action: JobAction;
  job: VeeamJob;
  /** Idempotency key carried by the Confirm button. */
  claim: string;
}

export function confirmJobActionCard(view: CardView, data: ConfirmJobActionCardData): AdaptiveCard {
  const t = tr(view);
  const { job, action } = data;
  const name = clip(job.name, 200);
  const confirm: ConfirmJobActionData = { jobId: job.id, jobName: job.name.slice(0, 1000), claim: data.claim };
  const cancel: CancelJobActionData = { action, jobName: job.name.slice(0, 1000) };
  return card(
    [
      heading(t(`bot.confirm.title.${action}`, { job: name })),
      text(t(`bot.confirm.explain.${action}`), { isSubtle: true }),
      facts([
        [t('bot.confirm.job'), name],
        [t('bot.confirm.type'), job.type],
        [t('bot.confirm.state'), t(`bot.state.${job.status}`)],
        [t('bot.confirm.lastResult'), t(`result.${job.lastResult}`)],
        [t('bot.confirm.lastRun'), shortTime(job.lastRun, view)],
      ]),
      text(t('bot.common.timesIn', { zone: zoneName(view) }), { size: 'small', isSubtle: true }),
    ],
    [execute(t(`bot.action.${action}`), CONFIRM_VERB[action], confirm), execute(t('bot.confirm.cancel'), VERBS.actionCancel, cancel)],
  );
}

export function cancelledCard(view: CardView, data: { action: JobAction; jobName: string; user: string }): AdaptiveCard {
  const t = tr(view);
  return card([text(t('bot.cancelled', { action: t(`bot.action.${data.action}`), job: clip(data.jobName, 200), user: clip(data.user, 80) }), { isSubtle: true })]);
}

export type ProgressPhase = 'asking' | 'running' | 'finished' | 'timeout' | 'lost';

export interface JobProgressData {
  action: JobAction;
  jobName: string;
  requestedBy: string;
  requestedAt: Date;
  phase: ProgressPhase;
  session?: {
    state: SessionState;
    result: JobResult;
    progressPercent?: number;
    creationTime: Date;
    endTime?: Date;
    message?: string;
  };
  /** When this version of the card was made (elapsed time, "updated …"). */
  now: Date;
  /** Why tracking stopped (phase 'lost'): a short, secret-free text. */
  reason?: string;
  /** Set when this confirm had already been handled (double click / re-delivery). */
  alreadyHandled?: { user: string; at: Date };
}

export function jobProgressCard(view: CardView, data: JobProgressData): AdaptiveCard {
  const t = tr(view);
  const name = clip(data.jobName, 200);
  const body: CardElement[] = [heading(t('bot.progress.title', { action: t(`bot.action.${data.action}`), job: name }))];
  body.push(text(`${t('bot.common.requestedBy', { user: clip(data.requestedBy, 80) })} · ${shortTime(data.requestedAt, view)}`, { size: 'small', isSubtle: true, spacing: 'none' }));
  if (data.alreadyHandled) {
    body.push(text(t('bot.progress.alreadyHandled', { user: clip(data.alreadyHandled.user, 80), time: shortTime(data.alreadyHandled.at, view) }), { color: 'warning' }));
  }
  const s = data.session;
  if (data.phase === 'asking' || !s) {
    body.push(text(t('bot.progress.asking'), { color: 'accent' }));
  } else {
    // While running, measure from the request on the bot's own clock (the Veeam server's clock may be off);
    // once finished, Veeam's own start and end times.
    const elapsed = data.phase === 'finished' && s.endTime ? (s.endTime.getTime() - s.creationTime.getTime()) / 1000 : (data.now.getTime() - data.requestedAt.getTime()) / 1000;
    if (data.phase === 'finished') {
      body.push(text(t('bot.progress.finished', { result: t(`result.${s.result}`) }), { weight: 'bolder', size: 'medium', color: resultColor(s.result) }));
    }
    const rows: Array<[string, string]> = [[t('bot.progress.state'), t(`bot.session.${s.state}`)]];
    if (data.phase !== 'finished') rows.push([t('bot.progress.percent'), `${s.progressPercent ?? 0}%`]);
    rows.push([t('bot.progress.started'), shortTime(s.creationTime, view)]);
    if (data.phase === 'finished' && s.endTime) rows.push([t('bot.progress.ended'), shortTime(s.endTime, view)]);
    rows.push([t('bot.progress.elapsed'), formatDuration(Math.max(0, elapsed), view.locale)]);
    body.push(facts(rows));
    if (s.message) body.push(text(t('bot.status.message', { message: clip(s.message, 400) }), { size: 'small' }));
    if (data.phase === 'timeout') body.push(text(t('bot.progress.timeout', { duration: formatDuration(elapsed, view.locale), job: name }), { color: 'warning' }));
  }
  if (data.phase === 'lost') body.push(text(t('bot.progress.lostTrack', { reason: clip(data.reason ?? '?', 200), job: name }), { color: 'warning' }));
  body.push(text(`${t('bot.progress.updated', { time: shortTime(data.now, view) })} · ${zoneName(view)}`, { size: 'small', isSubtle: true }));
  return card(body);
}
