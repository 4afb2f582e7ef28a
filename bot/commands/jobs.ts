/** `jobs [text]` / `ジョブ [text]`: the live job list, failed and running first, filtered by text, paged. */
import type { AdaptiveCard } from '../command';
import { jobsCard, sortJobsForList } from '../../cards/jobs-card';
import type { CardView } from '../../cards/card-view';
import { normalizeJobName } from '../../veeam/match-job-name';
import type { VeeamClient } from '../../veeam/veeam-client';
import type { Command } from '../command';
import { requireVeeam } from '../resolve-job';

export async function buildJobsPage(veeam: VeeamClient, view: CardView, filter: string, offset: number): Promise<AdaptiveCard> {
  const wanted = normalizeJobName(filter);
  const all = await veeam.listJobs();
  const matching = wanted ? all.filter((j) => normalizeJobName(j.name).includes(wanted) || normalizeJobName(j.type).includes(wanted)) : all;
  return jobsCard(view, { jobs: sortJobsForList(matching), filter, offset });
}

export const jobs: Command = {
  name: 'jobs',
  aliases: ['ジョブ', 'job', 'ジョブ一覧'],
  async run(ctx) {
    const veeam = await requireVeeam(ctx);
    if (!veeam) return;
    await ctx.reply(await buildJobsPage(veeam, ctx.view, ctx.args, 0));
  },
};
