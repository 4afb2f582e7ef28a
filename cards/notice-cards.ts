/** Short notices: refusals, "Veeam not connected", "which job?", alerts placeholder. Pure. */
import type { AdaptiveCard } from '../bot/command';
import type { JobAction } from './card-actions';
import { tr, type CardView } from './card-view';
import { card, heading, text } from './elements';
import { clip } from './fit-card';

export type RefusalReason = 'no-operators' | 'not-operator';

export function refusedCard(view: CardView, data: { reason: RefusalReason; action: JobAction; who: string }): AdaptiveCard {
  const t = tr(view);
  const body =
    data.reason === 'no-operators'
      ? t('bot.refused.noOperators')
      : t('bot.refused.notOperator', { action: t(`bot.action.verb.${data.action}`), who: clip(data.who, 120) });
  return card([heading(t('bot.refused.title'), 'attention'), text(body)]);
}

export function veeamOffCard(view: CardView): AdaptiveCard {
  const t = tr(view);
  return card([heading(t('bot.veeamOff.title'), 'warning'), text(t('bot.veeamOff.text'))]);
}

/** Sent when a command is still waiting for Veeam after a few seconds; the answer follows when it comes. */
export function slowVeeamCard(view: CardView): AdaptiveCard {
  const t = tr(view);
  return card([heading(t('bot.slow.title'), 'warning'), text(t('bot.slow.text'))]);
}

export function needJobCard(view: CardView, data: { usage: string }): AdaptiveCard {
  return card([text(tr(view)('bot.usage.needJob', { usage: data.usage }))]);
}

export function alertsUnavailableCard(view: CardView): AdaptiveCard {
  const t = tr(view);
  return card([heading(t('bot.alerts.title')), text(t('bot.alerts.unavailable'))]);
}
