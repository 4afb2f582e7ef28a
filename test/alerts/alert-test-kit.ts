/** Shared set-up for the alert tests: the real app, the local Bot Connector stand-in, and Teams-shaped install events. */
import { botAddedToTeamActivity, installationUpdateActivity, messageActivity, postActivity, type Activity, type ActivityOptions } from '../../local-teams/activity-builder';
import type { ConnectorCall, ConnectorStandIn } from '../../local-teams/connector-stand-in';

export interface TeamChannel {
  teamId: string;
  channelId: string;
  teamName: string;
}

export const TEAM_A: TeamChannel = { teamId: '19:team-a@thread.tacv2', channelId: '19:team-a-general@thread.tacv2', teamName: 'Backup Ops' };
export const TEAM_B: TeamChannel = { teamId: '19:team-b@thread.tacv2', channelId: '19:team-b-general@thread.tacv2', teamName: 'DBA' };

/** Re-points a channel activity from the builder's default team at `team`. */
export function inTeam(activity: Activity, team: TeamChannel, threadRoot?: string): Activity {
  const cd = activity.channelData as Record<string, unknown>;
  cd.teamsChannelId = team.channelId;
  cd.teamsTeamId = team.teamId;
  cd.channel = { id: team.channelId };
  cd.team = { id: team.teamId, name: team.teamName };
  (activity.conversation as Record<string, unknown>).id = threadRoot ? `${team.channelId};messageid=${threadRoot}` : team.channelId;
  return activity;
}

/** The bot is added to a team: conversationUpdate and installationUpdate, as Teams sends both. */
export async function installInTeam(botUrl: string, connector: ConnectorStandIn, team: TeamChannel, options: Partial<ActivityOptions> = {}): Promise<void> {
  const base = { serviceUrl: connector.serviceUrl, ...options };
  const added = inTeam(botAddedToTeamActivity(base), team);
  const install = inTeam(installationUpdateActivity('add', { ...base, kind: 'channel' }), team);
  for (const a of [added, install]) {
    const res = await postActivity(botUrl, a);
    if (res.status >= 300) throw new Error(`install activity answered ${res.status}`);
  }
}

export async function sendInChannel(botUrl: string, connector: ConnectorStandIn, team: TeamChannel, text: string, options: Partial<ActivityOptions> = {}) {
  return postActivity(botUrl, inTeam(messageActivity(text, { serviceUrl: connector.serviceUrl, kind: 'channel', ...options }), team, '1761234500000'));
}

/** New channel posts (alert cards) the stand-in accepted, optionally only for one channel. */
export function alertPosts(connector: ConnectorStandIn, channelId?: string): ConnectorCall[] {
  return connector.calls.filter(
    (c) => c.kind === 'createConversation' && c.status < 300 && (!channelId || (c.body.channelData as { channel?: { id?: string } })?.channel?.id === channelId),
  );
}

/** The Adaptive Card inside a recorded send/update/createConversation. */
export function cardOf(call: ConnectorCall): Record<string, unknown> {
  const activity = (call.kind === 'createConversation' ? call.body.activity : call.body) as { attachments?: Array<{ contentType: string; content: Record<string, unknown> }> };
  const card = activity?.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no Adaptive Card in ${call.kind} ${call.path}`);
  return card;
}

export function cardText(card: unknown): string {
  return JSON.stringify(card);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` passes (polling), or fails with its last error. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000, stepMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await sleep(stepMs);
    }
  }
}
