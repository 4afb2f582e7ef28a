/**
 * Drill: known values in every secret-bearing setting, every entry point driven (webhook with good, wrong and
 * missing auth; commands through the Bot Connector stand-in; Veeam sign-in refused; unauthenticated Bot Framework
 * and tab API calls), then every log line, every card or message the bot sent, and every HTTP answer is scanned for
 * the secret values. The logger here has no scrubbing list, so the scan sees what the code itself writes.
 */
import { createLogger } from '../../logger';
import { startApp, type RunningApp } from '../../app';
import { startVeeamSimulator, type VeeamSimulator } from '../../veeam/simulator/veeam-simulator';
import { startConnectorStandIn, type ConnectorStandIn } from '../../local-teams/connector-stand-in';
import { messageActivity, postActivity } from '../../local-teams/activity-builder';
import { testConfig, TEST_WEBHOOK_SECRET } from '../helpers/start-test-app';
import { makeJobEvent } from '../helpers/make-job-event';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { KNOWN_TEST_SECRETS } from '../helpers/no-secrets-in-logs';

const SECRETS = {
  WEBHOOK_SECRET: 'drill-webhook-secret-5f3c9a1e7b2d',
  VEEAM_PASSWORD: 'Drill-Veeam-P@ss-8d2f41',
  VEEAM_PASSWORD_WRONG: 'Drill-Wrong-P@ss-0c9e77',
  MicrosoftAppPassword: 'drill-msapp-secret-4e1b7c9a',
};

const lines: string[] = [];
const answers: string[] = [];
const dirs: string[] = [];
const apps: RunningApp[] = [];
let sim: VeeamSimulator;
let connector: ConnectorStandIn;

async function start(env: Record<string, string>): Promise<RunningApp> {
  const dataDir = makeTempDir();
  dirs.push(dataDir);
  const logger = createLogger({ level: 'trace', destination: { write: (l: string) => void lines.push(l) } });
  const app = await startApp(testConfig({ LOG_LEVEL: 'trace', ...env }, dataDir), { logger });
  apps.push(app);
  return app;
}

async function call(url: string, init: RequestInit = {}): Promise<number> {
  const res = await fetch(url, init);
  answers.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
  return res.status;
}

beforeAll(async () => {
  sim = await startVeeamSimulator({ tls: false, scenario: { jobs: 12, users: [{ name: 'svc-veeam@contoso.local', password: SECRETS.VEEAM_PASSWORD, role: 'admin' }] } });
  connector = await startConnectorStandIn();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await Promise.all([sim.close(), connector.close()]);
  dirs.forEach(removeDir);
});

test('the helpers\u2019 fixed secrets are the ones the global log scan looks for', () => {
  expect(KNOWN_TEST_SECRETS).toContain(TEST_WEBHOOK_SECRET);
});

test('no secret in any log line, card, message or HTTP answer, whichever door is used', async () => {
  const veeamEnv = { VEEAM_ENABLED: 'true', VEEAM_API_URL: sim.vbrUrl, VEEAM_USERNAME: 'svc-veeam@contoso.local', VEEAM_RETRY_COUNT: '0' };
  const good = await start({ ...veeamEnv, WEBHOOK_SECRET: SECRETS.WEBHOOK_SECRET, VEEAM_PASSWORD: SECRETS.VEEAM_PASSWORD });
  const hook = `${good.url}/api/veeam/job-complete`;
  const body = JSON.stringify(makeJobEvent());
  const json = { 'content-type': 'application/json' };
  // Webhook: right secret (bearer and header forms), wrong, a prefix of it, it plus more, none, malformed bodies.
  expect(await call(hook, { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRETS.WEBHOOK_SECRET}` }, body })).toBe(200);
  await call(hook, { method: 'POST', headers: { ...json, 'x-webhook-secret': SECRETS.WEBHOOK_SECRET }, body: JSON.stringify(makeJobEvent()) });
  for (const auth of ['Bearer wrong-guess-000000000000', `Bearer ${SECRETS.WEBHOOK_SECRET.slice(0, 12)}`, `Bearer ${SECRETS.WEBHOOK_SECRET}x`, `Basic ${Buffer.from(`u:${SECRETS.WEBHOOK_SECRET}`).toString('base64')}`]) {
    expect(await call(hook, { method: 'POST', headers: { ...json, authorization: auth }, body })).toBe(401);
  }
  expect(await call(hook, { method: 'POST', headers: json, body })).toBe(401);
  await call(hook, { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRETS.WEBHOOK_SECRET}` }, body: `{"jobId": "${SECRETS.WEBHOOK_SECRET}", "status": 5}` });
  await call(hook, { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRETS.WEBHOOK_SECRET}` }, body: '{not json' });

  // Commands through the stand-in (signs in to Veeam with the password).
  for (const text of ['jobs', 'status VM Backup Job 1', 'history', 'repos', 'start VM Backup Job 2', 'alerts']) {
    const activity = messageActivity(text, { serviceUrl: connector.serviceUrl, conversationId: `a:secrets-${text.replace(/\W/g, '')}` });
    expect((await postActivity(good.url, activity)).status).toBe(200);
  }
  // Veeam's token expires mid-run: re-sign-in.
  sim.inject({ expireTokens: true });
  await postActivity(good.url, messageActivity('jobs', { serviceUrl: connector.serviceUrl, conversationId: 'a:secrets-after-expiry' }));
  await good.bot.idle();
  await call(`${good.url}/healthz`);
  await call(`${good.url}/readyz`);

  // Veeam refuses the sign-in (wrong password).
  const refused = await start({ ...veeamEnv, WEBHOOK_SECRET: SECRETS.WEBHOOK_SECRET, VEEAM_PASSWORD: SECRETS.VEEAM_PASSWORD_WRONG });
  for (const text of ['jobs', 'status VM Backup Job 1']) {
    await postActivity(refused.url, messageActivity(text, { serviceUrl: connector.serviceUrl, conversationId: `a:secrets-refused-${text.length}` }));
  }
  await refused.bot.idle();

  // Bot Framework authentication on: unauthenticated activity and tab API calls are refused.
  const authed = await start({ MicrosoftAppId: '00000000-0000-0000-0000-0000000000aa', MicrosoftAppPassword: SECRETS.MicrosoftAppPassword, MicrosoftAppTenantId: '0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a', MicrosoftAppType: 'SingleTenant', WEBHOOK_SECRET: SECRETS.WEBHOOK_SECRET });
  const activity = JSON.stringify(messageActivity('jobs', { serviceUrl: connector.serviceUrl }));
  expect(await call(`${authed.url}/api/messages`, { method: 'POST', headers: json, body: activity })).toBeGreaterThanOrEqual(400);
  expect(await call(`${authed.url}/api/messages`, { method: 'POST', headers: { ...json, authorization: `Bearer ${SECRETS.MicrosoftAppPassword}` }, body: activity })).toBeGreaterThanOrEqual(400);
  expect(await call(`${authed.url}/api/history`)).toBe(401);
  expect(await call(`${authed.url}/api/history/summary?days=30`, { headers: { authorization: 'Bearer not-a-jwt' } })).toBe(401);

  // The scan.
  expect(lines.length).toBeGreaterThan(50);
  expect(connector.calls.length).toBeGreaterThan(5);
  const sent = connector.calls.map((c) => JSON.stringify(c.body));
  const haystacks: Array<[string, string[]]> = [['log lines', lines], ['Bot Connector calls', sent], ['HTTP answers', answers]];
  const leaks: string[] = [];
  for (const [where, texts] of haystacks) {
    for (const [name, value] of Object.entries(SECRETS)) {
      for (const form of [value, encodeURIComponent(value), Buffer.from(value).toString('base64')]) {
        const hit = texts.find((t) => t.includes(form));
        if (hit) leaks.push(`${name} in ${where}: ${hit.slice(0, 300)}`);
      }
    }
  }
  expect(leaks).toEqual([]);
}, 60_000);
