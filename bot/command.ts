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

export interface CommandContext {
  /** The text after the command word, trimmed (may be empty). */
  args: string;
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
