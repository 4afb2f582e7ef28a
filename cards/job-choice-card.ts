/** "Which job did you mean?": candidates of an ambiguous name, or suggestions for an unknown one, as buttons. Pure. */
import type { AdaptiveCard } from '../bot/command';
import type { JobMatch } from '../veeam/veeam-client';
import { VERBS, type PickJobData, type PickableCommand } from './card-actions';
import { tr, type CardView } from './card-view';
import { actionSet, card, execute, text, type CardElement } from './elements';
import { clip, fitItems } from './fit-card';

const BUTTONS_PER_ROW = 3;

export interface JobChoiceData {
  command: PickableCommand;
  typed: string;
  match: Exclude<JobMatch, { kind: 'found' }>;
  /** The word for "jobs" in the user's language (for the hint). */
  jobsWord: string;
}

export function jobChoiceCard(view: CardView, data: JobChoiceData): AdaptiveCard {
  const t = tr(view);
  const typed = clip(data.typed, 80);
  const jobs = data.match.kind === 'ambiguous' ? data.match.candidates : data.match.suggestions;
  const lead = data.match.kind === 'ambiguous' ? [text(t('bot.choice.ambiguous', { typed }), { weight: 'bolder' })] : [text(t('bot.choice.notFound', { typed }), { weight: 'bolder', color: 'warning' })];
  if (!jobs.length) return card([...lead, text(t('bot.choice.noSuggestions', { jobs: data.jobsWord }))]);
  return fitItems(jobs, (shown, hidden) => {
    const rows: CardElement[] = [];
    for (let i = 0; i < shown.length; i += BUTTONS_PER_ROW) {
      rows.push(
        actionSet(
          shown.slice(i, i + BUTTONS_PER_ROW).map((j) => {
            const pick: PickJobData = { command: data.command, jobName: j.name.slice(0, 1000) };
            return execute(clip(j.name, 60), VERBS.pickJob, pick);
          }),
        ),
      );
    }
    return card([
      ...lead,
      ...(data.match.kind === 'not-found' ? [text(t('bot.choice.suggestions'))] : []),
      ...rows,
      ...(hidden > 0 ? [text(t('common.moreItems', { count: hidden }), { isSubtle: true })] : []),
      text(t('bot.choice.noSuggestions', { jobs: data.jobsWord }), { size: 'small', isSubtle: true }),
    ]);
  });
}
