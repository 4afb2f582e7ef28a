/**
 * Conversations the bot is in (teams' channels, group chats, personal chats) and their alert subscriptions.
 * A record is written on install and refreshed on every incoming activity (install events fire only once).
 */
import type { JobResult } from '../events/job-run';

export type TargetKind = 'channel' | 'groupChat' | 'personal';

/** Which results a conversation wants: failed = Failed only; warning = Failed and Warning; all = every finished run. */
export const ALERT_LEVELS = ['failed', 'warning', 'all'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export interface AlertSubscription {
  enabled: boolean;
  level: AlertLevel;
  /** Only jobs whose name contains this text (case- and width-insensitive); absent = every job. */
  jobFilter?: string;
}

/**
 * active: the bot is there; removed: the bot was uninstalled or removed from the team/chat;
 * unreachable: Teams refused a send with 403 (e.g. BotNotInConversationRoster), so alerts stopped.
 */
export type TargetStatus = 'active' | 'removed' | 'unreachable';

export interface ConversationTarget {
  /** The channel id for a channel (never the ";messageid=" thread id), the conversation id for a chat. */
  id: string;
  kind: TargetKind;
  serviceUrl: string;
  tenantId?: string;
  teamId?: string;
  teamName?: string;
  channelId?: string;
  /** The bot's own account in this conversation ({id, name}), as Teams addressed it. */
  bot: { id: string; name?: string };
  /** The Bot Framework conversation reference, as botbuilder produced it (JSON). */
  reference: Record<string, unknown>;
  /** Last seen on an activity in this conversation; cards use them. */
  locale?: string;
  timeZone?: string;
  status: TargetStatus;
  /** Why the status is not active (e.g. BotNotInConversationRoster, uninstalled). */
  statusReason?: string;
  statusChangedAt?: Date;
  subscription?: AlertSubscription;
  welcomedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** What an incoming activity tells us about its conversation. */
export type SeenConversation = Pick<
  ConversationTarget,
  'id' | 'kind' | 'serviceUrl' | 'tenantId' | 'teamId' | 'teamName' | 'channelId' | 'bot' | 'reference' | 'locale' | 'timeZone'
>;

export interface UpsertOutcome {
  target: ConversationTarget;
  /** True when this conversation was not stored before. */
  created: boolean;
}

export interface ConversationStore {
  /**
   * Inserts or refreshes a conversation; a removed one becomes active again, an unreachable one (Teams said 403)
   * stays unreachable until setStatus('active') (reinstall, `alerts on`). Existing settings are kept;
   * `defaultSubscription` is applied only when the record has none yet.
   */
  upsertSeen(seen: SeenConversation, at: Date, defaultSubscription?: AlertSubscription): Promise<UpsertOutcome>;
  get(id: string): Promise<ConversationTarget | undefined>;
  setSubscription(id: string, subscription: AlertSubscription, at: Date): Promise<ConversationTarget | undefined>;
  /** removed / unreachable for one conversation. Clears welcomedAt, so a reinstall welcomes again. */
  setStatus(id: string, status: TargetStatus, reason: string | undefined, at: Date): Promise<void>;
  /** Marks every conversation of a team removed (the bot was removed from the team). Returns how many. */
  markTeamRemoved(teamId: string, reason: string, at: Date): Promise<number>;
  /** Sets welcomedAt once; true for the caller that set it (so only one welcome card is posted). */
  claimWelcome(id: string, at: Date): Promise<boolean>;
  /** Active conversations with an enabled subscription. */
  listSubscribed(): Promise<ConversationTarget[]>;
}

export function subscriptionMatches(sub: AlertSubscription | undefined, run: { result: JobResult; jobName: string }): boolean {
  if (!sub?.enabled) return false;
  const wanted: Record<AlertLevel, JobResult[]> = {
    failed: ['Failed'],
    warning: ['Failed', 'Warning'],
    all: ['Failed', 'Warning', 'Success'],
  };
  if (!wanted[sub.level].includes(run.result)) return false;
  if (!sub.jobFilter) return true;
  const norm = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
  return norm(run.jobName).includes(norm(sub.jobFilter));
}

export const DEFAULT_TEAM_SUBSCRIPTION: AlertSubscription = { enabled: true, level: 'failed' };
