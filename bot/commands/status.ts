/** `status <job>` / `状態 <job>`: the job's last session with times, sizes, failed objects and Veeam's error lines. */
import { needJobCard } from '../../cards/notice-cards';
import { jobStatusCard } from '../../cards/job-status-card';
import type { Command } from '../command';
import { requireVeeam, resolveJob } from '../resolve-job';

export const status: Command = {
  name: 'status',
  aliases: ['状態', 'ステータス'],
  async run(ctx) {
    const veeam = await requireVeeam(ctx);
    if (!veeam) return;
    if (!ctx.args) return void (await ctx.reply(needJobCard(ctx.view, { usage: ctx.locale === 'ja' ? '状態 <ジョブ名>' : 'status <job>' })));
    const job = await resolveJob(ctx, veeam, ctx.args, 'status');
    if (!job) return;
    const sessionId = job.lastSessionId ?? (await veeam.getLastSession(job.id))?.id;
    const session = sessionId ? await veeam.getSessionDetails(sessionId) : undefined;
    await ctx.reply(jobStatusCard(ctx.view, { job, session, now: ctx.clock.now() }));
  },
};
