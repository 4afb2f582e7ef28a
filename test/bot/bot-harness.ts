/**
 * The real path for bot tests: the app (restify + CloudAdapter + store) in-process, the Veeam simulator
 * behind the real Veeam client, and the local Bot Connector stand-in receiving what the bot sends.
 * `say` posts a Teams-shaped message and returns the cards the bot replied with; `click` posts the
 * adaptiveCard/action invoke a button press sends and returns the replacement card.
 */
import { startVeeamSimulator, type VeeamSimulator } from '../../veeam/simulator/veeam-simulator';
import type { ScenarioInput } from '../../veeam/simulator/scenario';
import { cardActionInvoke, messageActivity, postActivity, type Activity, type ActivityOptions, type LocalUser, DEFAULT_USER } from '../../local-teams/activity-builder';
import { startConnectorStandIn, type ConnectorCall, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { assertValidCard } from '../helpers/assert-valid-card';

export type Card = Record<string, unknown>;

export interface BotHarness {
  app: TestApp;
  sim?: VeeamSimulator;
  connector: ConnectorStandIn;
  say(text: string, options?: Partial<ActivityOptions>): Promise<{ activity: Activity; replies: ConnectorCall[]; cards: Card[] }>;
  post(activity: Activity): Promise<{ status: number; body: unknown }>;
  click(verb: string, data: Record<string, unknown>, options?: Partial<ActivityOptions> & { replyToId?: string }): Promise<Card>;
  close(): Promise<void>;
}

export const OPERATOR: LocalUser = DEFAULT_USER;
export const STRANGER: LocalUser = { id: '29:local-user-sam', name: 'Sam Viewer', aadObjectId: '11111111-aaaa-4bbb-8ccc-222222222222', upn: 'sam@contoso.example' };

export interface HarnessOptions {
  env?: Record<string, string>;
  scenario?: ScenarioInput;
  /** false: no simulator (Veeam URL from env). */
  simulator?: boolean;
}

export function cardOf(call: ConnectorCall): Card | undefined {
  const attachments = (call.body.attachments ?? []) as Array<{ contentType?: string; content?: Card }>;
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every visible string of a card, joined (for "contains" assertions). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
      if ((k === 'text' || k === 'title' || k === 'value') && typeof v === 'string') out.push(v);
      else if (k !== 'data') walk(v);
    }
  };
  walk(card);
  return out.join('\n');
}

export function actionsOf(card: unknown): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const out: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute') out.push({ title: String(o.title), verb: String(o.verb), data: (o.data ?? {}) as Record<string, unknown> });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

export async function startBotHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const sim =
    options.simulator === false
      ? undefined
      : await startVeeamSimulator({ tls: false, scenario: { jobs: 12, failureRate: 0.3, jobDurationSec: { min: 2, max: 3 }, ...options.scenario } });
  const connector = await startConnectorStandIn();
  const app = await startTestApp({
    ...(sim ? { VEEAM_ENABLED: 'true', VEEAM_API_URL: sim.vbrUrl, VEEAM_USERNAME: sim.credentials.username, VEEAM_PASSWORD: sim.credentials.password } : {}),
    VEEAM_RETRY_COUNT: '0',
    VEEAM_RETRY_DELAY: '0',
    VEEAM_POLLING_INTERVAL: '1',
    VEEAM_POLLING_TIMEOUT: '30',
    BOT_OPERATORS: OPERATOR.aadObjectId,
    DEFAULT_TIMEZONE: 'UTC',
    ...options.env,
  });
  const base = (o: Partial<ActivityOptions> = {}): ActivityOptions => ({ serviceUrl: connector.serviceUrl, ...o });

  const post = (activity: Activity) => postActivity(app.url, activity);
  return {
    app,
    sim,
    connector,
    post,
    async say(text, o = {}) {
      const activity = messageActivity(text, base(o));
      const before = connector.calls.length;
      const answer = await post(activity);
      if (answer.status !== 200) throw new Error(`POST /api/messages answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const mine = (calls: ConnectorCall[]) => calls.slice(before).filter((c) => c.activityId === activity.id || c.conversationId === (activity.conversation as { id: string }).id);
      await connector.waitFor((calls) => mine(calls).some((c) => c.body.type === 'message'), 15_000);
      const replies = mine(connector.calls).filter((c) => c.body.type === 'message');
      const cards = replies.map(cardOf).filter((c): c is Card => !!c);
      for (const c of cards) assertValidCard(c);
      return { activity, replies, cards };
    },
    async click(verb, data, o = {}) {
      const answer = await post(cardActionInvoke(verb, data, { ...base(o), replyToId: o.replyToId }));
      if (answer.status !== 200) throw new Error(`invoke answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      const body = answer.body as { statusCode: number; type: string; value: Card };
      expect(body.statusCode).toBe(200);
      expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
      assertValidCard(body.value);
      return body.value;
    },
    async close() {
      await app.bot.idle();
      await Promise.all([app.dispose(), connector.close(), sim?.close()]);
    },
  };
}
