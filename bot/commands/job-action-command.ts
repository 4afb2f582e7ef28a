/**
 * `start|stop|retry <job>` (開始 / 停止 / 再試行): operators only; answers with a confirmation card. Nothing
 * changes in Veeam until Confirm is pressed (bot/actions/confirm-job-action.ts). The Confirm button carries a
 * claim key derived from this activity, so a re-delivered message yields the same key and still runs once.
 */
import type { JobAction } from '../../cards/card-actions';
import { confirmJobActionCard } from '../../cards/job-action-cards';
import { needJobCard } from '../../cards/notice-cards';
import type { Command, CommandContext } from '../command';
import { refuseUnlessOperator } from '../job-action-permission';
import { requireVeeam, resolveJob } from '../resolve-job';

const USAGE: Record<JobAction, { en: string; ja: string }> = {
  start: { en: 'start <job>', ja: '開始 <ジョブ名>' },
  stop: { en: 'stop <job>', ja: '停止 <ジョブ名>' },
  retry: { en: 'retry <job>', ja: '再試行 <ジョブ名>' },
};

export function claimKeyFor(ctx: Pick<CommandContext, 'conversation' | 'activityId'>, action: JobAction, jobId: string): string {
  return `${action}|${jobId}|${ctx.conversation.id}|${ctx.activityId}`.slice(0, 400);
}

export function jobActionCommand(action: JobAction, aliases: string[]): Command {
  return {
    name: action,
    aliases,
    async run(ctx) {
      if (!ctx.args) return void (await ctx.reply(needJobCard(ctx.view, { usage: USAGE[action][ctx.locale] })));
      if (await refuseUnlessOperator(ctx, action, ctx.args)) return;
      const veeam = await requireVeeam(ctx);
      if (!veeam) return;
      const job = await resolveJob(ctx, veeam, ctx.args, action);
      if (!job) return;
      await ctx.reply(confirmJobActionCard(ctx.view, { action, job, claim: claimKeyFor(ctx, action, job.id) }));
    },
  };
}

export const start = jobActionCommand('start', ['開始', 'スタート']);
export const stop = jobActionCommand('stop', ['停止', 'ストップ']);
export const retry = jobActionCommand('retry', ['再試行', 'リトライ']);
