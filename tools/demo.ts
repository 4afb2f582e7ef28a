/**
 * npm run demo — try the bot without Teams. Starts, in this process: the Veeam simulator, the bot (real
 * restify server, CloudAdapter, embedded store in ./data/demo), and the local Bot Connector stand-in; seeds a few
 * history events through the real webhook; then opens a chat console that talks to the bot exactly as Teams
 * does. The demo user is an operator. Works with piped input too: `echo jobs | npm run demo`.
 */
import path from 'node:path';
import pino from 'pino';
import { startApp } from '../app';
import { loadConfig, secretValues } from '../config/config';
import { DEFAULT_USER, messageActivity, postActivity } from '../local-teams/activity-builder';
import { runChatConsole } from '../local-teams/chat-console';
import { startConnectorStandIn } from '../local-teams/connector-stand-in';
import { createLogger } from '../logger';
import { startVeeamSimulator } from '../veeam/simulator/veeam-simulator';

const WEBHOOK_SECRET = 'demo-webhook-secret-change-me-0123';

const SEED_EVENTS = [
  { jobName: 'VM Backup Job 1', status: 'Success', hoursAgo: 30, duration: 2520, size: 48 * 1024 ** 3 },
  { jobName: 'VM Backup Job 2', status: 'Failed', hoursAgo: 20, duration: 1860, size: 0, errorMessage: 'Processing SQL-NODE-02 Error: Failed to create VM snapshot. Insufficient space on datastore.' },
  { jobName: '本社ファイルサーバー バックアップ', status: 'Warning', hoursAgo: 8, duration: 3900, size: 12 * 1024 ** 3, errorMessage: 'Changed block tracking cannot be enabled.' },
  { jobName: 'VM Backup Job 1', status: 'Success', hoursAgo: 6, duration: 2400, size: 51 * 1024 ** 3 },
];

async function seedHistory(botUrl: string): Promise<number> {
  let stored = 0;
  for (const [i, e] of SEED_EVENTS.entries()) {
    const res = await fetch(`${botUrl}/api/veeam/job-complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_SECRET}` },
      body: JSON.stringify({
        jobName: e.jobName,
        jobId: `demo-job-${e.jobName}`,
        status: e.status,
        backupSize: e.size,
        duration: String(e.duration),
        timestamp: new Date(Date.now() - e.hoursAgo * 3600_000).toISOString(),
        // Fixed session ids: running the demo again does not add duplicates.
        sessionId: `00000000-0000-4000-8000-00000000000${i + 1}`,
        ...(e.errorMessage ? { errorMessage: e.errorMessage } : {}),
      }),
    });
    if (res.ok) stored += 1;
  }
  return stored;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.DATA_DIR ?? './data/demo');
  const sim = await startVeeamSimulator({ tls: false, scenario: { jobs: 24, clockSpeed: 60, jobDurationSec: { min: 120, max: 300 }, failureRate: 0.2 } });
  // The stand-in's port is fixed (next to the bot's): conversations stored in ./data/demo keep its URL as their
  // serviceUrl, so alerts still reach the console after the demo is restarted.
  const botPort = Number(process.env.PORT ?? '3978');
  const connector = await startConnectorStandIn(botPort ? botPort + 1000 : 0);
  const config = loadConfig(
    {
      PORT: process.env.PORT ?? '3978',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEBHOOK_SECRET,
      LOG_LEVEL: 'info',
      VEEAM_ENABLED: 'true',
      VEEAM_API_URL: sim.vbrUrl,
      VEEAM_USERNAME: sim.credentials.username,
      VEEAM_PASSWORD: sim.credentials.password,
      VEEAM_RETRY_COUNT: '0',
      VEEAM_POLLING_INTERVAL: '1',
      VEEAM_POLLING_TIMEOUT: '120',
      // Finished simulator sessions flow into history and alerts, as on a server without post-job scripts.
      VEEAM_POLL_SESSIONS: 'true',
      BOT_OPERATORS: DEFAULT_USER.aadObjectId,
      DEFAULT_TIMEZONE: process.env.DEFAULT_TIMEZONE ?? 'UTC',
    },
    { dotenvPath: false },
  );
  // The bot's log goes to a file so the console stays readable.
  const logFile = path.join(dataDir, 'bot.log');
  const logger = createLogger({ level: 'info', secrets: secretValues(config), destination: pino.destination({ dest: logFile, mkdir: true, sync: true }) });
  const app = await startApp(config, { logger });
  const seeded = await seedHistory(app.url);
  // Failure alerts on for the demo's personal chat, so a failed event posted with curl shows up at once.
  await postActivity(app.url, messageActivity('alerts on', { serviceUrl: connector.serviceUrl, kind: 'personal', user: DEFAULT_USER }));
  await app.bot.idle();

  const out = process.stdout;
  out.write(
    [
      'Veeam Teams bot — local demo (no Teams needed)',
      `  bot:        ${app.url}/api/messages   (Bot Framework activities; replies go to the connector stand-in at ${connector.serviceUrl})`,
      `  Veeam:      simulator at ${sim.vbrUrl} (24 jobs; its clock runs 60× fast, so jobs finish in seconds and its times run ahead of yours)`,
      `  store:      ${dataDir} (log: ${logFile}); ${seeded} history events seeded through the webhook`,
      `  webhook:    curl -X POST ${app.url}/api/veeam/job-complete -H 'Authorization: Bearer ${WEBHOOK_SECRET}' -H 'Content-Type: application/json' -d '{"jobName":"VM Backup Job 1","jobId":"demo-job-1","status":"Failed","errorMessage":"Snapshot failed","timestamp":"'$(date -u +%Y-%m-%dT%H:%M:%SZ)'"}'`,
      `  history tab: ${app.url}/tab/history.html   (open it in a browser; outside Teams it answers this machine only)`,
      `  alerts:     on for this chat (failures); \`alerts off\` stops them`,
      `  you are:    ${DEFAULT_USER.name} (an operator)`,
      '',
      'type help   (also: /lang ja, /tz Asia/Tokyo, /channel, /group, /personal, /quit; press a button by its number, or its label in brackets like [Start])',
      '',
    ].join('\n'),
  );

  await runChatConsole({ botUrl: app.url, connector, input: process.stdin, output: out, idle: () => app.bot.idle() });
  await app.close();
  await Promise.all([connector.close(), sim.close()]);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
