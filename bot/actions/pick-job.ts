/**
 * A job chosen from "which job did you mean?": runs the original command for that exact job and shows its
 * answer in place of the choice card. The command sees the clicked card's id as its activity id, so two
 * clicks on the same card produce the same confirm claim.
 */
import { PickJobSchema, type PickJobData } from '../../cards/card-actions';
import { problemCard } from '../../cards/problem-card';
import { COMMANDS } from '../commands';
import { defineAction } from '../card-action';
import type { AdaptiveCard } from '../command';
import { VERBS } from '../../cards/card-actions';

export const pickJob = defineAction<PickJobData>({
  verb: VERBS.pickJob,
  schema: PickJobSchema,
  async run(ctx, data) {
    const command = COMMANDS.find((c) => c.name === data.command);
    if (!command) return problemCard(ctx.view, { kind: 'badAction' });
    const cards: AdaptiveCard[] = [];
    await command.run({
      ...ctx,
      args: data.jobName,
      activityId: `${ctx.cardActivityId ?? ctx.activityId}:pick`,
      reply: async (message) => {
        if (typeof message !== 'string') cards.push(message);
        return {};
      },
    });
    return cards[0] ?? problemCard(ctx.view, { kind: 'badAction' });
  },
});
