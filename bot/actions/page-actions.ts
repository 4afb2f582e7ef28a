/** "More" on the job list and "Next" on the history: the next page replaces the card. */
import { HistoryMoreSchema, JobsMoreSchema, ShowHelpSchema, VERBS, type HistoryMoreData, type JobsMoreData } from '../../cards/card-actions';
import { helpCard } from '../../cards/help-card';
import { veeamOffCard } from '../../cards/notice-cards';
import { defineAction } from '../card-action';
import { buildHistoryPage } from '../commands/history';
import { buildJobsPage } from '../commands/jobs';

export const jobsMore = defineAction<JobsMoreData>({
  verb: VERBS.jobsMore,
  schema: JobsMoreSchema,
  async run(ctx, data) {
    if (!ctx.veeam) return veeamOffCard(ctx.view);
    return buildJobsPage(ctx.veeam, ctx.view, data.filter, data.offset);
  },
});

export const historyMore = defineAction<HistoryMoreData>({
  verb: VERBS.historyMore,
  schema: HistoryMoreSchema,
  async run(ctx, data) {
    return buildHistoryPage(ctx.store, ctx.view, { job: data.job, failedOnly: data.failedOnly, limit: data.limit }, data.cursor);
  },
});

export const showHelp = defineAction<Record<string, unknown>>({
  verb: VERBS.showHelp,
  schema: ShowHelpSchema,
  async run(ctx) {
    return helpCard(ctx.view, { botName: ctx.botName });
  },
});
