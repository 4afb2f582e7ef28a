/**
 * Builds Bot Framework activities shaped like the ones Teams sends (message in a channel with an <at> mention,
 * in a group chat, in a personal chat; invokes for Action.Execute; install events), for the demo console and tests.
 */
import { randomUUID } from 'node:crypto';

export const LOCAL_BOT = { id: '28:00000000-0000-0000-0000-00000000b07', name: 'Veeam Backup Bot' };
export const LOCAL_TENANT = '0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a';
export const LOCAL_TEAM = '19:local-team-root@thread.tacv2';
export const LOCAL_CHANNEL = '19:local-general-channel@thread.tacv2';

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface LocalUser {
  id: string;
  name: string;
  aadObjectId: string;
  /** user principal name, e.g. dana@contoso.com */
  upn?: string;
}

export const DEFAULT_USER: LocalUser = {
  id: '29:local-user-dana',
  name: 'Dana Ops',
  aadObjectId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  upn: 'dana@contoso.example',
};

export interface ActivityOptions {
  serviceUrl: string;
  kind?: ConversationKind;
  user?: LocalUser;
  locale?: string;
  timezone?: string;
  /** Defaults per kind; a channel conversation id gets ";messageid=<root>". */
  conversationId?: string;
  id?: string;
}

export type Activity = Record<string, unknown>;

function conversationFor(kind: ConversationKind, options: ActivityOptions) {
  if (kind === 'channel') {
    return {
      conversation: { id: options.conversationId ?? `${LOCAL_CHANNEL};messageid=1761234500000`, isGroup: true, conversationType: 'channel', tenantId: LOCAL_TENANT },
      channelData: {
        teamsChannelId: LOCAL_CHANNEL,
        teamsTeamId: LOCAL_TEAM,
        channel: { id: LOCAL_CHANNEL },
        team: { id: LOCAL_TEAM, name: 'Backup Operations' },
        tenant: { id: LOCAL_TENANT },
      },
    };
  }
  if (kind === 'groupChat') {
    return {
      conversation: { id: options.conversationId ?? '19:local-group-chat@thread.v2', isGroup: true, conversationType: 'groupChat', tenantId: LOCAL_TENANT },
      channelData: { tenant: { id: LOCAL_TENANT } },
    };
  }
  return {
    conversation: { id: options.conversationId ?? 'a:local-personal-chat', conversationType: 'personal', tenantId: LOCAL_TENANT },
    channelData: { tenant: { id: LOCAL_TENANT } },
  };
}

function base(options: ActivityOptions): Activity {
  const kind = options.kind ?? 'personal';
  const user = options.user ?? DEFAULT_USER;
  const locale = options.locale ?? 'en-US';
  return {
    id: options.id ?? `${Date.now()}${Math.floor(Math.random() * 1000)}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: options.serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId, ...(user.upn ? { userPrincipalName: user.upn } : {}) },
    recipient: LOCAL_BOT,
    locale,
    localTimezone: options.timezone ?? 'UTC',
    entities: [{ type: 'clientInfo', locale, country: 'US', platform: 'Web', timezone: options.timezone ?? 'UTC' }],
    ...conversationFor(kind, options),
  };
}

/** A message as Teams sends it; in a channel the text carries the bot's <at> mention. */
export function messageActivity(text: string, options: ActivityOptions): Activity {
  const activity = base(options);
  const kind = options.kind ?? 'personal';
  const mention = `<at>${LOCAL_BOT.name}</at>`;
  const fullText = kind === 'channel' ? `${mention} ${text}` : text;
  activity.type = 'message';
  activity.text = fullText;
  activity.textFormat = 'plain';
  if (kind === 'channel') {
    (activity.entities as unknown[]).push({ type: 'mention', text: mention, mentioned: LOCAL_BOT });
  }
  activity.attachments = [{ contentType: 'text/html', content: `<p>${fullText.replace(/ /g, '&nbsp;')}</p>` }];
  return activity;
}

/** The invoke Teams sends when someone presses an Action.Execute button. */
export function cardActionInvoke(verb: string, data: Record<string, unknown>, options: ActivityOptions & { replyToId?: string }): Activity {
  const activity = base(options);
  activity.type = 'invoke';
  activity.name = 'adaptiveCard/action';
  activity.value = { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' };
  if (options.replyToId) activity.replyToId = options.replyToId;
  return activity;
}

/** The bot was added to a team (conversationUpdate with the bot in membersAdded). */
export function botAddedToTeamActivity(options: ActivityOptions): Activity {
  const activity = base({ ...options, kind: 'channel', conversationId: options.conversationId ?? LOCAL_CHANNEL });
  activity.type = 'conversationUpdate';
  activity.membersAdded = [{ id: LOCAL_BOT.id }];
  (activity.channelData as Record<string, unknown>).eventType = 'teamMemberAdded';
  return activity;
}

/** installationUpdate add/remove. */
export function installationUpdateActivity(action: 'add' | 'remove', options: ActivityOptions): Activity {
  const activity = base(options);
  activity.type = 'installationUpdate';
  activity.action = action;
  return activity;
}

/** Posts an activity to the bot's /api/messages exactly as the Bot Connector would (no JWT: auth is disabled locally). */
export async function postActivity(botUrl: string, activity: Activity): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* keep text */
  }
  return { status: res.status, body };
}
