/**
 * The narrow port alerts use to reach Teams. The botbuilder implementation is bot/proactive-notifier.ts;
 * tests and a later move to another Teams SDK only need these two calls. Failures come back as typed outcomes
 * (never thrown), already classified, so the worker decides retry / give up / disable without knowing HTTP.
 */
import type { ConversationTarget } from '../store/conversation-store';
import type { DeliveredMessage } from '../store/outbox-store';

/** Adaptive Card JSON (built by cards/). */
export type CardJson = Record<string, unknown>;

export type DeliveryFailure =
  /** 429: Teams throttled us; wait at least Retry-After. */
  | { kind: 'throttled'; status: 429; retryAfterMs?: number; message: string }
  /** 412, 5xx, a network error or a timeout: try again later with backoff. */
  | { kind: 'transient'; status?: number; message: string }
  /** 403: the bot is not (any more) in that team or chat, or is blocked; retrying will not help. */
  | { kind: 'forbidden'; status: 403; code?: string; message: string }
  /** Anything else (400, 404, 413 …): the message can never be delivered as is. */
  | { kind: 'permanent'; status?: number; code?: string; message: string };

export type DeliveryResult = { ok: true; message: DeliveredMessage } | { ok: false; failure: DeliveryFailure };

export interface Notifier {
  /** Posts a card: a new thread in a channel, a normal message in a chat. */
  send(target: ConversationTarget, card: CardJson): Promise<DeliveryResult>;
  /** Replaces a card posted earlier (in the conversation and activity `message` names). */
  update(target: ConversationTarget, message: DeliveredMessage, card: CardJson): Promise<DeliveryResult>;
}

/** Reads Retry-After (seconds or an HTTP date) as milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Maps what a Bot Connector call answered to a typed failure. `status` undefined means no HTTP answer at all. */
export function classifyDeliveryFailure(input: { status?: number; retryAfter?: string | null; code?: string; message: string }): DeliveryFailure {
  const { status, code, message } = input;
  if (status === undefined) return { kind: 'transient', message };
  if (status === 429) return { kind: 'throttled', status, retryAfterMs: parseRetryAfter(input.retryAfter), message };
  if (status === 403) return { kind: 'forbidden', status, code, message };
  if (status === 412 || status === 408 || status >= 500) return { kind: 'transient', status, message };
  return { kind: 'permanent', status, code, message };
}

export function describeFailure(f: DeliveryFailure): string {
  const code = 'code' in f && f.code ? ` ${f.code}` : '';
  return `${f.status ?? 'network'}${code}: ${f.message}`.slice(0, 500);
}
