/**
 * The contract between the command router and each command module (bot/commands/<name>.ts) and each card
 * action (bot/actions/<verb>.ts). Handlers get a context, never the TurnContext: they stay testable and free of
 * botbuilder, so a later move off the Bot Framework SDK stays inside bot/.
 */
import type { Logger } from '../logger';
import type { Locale } from '../i18n/locale';
import type { Translator } from '../i18n/catalog';
import type { Store } from '../store/store';
import type { VeeamClient } from '../veeam/veeam-client';
import type { CardView } from '../cards/card-view';

/** An Adaptive Card as JSON (built by a pure function in cards/). */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface CommandUser {
  /** Teams user id (29:…). */
  id: string;
  name?: string;
  /** Entra (Azure AD) object id. */
  aadObjectId?: string;
  userPrincipalName?: string;
}

export interface CommandConversation {
  id: string;
  type: ConversationType;
  tenantId?: string;
  teamId?: string;
  channelId?: string;
}

export interface SentActivity {
  /** The id the connector gave the message; used to update the card in place. */
  activityId?: string;
}

/** Time, injectable so tests never sleep long. */
export interface BotClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** How long-running job actions are watched (VEEAM_POLLING_INTERVAL / VEEAM_POLLING_TIMEOUT). */
export interface PollingSettings {
  intervalMs: number;
  timeoutMs: number;
}

export interface CommandContext {
  /** The text after the command word, trimmed (may be empty). */
  args: string;
  /** The id of the activity being handled (a message, or the invoke of a button). */
  activityId: string;
  /** Language and zone together, as cards take them. */
  view: CardView;
  /** The bot's display name (for "@Bot jobs" hints). */
  botName: string;
  /** False when BOT_OPERATORS is empty: job actions are switched off for everyone. */
  operatorsConfigured: boolean;
  clock: BotClock;
  polling: PollingSettings;
  /** Runs work after the turn has answered (progress polling); errors are logged, never thrown. */
  background(name: string, task: () => Promise<void>): void;
  locale: Locale;
  /** IANA zone from the activity (localTimezone / clientInfo), UTC when absent. */
  timeZone: string;
  t: Translator;
  user: CommandUser;
  conversation: CommandConversation;
  /** True when the user is listed in BOT_OPERATORS. */
  isOperator: boolean;
  /** Undefined when Veeam is not configured (VEEAM_ENABLED=false). */
  veeam?: VeeamClient;
  store: Store;
  logger: Logger;
  reply(message: AdaptiveCard | string): Promise<SentActivity>;
  /** Replaces a card the bot sent earlier in this conversation. */
  update(activityId: string, card: AdaptiveCard): Promise<void>;
}

export interface Command {
  /** English command word, e.g. 'history'. */
  name: string;
  /** Other words that run it, e.g. ['履歴']. */
  aliases: string[];
  run(ctx: CommandContext): Promise<void>;
}
