/**
 * Talks to the bot the way Teams does: a message activity into /api/messages, the card out at the local Bot
 * Connector stand-in. Each message gets its own conversation id so its reply is found exactly.
 */
import { randomUUID } from 'node:crypto';
import { messageActivity, postActivity, type ActivityOptions } from '../../local-teams/activity-builder';
import { startConnectorStandIn, type ConnectorCall, type ConnectorStandIn } from '../../local-teams/connector-stand-in';

export interface ChatAnswer {
  /** From POST /api/messages to the first message (not typing) at the stand-in. */
  ms: number;
  reply: ConnectorCall;
  /** Bytes of the activity the bot sent (what Teams' 28 KB limit applies to). */
  bytes: number;
  card?: Record<string, unknown>;
}

export interface TeamsChat {
  connector: ConnectorStandIn;
  say(text: string, options?: Partial<ActivityOptions>): Promise<ChatAnswer>;
  close(): Promise<void>;
}

export async function startTeamsChat(botUrl: string): Promise<TeamsChat> {
  const connector = await startConnectorStandIn();
  return {
    connector,
    async say(text, options = {}) {
      const conversationId = `a:bench-${randomUUID()}`;
      const activity = messageActivity(text, { serviceUrl: connector.serviceUrl, conversationId, ...options });
      const isAnswer = (c: ConnectorCall) => c.conversationId === conversationId && c.body.type === 'message';
      const started = performance.now();
      const posted = await postActivity(botUrl, activity);
      if (posted.status !== 200) throw new Error(`POST /api/messages answered ${posted.status}`);
      const calls = await connector.waitFor((cs) => cs.some(isAnswer), 60_000);
      const ms = performance.now() - started;
      const reply = calls.find(isAnswer)!;
      const attachments = (reply.body.attachments ?? []) as Array<{ contentType?: string; content?: Record<string, unknown> }>;
      const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
      // Forget the recorded calls of this conversation so a long run does not keep them all.
      for (let i = calls.length - 1; i >= 0; i--) if (calls[i].conversationId === conversationId) calls.splice(i, 1);
      return { ms, reply, bytes: Buffer.byteLength(JSON.stringify(reply.body)), card };
    },
    close: () => connector.close(),
  };
}
