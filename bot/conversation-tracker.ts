/**
 * Remembers every conversation the bot is in, so alerts know where to go. Install events (conversationUpdate with
 * the bot in membersAdded, installationUpdate add) fire only once, so every incoming activity also refreshes the
 * record (serviceUrl, reference, locale, time zone). Removal marks the conversation (or every channel of the team)
 * removed. When the bot is added to a team, its channel gets the default subscription (failures) and one welcome card.
 */
import { CardFactory, MessageFactory, TurnContext, type Activity, type TeamsActivityHandler } from 'botbuilder';
import { buildWelcomeCard } from '../cards/alert-welcome-card';
import { localeFrom } from '../i18n/locale';
import { safeTimeZone } from '../i18n/format';
import type { Logger } from '../logger';
import { DEFAULT_TEAM_SUBSCRIPTION, type ConversationStore, type SeenConversation } from '../store/conversation-store';

export interface ConversationTrackerDeps {
  conversations: ConversationStore;
  logger: Logger;
  defaultTimeZone: string;
  now?: () => Date;
}

interface TeamsChannelData {
  eventType?: string;
  teamsChannelId?: string;
  teamsTeamId?: string;
  channel?: { id?: string; name?: string };
  team?: { id?: string; name?: string };
  tenant?: { id?: string };
}

/** Where an activity came from, as a target record (channel threads collapse to their channel). Undefined outside Teams. */
export function seenConversationFrom(activity: Activity): SeenConversation | undefined {
  if (activity.channelId !== 'msteams' || !activity.conversation?.id || !activity.serviceUrl || !activity.recipient?.id) return undefined;
  const cd = (activity.channelData ?? {}) as TeamsChannelData;
  const conversationType = activity.conversation.conversationType;
  const teamId = cd.team?.id ?? cd.teamsTeamId;
  const isChannel = conversationType === 'channel' || (!!teamId && conversationType !== 'groupChat' && conversationType !== 'personal');
  const channelId = isChannel ? (cd.channel?.id ?? cd.teamsChannelId ?? activity.conversation.id.split(';')[0]) : undefined;
  const kind = isChannel ? 'channel' : conversationType === 'personal' || !activity.conversation.isGroup ? 'personal' : 'groupChat';
  const reference = TurnContext.getConversationReference(activity) as unknown as Record<string, unknown>;
  delete reference.activityId;
  return {
    id: channelId ?? activity.conversation.id.split(';')[0],
    kind,
    serviceUrl: activity.serviceUrl,
    tenantId: cd.tenant?.id ?? activity.conversation.tenantId,
    teamId,
    teamName: cd.team?.name,
    channelId,
    bot: { id: activity.recipient.id, name: activity.recipient.name },
    reference,
    locale: activity.locale ?? undefined,
    timeZone: timeZoneOf(activity),
  };
}

function timeZoneOf(activity: Activity): string | undefined {
  const fromEntity = (activity.entities ?? []).find((e) => e.type === 'clientInfo' && typeof (e as { timezone?: unknown }).timezone === 'string') as
    | { timezone: string }
    | undefined;
  const zone = (activity as { localTimezone?: string }).localTimezone ?? fromEntity?.timezone;
  return zone && safeTimeZone(zone) === zone ? zone : undefined;
}

export class ConversationTracker {
  private readonly now: () => Date;

  constructor(private readonly deps: ConversationTrackerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Every activity: refresh (or create) the record. Never throws: tracking must not break a command. */
  async track(context: TurnContext): Promise<void> {
    if (this.isRemoval(context.activity)) return;
    const seen = seenConversationFrom(context.activity);
    if (!seen) return;
    try {
      await this.deps.conversations.upsertSeen(seen, this.now());
    } catch (err) {
      this.deps.logger.warn({ err, conversationId: seen.id }, 'could not record the conversation');
    }
  }

  /** The bot was added (team, group chat, personal). A team's channel gets the default subscription and a welcome card. */
  async installed(context: TurnContext): Promise<void> {
    const seen = seenConversationFrom(context.activity);
    if (!seen) return;
    const { target, created } = await this.deps.conversations.upsertSeen(seen, this.now(), seen.kind === 'channel' ? DEFAULT_TEAM_SUBSCRIPTION : undefined);
    this.deps.logger.info({ conversationId: target.id, kind: target.kind, teamId: target.teamId, created }, 'bot installed in a conversation');
    if (target.status !== 'active') await this.deps.conversations.setStatus(target.id, 'active', undefined, this.now());
    if (target.kind !== 'channel' || !(await this.deps.conversations.claimWelcome(target.id, this.now()))) return;
    const card = buildWelcomeCard({ locale: localeFrom(context.activity.locale), timeZone: target.timeZone ?? this.deps.defaultTimeZone });
    try {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    } catch (err) {
      this.deps.logger.warn({ err, conversationId: target.id }, 'welcome card could not be posted');
    }
  }

  /** The bot was removed from a team (all its channels) or a chat. */
  async removed(context: TurnContext): Promise<void> {
    const seen = seenConversationFrom(context.activity);
    if (!seen) return;
    const at = this.now();
    if (seen.teamId) {
      const n = await this.deps.conversations.markTeamRemoved(seen.teamId, 'uninstalled', at);
      this.deps.logger.info({ teamId: seen.teamId, conversations: n }, 'bot removed from a team: its conversations no longer get alerts');
    } else {
      await this.deps.conversations.setStatus(seen.id, 'removed', 'uninstalled', at);
      this.deps.logger.info({ conversationId: seen.id }, 'bot removed from a chat: it no longer gets alerts');
    }
  }

  private isRemoval(activity: Activity): boolean {
    if (activity.type === 'installationUpdate') return /^remove/.test(String(activity.action ?? ''));
    if (activity.type === 'conversationUpdate') return !!activity.membersRemoved?.some((m) => m.id === activity.recipient?.id);
    return false;
  }
}

/**
 * Hooks the tracker into the bot without touching its message handling: every turn is tracked first, and the
 * install/remove events call installed/removed. ActivityHandler runs every registered handler in order.
 */
export function registerConversationTracking(bot: TeamsActivityHandler, tracker: ConversationTracker): void {
  bot.onTurn(async (context, next) => {
    await tracker.track(context);
    await next();
  });
  bot.onInstallationUpdateAdd(async (context, next) => {
    await tracker.installed(context);
    await next();
  });
  bot.onInstallationUpdateRemove(async (context, next) => {
    await tracker.removed(context);
    await next();
  });
  bot.onMembersAdded(async (context, next) => {
    if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await tracker.installed(context);
    await next();
  });
  bot.onMembersRemoved(async (context, next) => {
    if (context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient.id)) await tracker.removed(context);
    await next();
  });
}
