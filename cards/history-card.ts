/** `history [job] [failed] [N]`: stored runs, newest first, with a "next" button when there are more. Pure. */
import type { AdaptiveCard } from '../bot/command';
import type { JobRun } from '../events/job-run';
import { formatBytes, formatDuration } from '../i18n/format';
import { VERBS, type HistoryMoreData } from './card-actions';
import { resultColor, shortTime, tr, zoneName, type CardView } from './card-view';
import { card, container, execute, heading, text, type CardElement } from './elements';
import { clip, fitItems } from './fit-card';

export interface HistoryCardData {
  runs: readonly JobRun[];
  job?: string;
  failedOnly: boolean;
  limit: number;
  /** From the store; present when there may be more. */
  nextCursor?: string;
}

function runBlock(view: CardView, run: JobRun): CardElement {
  const t = tr(view);
  const duration = run.durationSec ?? (run.startTime ? (run.endTime.getTime() - run.startTime.getTime()) / 1000 : undefined);
  // A run still in progress has no end yet: its time is when it was reported.
  const line = run.finished
    ? t('bot.history.line', { result: t(`result.${run.result}`), end: shortTime(run.endTime, view), duration: formatDuration(duration, view.locale) })
    : t('bot.history.lineRunning', { result: t(`result.${run.result}`), end: shortTime(run.endTime, view) });
  const items: CardElement[] = [
    text(`**${clip(run.jobName, 120)}**`),
    text(run.backupSizeBytes !== undefined ? `${line} · ${t('bot.history.size', { size: formatBytes(run.backupSizeBytes, view.locale) })}` : line, {
      spacing: 'none',
      color: resultColor(run.result),
    }),
  ];
  const failedObjects = run.objects.filter((o) => o.status === 'Failed');
  if (run.errorMessage) items.push(text(clip(run.errorMessage, 300), { spacing: 'none', size: 'small' }));
  else if (failedObjects.length) items.push(text(clip(failedObjects.map((o) => o.name).join(', '), 300), { spacing: 'none', size: 'small' }));
  return container(items, { separator: true });
}

export function historyCard(view: CardView, data: HistoryCardData): AdaptiveCard {
  const t = tr(view);
  const title = data.job ? t('bot.history.titleJob', { job: clip(data.job, 120) }) : t('bot.history.title');
  const sub = [t('bot.common.timesIn', { zone: zoneName(view) }), ...(data.failedOnly ? [t('bot.history.failedOnly')] : [])].join(' · ');
  if (!data.runs.length) {
    return card([heading(title), text(sub, { size: 'small', isSubtle: true, spacing: 'none' }), text(t('bot.history.none')), text(t('bot.history.noneHint'), { isSubtle: true, size: 'small' })]);
  }
  return fitItems(data.runs, (shown, hidden) => {
    // When the size guard drops runs, "next" continues right after the last one shown.
    const last = shown[shown.length - 1];
    const cursor = hidden > 0 && last ? encodeRunCursor(last) : data.nextCursor;
    const more: HistoryMoreData | undefined = cursor ? { ...(data.job ? { job: data.job } : {}), failedOnly: data.failedOnly, limit: data.limit, cursor } : undefined;
    return card(
      [heading(title), text(sub, { size: 'small', isSubtle: true, spacing: 'none' }), ...shown.map((r) => runBlock(view, r))],
      more ? [execute(t('bot.history.more', { count: data.limit }), VERBS.historyMore, more)] : [],
    );
  });
}

/** Same encoding as the store's cursor (store/history-store.ts encodeCursor), kept pure here. */
function encodeRunCursor(run: JobRun): string {
  return Buffer.from(JSON.stringify([run.endTime.getTime(), run.id])).toString('base64url');
}
