/** Minimal bot: answers `help`. The command router replaces the message handling. */
import { TeamsActivityHandler, TurnContext } from 'botbuilder';

export class VeeamTeamsBot extends TeamsActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const text = (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '').trim().toLowerCase();
      const ja = (context.activity.locale ?? '').toLowerCase().startsWith('ja');
      if (text === 'help' || text === 'ヘルプ') {
        await context.sendActivity(ja ? 'コマンド: help' : 'Commands: help');
      }
      await next();
    });
  }
}
