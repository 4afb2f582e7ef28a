/**
 * A local stand-in for the Bot Connector service: the HTTP API a bot calls at the activity's `serviceUrl`
 * to reply, update, delete and create conversations. It records every call so tests (and the demo console)
 * see exactly what the bot sent, and it can be told to answer with failures (429 with Retry-After, 500, 403…)
 * to exercise the bot's retry paths. It speaks the v3 routes botbuilder's ConnectorClient uses.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export type ConnectorCallKind = 'send' | 'reply' | 'update' | 'delete' | 'createConversation' | 'other';

export interface ConnectorCall {
  kind: ConnectorCallKind;
  method: string;
  path: string;
  conversationId?: string;
  /** The reply-to id (reply) or the updated/deleted activity id. */
  activityId?: string;
  /** The activity the bot sent (body), for send/reply/update; the create-conversation parameters otherwise. */
  body: Record<string, unknown>;
  /** The id the stand-in gave the activity (send/reply/createConversation) or kept (update). */
  assignedId?: string;
  /** HTTP status the stand-in answered. */
  status: number;
  at: number;
}

/** A scripted answer used instead of success for the next matching call. */
export interface ScriptedFailure {
  status: number;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** Error code in the body, e.g. BotNotInConversationRoster. */
  code?: string;
  /** Only for calls of this kind (default: any send/reply/update/createConversation). */
  kind?: ConnectorCallKind;
  /** Hang instead of answering (simulates a timeout) for this many ms, then answer with `status`. */
  delayMs?: number;
}

export interface ConnectorStandIn {
  /** Use as the activity's serviceUrl (ends with a slash). */
  serviceUrl: string;
  calls: ConnectorCall[];
  /** Successful calls that delivered an activity (send, reply, createConversation), in order. */
  delivered(): ConnectorCall[];
  /** Queue failures answered, in order, to the next matching calls. */
  failNext(...failures: ScriptedFailure[]): void;
  /** Answer every matching call with this failure until cleared (undefined clears). */
  failAlways(failure: ScriptedFailure | undefined): void;
  /** Resolves when `predicate` holds for the recorded calls (checked on each call), or rejects after timeoutMs. */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<ConnectorCall[]>;
  /** Called for every recorded call (the demo console prints them). */
  onCall(listener: (call: ConnectorCall) => void): void;
  reset(): void;
  close(): Promise<void>;
}

function classify(method: string, parts: string[]): { kind: ConnectorCallKind; conversationId?: string; activityId?: string } {
  // parts: ['v3', 'conversations', convId?, 'activities'?, activityId?]
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return { kind: 'other' };
  if (parts.length === 2 && method === 'POST') return { kind: 'createConversation' };
  const conversationId = parts[2] ? decodeURIComponent(parts[2]) : undefined;
  if (parts[3] !== 'activities') return { kind: 'other', conversationId };
  const activityId = parts[4] ? decodeURIComponent(parts[4]) : undefined;
  if (method === 'POST') return { kind: activityId ? 'reply' : 'send', conversationId, activityId };
  if (method === 'PUT') return { kind: 'update', conversationId, activityId };
  if (method === 'DELETE') return { kind: 'delete', conversationId, activityId };
  return { kind: 'other', conversationId, activityId };
}

export async function startConnectorStandIn(port = 0): Promise<ConnectorStandIn> {
  const calls: ConnectorCall[] = [];
  const queued: ScriptedFailure[] = [];
  let always: ScriptedFailure | undefined;
  const listeners: Array<(call: ConnectorCall) => void> = [];
  const waiters = new Set<() => void>();
  let seq = 0;

  const matches = (f: ScriptedFailure, kind: ConnectorCallKind) =>
    f.kind ? f.kind === kind : kind === 'send' || kind === 'reply' || kind === 'update' || kind === 'createConversation';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const parts = url.pathname.split('/').filter(Boolean);
      const method = req.method ?? 'GET';
      const { kind, conversationId, activityId } = classify(method, parts);
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        body = { unparsable: true };
      }
      let failure: ScriptedFailure | undefined;
      const qi = queued.findIndex((f) => matches(f, kind));
      if (qi >= 0) failure = queued.splice(qi, 1)[0];
      else if (always && matches(always, kind)) failure = always;

      const answer = () => {
        const call: ConnectorCall = { kind, method, path: url.pathname, conversationId, activityId, body, status: 200, at: Date.now() };
        if (failure) {
          call.status = failure.status;
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
          res.writeHead(failure.status, headers);
          res.end(JSON.stringify({ error: { code: failure.code ?? `Status${failure.status}`, message: 'stand-in scripted failure' } }));
        } else {
          seq += 1;
          let response: Record<string, unknown>;
          if (kind === 'send' || kind === 'reply') {
            call.assignedId = `standin-activity-${seq}`;
            response = { id: call.assignedId };
          } else if (kind === 'update') {
            call.assignedId = activityId;
            response = { id: activityId };
          } else if (kind === 'createConversation') {
            const newConversationId = `${(body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? '19:standin@thread.tacv2'};messageid=${Date.now()}${seq}`;
            call.conversationId = newConversationId;
            call.assignedId = `standin-activity-${seq}`;
            response = { id: newConversationId, activityId: call.assignedId, serviceUrl: undefined };
          } else if (kind === 'other' && parts[3] === 'pagedmembers') {
            response = { members: [] };
          } else {
            response = { id: randomUUID() };
          }
          res.writeHead(kind === 'send' || kind === 'reply' || kind === 'createConversation' ? 201 : 200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(response));
        }
        calls.push(call);
        for (const l of listeners) l(call);
        for (const w of [...waiters]) w();
      };
      if (failure?.delayMs) setTimeout(answer, failure.delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: boundPort } = server.address() as AddressInfo;

  const deliveredKinds = new Set<ConnectorCallKind>(['send', 'reply', 'createConversation']);
  return {
    serviceUrl: `http://127.0.0.1:${boundPort}/`,
    calls,
    delivered: () => calls.filter((c) => deliveredKinds.has(c.kind) && c.status < 300),
    failNext: (...failures) => void queued.push(...failures),
    failAlways: (failure) => void (always = failure),
    onCall: (listener) => void listeners.push(listener),
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        if (predicate(calls)) return resolve(calls);
        const check = () => {
          if (predicate(calls)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(calls);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`connector stand-in: condition not met within ${timeoutMs} ms; ${calls.length} calls recorded: ${calls.map((c) => `${c.kind}:${c.status}`).join(', ')}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    reset() {
      calls.length = 0;
      queued.length = 0;
      always = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
