/**
 * The storm card: when more than ALERT_STORM_THRESHOLD alerts reach one conversation within ALERT_STORM_WINDOW,
 * later ones fold into this one card (count, results, time span, job names, the most common error lines),
 * which is updated in place as more arrive. Pure: data + view → Adaptive Card JSON, version 1.4, size-checked.
 */
import type { AdaptiveCard } from '../bot/command';
import type { JobRun } from '../events/job-run';
import { shortTime, tr, zoneName, type CardView } from './card-view';
import { card, facts, heading, text, type CardElement } from './elements';
import { clip, ensureFits, fitItems } from './fit-card';
import { RESULT_ICON } from './alert-card';

export type DigestRun = Pick<JobRun, 'jobName' | 'result' | 'endTime' | 'errorMessage'>;

export interface DigestCardData {
  runs: DigestRun[];
  threshold: number;
  windowSec: number;
}

/** How many distinct error lines the card lists. */
export const TOP_ERRORS = 3;

/** The first line of Veeam's message, trimmed: "Processing X Error: …" lines are what operators compare. */
export function errorLine(message: string | undefined): string | undefined {
  const line = message?.split(/\r?\n/).map((l) => l.trim()).find(Boolean);
  return line ? clip(line, 200) : undefined;
}

export function topErrorLines(runs: DigestRun[], top = TOP_ERRORS): Array<{ line: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of runs) {
    const line = errorLine(r.errorMessage);
    if (line) counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([line, count]) => ({ line, count }));
}

export function buildDigestCard(data: DigestCardData, view: CardView): AdaptiveCard {
  const t = tr(view);
  const { runs } = data;
  const times = runs.map((r) => r.endTime.getTime());
  const first = new Date(Math.min(...times));
  const last = new Date(Math.max(...times));
  const count = (result: JobRun['result']) => runs.filter((r) => r.result === result).length;
  // Distinct job names, the ones with most runs first.
  const perJob = new Map<string, number>();
  for (const r of runs) perJob.set(r.jobName, (perJob.get(r.jobName) ?? 0) + 1);
  const jobs = [...perJob.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const errors = topErrorLines(runs);

  const build = (shown: typeof jobs, hidden: number): AdaptiveCard => {
    const body: CardElement[] = [
      heading(`${RESULT_ICON.Failed} ${t('alerts.digest.title', { count: runs.length })}`, 'attention'),
      text(t('alerts.digest.intro', { threshold: data.threshold, minutes: Math.round(data.windowSec / 60) }), { size: 'small', isSubtle: true }),
      facts([
        [t('alerts.digest.period'), `${shortTime(first, view)} – ${shortTime(last, view)}`],
        [t('alerts.digest.results'), t('alerts.digest.resultCounts', { failed: count('Failed'), warning: count('Warning'), success: count('Success') })],
      ]),
      text(t('alerts.digest.errors'), { weight: 'bolder', size: 'small', spacing: 'medium' }),
    ];
    if (errors.length) {
      for (const e of errors) body.push(text(t('alerts.digest.errorLine', { count: e.count, line: e.line }), { size: 'small', spacing: 'none' }));
    } else body.push(text(t('alerts.digest.noErrors'), { size: 'small', isSubtle: true, spacing: 'none' }));
    body.push(text(t('alerts.digest.jobs', { count: jobs.length }), { weight: 'bolder', size: 'small', spacing: 'medium' }));
    body.push(text(shown.map(([name, n]) => `${clip(name, 120)}${n > 1 ? ` ×${n}` : ''}`).join(', '), { size: 'small', spacing: 'none' }));
    if (hidden > 0) body.push(text(t('common.moreItems', { count: hidden }), { size: 'small', isSubtle: true, spacing: 'none' }));
    body.push(text(t('alerts.card.timesIn', { zone: zoneName(view) }), { size: 'small', isSubtle: true }));
    return card(body);
  };

  return ensureFits(fitItems(jobs, build));
}

