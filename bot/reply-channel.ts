/**
 * Sends and updates messages in one conversation: through the live TurnContext while the turn lasts, and
 * through CloudAdapter.continueConversationAsync with the conversation reference afterwards (a turn context
 * cannot be used once its turn has ended). Commands and background work never see the difference.
 */
import { CardFactory, type Activity, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, SentActivity } from './command';

export function toActivity(message: AdaptiveCard | string): Partial<Activity> {
  return typeof message === 'string' ? { type: 'message', text: message } : { type: 'message', attachments: [CardFactory.adaptiveCard(message)] };
}

export class ReplyChannel {
  private live: TurnContext | undefined;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly reference: Partial<ConversationReference>,
    turn: TurnContext,
  ) {
    this.live = turn;
  }

  /** Call when the turn ends: later sends go through the conversation reference. */
  detach(): void {
    this.live = undefined;
  }

  async send(message: AdaptiveCard | string): Promise<SentActivity> {
    const activity = toActivity(message);
    const sent = await this.withTurn((ctx) => ctx.sendActivity(activity));
    return { activityId: sent?.id };
  }

  async update(activityId: string, card: AdaptiveCard): Promise<void> {
    await this.withTurn((ctx) => ctx.updateActivity({ ...toActivity(card), id: activityId }));
  }

  async typing(): Promise<void> {
    await this.withTurn((ctx) => ctx.sendActivity({ type: 'typing' }));
  }

  private async withTurn<T>(fn: (ctx: TurnContext) => Promise<T>): Promise<T | undefined> {
    if (this.live) return fn(this.live);
    let result: T | undefined;
    await this.adapter.continueConversationAsync(this.appId, this.reference, async (ctx) => {
      result = await fn(ctx);
    });
    return result;
  }
}
