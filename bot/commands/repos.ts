/** `repos` / `リポジトリ`: repositories with capacity, free space as a bar, online state; low space highlighted. */
import { reposCard } from '../../cards/repos-card';
import type { Command } from '../command';
import { requireVeeam } from '../resolve-job';

export const repos: Command = {
  name: 'repos',
  aliases: ['リポジトリ', 'repositories', 'repo'],
  async run(ctx) {
    const veeam = await requireVeeam(ctx);
    if (!veeam) return;
    await ctx.reply(reposCard(ctx.view, { repositories: await veeam.listRepositories() }));
  },
};
