/**
 * Helpers every Veeam command shares: "is Veeam configured?" and "which job did the person mean?".
 * When the answer is not a single job they reply themselves (a notice, or a card with candidates) and return undefined.
 */
import type { PickableCommand } from '../cards/card-actions';
import { jobChoiceCard } from '../cards/job-choice-card';
import { veeamOffCard } from '../cards/notice-cards';
import type { VeeamClient, VeeamJob } from '../veeam/veeam-client';
import type { CommandContext } from './command';

export async function requireVeeam(ctx: CommandContext): Promise<VeeamClient | undefined> {
  if (ctx.veeam) return ctx.veeam;
  await ctx.reply(veeamOffCard(ctx.view));
  return undefined;
}

export function jobsWord(ctx: Pick<CommandContext, 'locale'>): string {
  return ctx.locale === 'ja' ? 'ジョブ' : 'jobs';
}

export async function resolveJob(ctx: CommandContext, veeam: VeeamClient, typed: string, command: PickableCommand): Promise<VeeamJob | undefined> {
  const match = await veeam.findJob(typed);
  if (match.kind === 'found') return match.job;
  await ctx.reply(jobChoiceCard(ctx.view, { command, typed, match, jobsWord: jobsWord(ctx) }));
  return undefined;
}
