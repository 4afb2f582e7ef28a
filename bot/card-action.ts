/**
 * The contract of a card action (bot/actions/<verb>.ts): an app-wide unique verb, the zod schema of its data
 * and a handler that returns the card replacing the one that was clicked (Action.Execute answers in place).
 */
import type { z } from 'zod';
import type { Verb } from '../cards/card-actions';
import type { AdaptiveCard, CommandContext } from './command';

export interface CardActionContext extends Omit<CommandContext, 'args'> {
  /** The id of the message holding the clicked card (the invoke's replyToId), when Teams sends it. */
  cardActivityId?: string;
}

export interface CardAction<Data> {
  verb: Verb;
  schema: z.ZodType<Data>;
  run(ctx: CardActionContext, data: Data): Promise<AdaptiveCard>;
}

/** Lets a list of actions with different data types live in one array without `any`. */
export function defineAction<Data>(action: CardAction<Data>): CardAction<unknown> {
  return action as unknown as CardAction<unknown>;
}
