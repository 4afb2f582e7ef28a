/**
 * The card posted when a backup job run ends badly (or, for `alerts on all`, at all): job, result with colour
 * and icon, end time in the conversation's time zone, duration, size, Veeam's error, the objects with problems,
 * and Retry / History buttons. When a later run of the job succeeds the same card is re-rendered with `recovered`.
 * Pure: data + view → Adaptive Card JSON, version 1.4, within the size budget.
 */
import type { AdaptiveCard } from '../bot/command';
import type { JobResult, JobRun } from '../events/job-run';
import { formatBytes, formatDuration } from '../i18n/format';
import { VERBS, type PickJobData } from './card-actions';
import { shortTime, resultColor, tr, zoneName, type CardView } from './card-view';
import { actionSet, card, container, facts, heading, text, execute, type CardElement } from './elements';
import { clip, ensureFits, fitItems } from './fit-card';

export const RESULT_ICON: Record<JobResult, string> = { Failed: '❌', Warning: '⚠️', Success: '✅', None: '⏳' };

/** How many objects with problems the card lists before "+N more". */
export const MAX_OBJECTS_SHOWN = 5;
/** Veeam error messages can be kilobytes (Japanese, stack-like); the card shows the start. */
export const MAX_ERROR_CHARS = 1500;

export type AlertRun = Pick<
  JobRun,
  'jobId' | 'jobName' | 'result' | 'endTime' | 'durationSec' | 'backupSizeBytes' | 'transferredSizeBytes' | 'processedSizeBytes' | 'errorMessage' | 'objects' | 'server' | 'sessionId'
>;

export interface AlertCardData {
  run: AlertRun;
  /** Set once a later run of the same job succeeded. */
  recovered?: { at: Date };
}

export function buildAlertCard(data: AlertCardData, view: CardView): AdaptiveCard {
  const t = tr(view);
  const { run } = data;
  const problems = run.objects.filter((o) => o.status === 'Failed' || o.status === 'Warning');
  const size = run.backupSizeBytes ?? run.transferredSizeBytes ?? run.processedSizeBytes;

  const build = (shown: typeof problems, hidden: number): AdaptiveCard => {
    const body: CardElement[] = [
      heading(`${RESULT_ICON[run.result]} ${t(`alerts.card.title.${run.result}`, { job: clip(run.jobName, 200) })}`, resultColor(run.result)),
    ];
    if (data.recovered) {
      body.push(container([text(`${RESULT_ICON.Success} ${t('alerts.card.recovered', { time: shortTime(data.recovered.at, view) })}`, { color: 'good', weight: 'bolder' })], { style: 'good' }));
    }
    const rows: Array<[string, string]> = [
      [t('alerts.card.result'), t(`result.${run.result}`)],
      [t('alerts.card.ended'), shortTime(run.endTime, view)],
      [t('alerts.card.duration'), formatDuration(run.durationSec, view.locale)],
      [t('alerts.card.size'), formatBytes(size, view.locale)],
    ];
    if (run.server) rows.push([t('alerts.card.server'), clip(run.server, 100)]);
    body.push(facts(rows));
    if (run.errorMessage) {
      body.push(
        container([text(t('alerts.card.error'), { weight: 'bolder', size: 'small' }), text(clip(run.errorMessage, MAX_ERROR_CHARS), { size: 'small' })], {
          style: run.result === 'Failed' ? 'attention' : 'warning',
          spacing: 'medium',
        }),
      );
    }
    if (shown.length) {
      body.push(text(t('alerts.card.objects'), { weight: 'bolder', size: 'small', spacing: 'medium' }));
      for (const o of shown) {
        body.push(text(`${RESULT_ICON[o.status]} **${clip(o.name, 120)}**${o.message ? ` — ${clip(o.message, 300)}` : ''}`, { size: 'small', spacing: 'none' }));
      }
      if (hidden > 0) body.push(text(t('common.moreItems', { count: hidden }), { size: 'small', isSubtle: true, spacing: 'none' }));
    }
    body.push(text(t('alerts.card.timesIn', { zone: zoneName(view) }), { size: 'small', isSubtle: true }));

    const jobName = clip(run.jobName, 1000);
    const actions: CardElement[] = [];
    if (run.result !== 'Success' && !data.recovered) {
      // The same path as typing "retry <job>": the retry command's confirmation card and its BOT_OPERATORS check.
      actions.push(execute(t('alerts.card.retry'), VERBS.pickJob, { command: 'retry', jobName } satisfies PickJobData));
    }
    actions.push(execute(t('alerts.card.history'), VERBS.pickJob, { command: 'history', jobName } satisfies PickJobData));
    body.push(actionSet(actions));
    return card(body);
  };

  const limited = problems.slice(0, MAX_OBJECTS_SHOWN);
  const hiddenBeyond = problems.length - limited.length;
  return ensureFits(fitItems(limited, (shown, hidden) => build(shown, hidden + hiddenBeyond)));
}
