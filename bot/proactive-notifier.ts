/**
 * The botbuilder implementation of the alerts' Notifier port.
 *
 * - Channel: a new post (its own thread) via POST /v3/conversations with channelData.channel.id, the call behind
 *   createConversationAsync. We make that call with the turn's ConnectorClient inside continueConversationAsync
 *   rather than through adapter.createConversationAsync, because botbuilder drops the response's `activityId`
 *   there (its callback only sees the new conversation id), and the id is what updates the card in place later.
 * - Group and personal chats: an ordinary proactive message (continueConversationAsync + sendActivity).
 * - Update: PUT …/activities/{id} in the conversation the card lives in.
 *
 * Errors are classified here (429 + Retry-After, 403, 412, 5xx, network, timeout) into typed outcomes; nothing
 * Teams-specific leaks into alerts/. Note: botbuilder's HTTP pipeline itself retries 429/5xx up to 3 times inside
 * one call (honouring Retry-After); what still fails comes back here and the outbox worker reschedules it.
 */
import {
  CardFactory, MessageFactory, type Activity, type ChannelAccount, type CloudAdapter, type ConversationParameters, type ConversationReference, type TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { classifyDeliveryFailure, type CardJson, type DeliveryResult, type Notifier } from '../alerts/notifier';
import type { ConversationTarget } from '../store/conversation-store';
import type { DeliveredMessage } from '../store/outbox-store';

export interface ProactiveNotifierOptions {
  adapter: CloudAdapter;
  /** MicrosoftAppId ('' when authentication is disabled locally). */
  appId: string;
  /** A send that takes longer is reported as a transient failure (and retried). Default 30 s. */
  timeoutMs?: number;
}

class SendTimeoutError extends Error {}

export class ProactiveNotifier implements Notifier {
  constructor(private readonly o: ProactiveNotifierOptions) {}

  send(target: ConversationTarget, card: CardJson): Promise<DeliveryResult> {
    return this.attempt(async () => {
      const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
      let delivered: DeliveredMessage | undefined;
      await this.inTurn(referenceFor(target), async (ctx) => {
        if (target.kind === 'channel') {
          const client = ctx.turnState.get<ConnectorClient>(ctx.adapter.ConnectorClientKey);
          const params: ConversationParameters = {
            isGroup: true,
            bot: { id: target.bot.id, name: target.bot.name ?? '' } as ChannelAccount,
            channelData: { channel: { id: target.channelId ?? target.id }, ...(target.tenantId ? { tenant: { id: target.tenantId } } : {}) },
            tenantId: target.tenantId,
            activity: activity as Activity,
            members: [],
          };
          const res = await client.conversations.createConversation(params);
          const activityId = res.activityId ?? /;messageid=(\d+)/.exec(res.id)?.[1] ?? res.id;
          delivered = { activityId, conversationId: res.id };
        } else {
          const res = await ctx.sendActivity(activity);
          delivered = { activityId: res?.id ?? '', conversationId: ctx.activity.conversation.id };
        }
      });
      if (!delivered) throw new Error('the Bot Connector answered without an activity id');
      return delivered;
    });
  }

  update(target: ConversationTarget, message: DeliveredMessage, card: CardJson): Promise<DeliveryResult> {
    return this.attempt(async () => {
      const reference = referenceFor(target);
      reference.conversation = { ...reference.conversation, id: message.conversationId };
      await this.inTurn(reference, async (ctx) => {
        await ctx.updateActivity({ ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: message.activityId });
      });
      return message;
    });
  }

  /**
   * Runs `logic` in a proactive turn and rethrows its error: the adapter would otherwise hand it to onTurnError,
   * which logs and swallows it, and a failed send would look delivered.
   */
  private async inTurn(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    let failure: { err: unknown } | undefined;
    await this.o.adapter.continueConversationAsync(this.o.appId, reference, async (ctx) => {
      try {
        await logic(ctx);
      } catch (err) {
        failure = { err };
      }
    });
    if (failure) throw failure.err;
  }

  private async attempt(fn: () => Promise<DeliveredMessage>): Promise<DeliveryResult> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SendTimeoutError(`no answer from the Bot Connector within ${this.o.timeoutMs ?? 30_000} ms`)), this.o.timeoutMs ?? 30_000);
      });
      return { ok: true, message: await Promise.race([fn(), timeout]) };
    } catch (err) {
      return { ok: false, failure: classifyBotbuilderError(err) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The stored reference, pointed at the channel itself (never at an old thread) or at the chat. */
function referenceFor(target: ConversationTarget): Partial<ConversationReference> & { conversation: ConversationReference['conversation'] } {
  const stored = target.reference as Partial<ConversationReference>;
  return {
    ...stored,
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    bot: target.bot as ConversationReference['bot'],
    conversation: {
      ...(stored.conversation ?? {}),
      id: target.id,
      isGroup: target.kind !== 'personal',
      conversationType: target.kind,
      tenantId: target.tenantId,
    } as ConversationReference['conversation'],
  };
}

interface RestLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { error?: { code?: string; message?: string } };
  response?: { status?: number; headers?: { get?(name: string): string | undefined | null } | Record<string, string> };
}

export function classifyBotbuilderError(err: unknown) {
  if (err instanceof SendTimeoutError) return classifyDeliveryFailure({ message: err.message });
  const e = (err ?? {}) as RestLikeError;
  const status = e.statusCode ?? e.response?.status;
  const headers = e.response?.headers;
  const retryAfter = headers && typeof (headers as { get?: unknown }).get === 'function'
    ? (headers as { get(name: string): string | undefined | null }).get('retry-after')
    : (headers as Record<string, string> | undefined)?.['retry-after'];
  const code = e.details?.error?.code ?? (typeof e.code === 'string' && !/^E[A-Z]+$/.test(e.code) ? e.code : undefined);
  const message = (e.details?.error?.message ?? e.message ?? String(err)).slice(0, 300);
  return classifyDeliveryFailure({ status: typeof status === 'number' ? status : undefined, retryAfter, code, message: e.code && /^E[A-Z]+$/.test(e.code) ? `${e.code}: ${message}` : message });
}
