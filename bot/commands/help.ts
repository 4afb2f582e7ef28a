import { helpCard } from '../../cards/help-card';
import type { Command } from '../command';

export const help: Command = {
  name: 'help',
  aliases: ['ヘルプ', '?', 'h'],
  async run(ctx) {
    await ctx.reply(helpCard(ctx.view, { botName: ctx.botName }));
  },
};
