/** The live job list: failed and running first, one page at a time with a "more" button. Pure. */
import type { AdaptiveCard } from '../bot/command';
import type { VeeamJob, JobStatus } from '../veeam/veeam-client';
import { VERBS, type JobsMoreData } from './card-actions';
import { resultColor, shortTime, tr, zoneName, type CardView } from './card-view';
import { card, container, execute, heading, text, type CardElement } from './elements';
import { clip, fitItems } from './fit-card';

export const JOBS_PAGE_SIZE = 15;

const ACTIVE: ReadonlySet<JobStatus> = new Set(['running', 'starting', 'stopping']);

function rank(job: VeeamJob): number {
  if (job.lastResult === 'Failed') return 0;
  if (ACTIVE.has(job.status)) return 1;
  if (job.lastResult === 'Warning') return 2;
  if (job.status === 'disabled') return 4;
  return 3;
}

/** Failed first, then running, then warnings, then the rest (disabled last); by name within each group. */
export function sortJobsForList(jobs: readonly VeeamJob[]): VeeamJob[] {
  return [...jobs].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export interface JobsCardData {
  /** Already filtered and sorted (sortJobsForList); the card pages through them. */
  jobs: readonly VeeamJob[];
  filter: string;
  offset: number;
  pageSize?: number;
}

function jobBlock(view: CardView, job: VeeamJob): CardElement {
  const t = tr(view);
  const state = t(`bot.state.${job.status}`);
  const progress = ACTIVE.has(job.status) && job.progressPercent !== undefined ? ` · ${t('bot.jobs.progress', { percent: job.progressPercent })}` : '';
  return container(
    [
      text(`**${clip(job.name, 120)}**`, { color: job.lastResult === 'Failed' ? 'attention' : 'default' }),
      text(t('bot.jobs.lineState', { state, result: t(`result.${job.lastResult}`) }) + progress, { spacing: 'none', color: resultColor(job.lastResult) }),
      text(
        t('bot.jobs.lineTimes', { lastRun: shortTime(job.lastRun, view), nextRun: job.nextRun ? shortTime(job.nextRun, view) : t('bot.jobs.notScheduled') }),
        { spacing: 'none', size: 'small', isSubtle: true },
      ),
    ],
    { separator: true },
  );
}

export function jobsCard(view: CardView, data: JobsCardData): AdaptiveCard {
  const t = tr(view);
  const pageSize = data.pageSize ?? JOBS_PAGE_SIZE;
  const filter = data.filter.trim();
  const title = filter ? t('bot.jobs.titleFiltered', { filter: clip(filter, 60) }) : t('bot.jobs.title');
  if (data.jobs.length === 0) {
    return card([heading(title), text(filter ? t('bot.jobs.noneFiltered', { filter: clip(filter, 60) }) : t('bot.jobs.none'))]);
  }
  const total = data.jobs.length;
  const offset = Math.min(Math.max(0, data.offset), total - 1);
  const page = data.jobs.slice(offset, offset + pageSize);
  const summary = t('bot.jobs.summary', {
    total,
    failed: data.jobs.filter((j) => j.lastResult === 'Failed').length,
    warning: data.jobs.filter((j) => j.lastResult === 'Warning').length,
    running: data.jobs.filter((j) => ACTIVE.has(j.status)).length,
  });
  return fitItems(page, (shown) => {
    const next = offset + shown.length;
    const more: JobsMoreData = { filter, offset: next };
    return card(
      [
        heading(title),
        text(summary, { spacing: 'none' }),
        text(`${t('bot.jobs.page', { from: offset + 1, to: next, total })} · ${t('bot.common.timesIn', { zone: zoneName(view) })}`, { size: 'small', isSubtle: true, spacing: 'none' }),
        ...shown.map((j) => jobBlock(view, j)),
      ],
      next < total ? [execute(t('bot.jobs.more', { count: total - next }), VERBS.jobsMore, more)] : [],
    );
  });
}
