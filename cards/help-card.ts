/** The help card (commands with usage and an example each) and the "unknown command" card built on it. Pure. */
import type { AdaptiveCard } from '../bot/command';
import type { MessageKey } from '../i18n/catalog';
import { BOT_COMMANDS, commandUsage, type BotCommand } from '../manifest/bot-commands';
import { tr, type CardView } from './card-view';
import { card, container, heading, text, type CardElement } from './elements';

const OPERATOR_COMMANDS = new Set(['start', 'stop', 'retry']);

function commandBlock(view: CardView, cmd: BotCommand): CardElement {
  const t = tr(view);
  const usage = commandUsage(cmd, view.locale);
  const description = view.locale === 'ja' ? cmd.descriptionJa : cmd.descriptionEn;
  const example = t(`bot.help.example.${cmd.command}` as MessageKey);
  return container(
    [
      text(`**${usage}**${OPERATOR_COMMANDS.has(cmd.command) ? ` (${t('bot.help.operatorsOnly')})` : ''}`),
      text(description.replace(/\s*(Usage|使い方):.*$/u, ''), { spacing: 'none', isSubtle: true }),
      text(t('bot.help.example', { example }), { spacing: 'none', size: 'small' }),
    ],
    { separator: true },
  );
}

function helpBody(view: CardView, botName: string): CardElement[] {
  const t = tr(view);
  return [heading(t('bot.help.title')), text(t('bot.help.intro', { bot: botName }), { isSubtle: true }), ...BOT_COMMANDS.map((c) => commandBlock(view, c))];
}

export function helpCard(view: CardView, data: { botName: string }): AdaptiveCard {
  return card(helpBody(view, data.botName));
}

/** Unknown words: say so, offer the closest command, then the help. */
export function unknownCommandCard(view: CardView, data: { word: string; suggestion?: string; botName: string }): AdaptiveCard {
  const t = tr(view);
  const top: CardElement[] = [text(t('bot.unknown.title', { word: data.word.slice(0, 80) }), { weight: 'bolder', color: 'warning' })];
  if (data.suggestion) top.push(text(t('bot.unknown.didYouMean', { suggestion: data.suggestion }), { spacing: 'none' }));
  top.push(text(t('bot.unknown.seeHelp'), { spacing: 'medium', isSubtle: true }));
  return card([container(top, { style: 'emphasis' }), ...helpBody(view, data.botName)]);
}
