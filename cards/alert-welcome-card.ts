/** The welcome card posted in the channel where the bot was added to a team: alerts will come here, and how to change it. Pure. */
import type { AdaptiveCard } from '../bot/command';
import { tr, type CardView } from './card-view';
import { card, heading, text } from './elements';

export function buildWelcomeCard(view: CardView): AdaptiveCard {
  const t = tr(view);
  return card([heading(t('alerts.welcome.title')), text(t('alerts.welcome.body')), text(t('alerts.welcome.change'), { size: 'small', isSubtle: true })]);
}
