/**
 * npm run veeam:sim — starts the Veeam simulator (VBR REST + Enterprise Manager) for demos and manual tests.
 * Prints the URLs, the credentials and the certificate fingerprint to put in .env.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { startVeeamSimulator } from '../veeam/simulator/veeam-simulator';
import type { ScenarioInput } from '../veeam/simulator/scenario';

const program = new Command()
  .name('veeam-sim')
  .description('Veeam Backup & Replication simulator: VBR REST API v1 and Enterprise Manager REST API')
  .option('--scenario <file>', 'JSON scenario file (see veeam/simulator/scenario.ts)')
  .option('--host <host>', 'listen address', '127.0.0.1')
  .option('--vbr-port <port>', 'VBR REST API port', '9419')
  .option('--em-port <port>', 'Enterprise Manager port', '9398')
  .option('--http', 'plain HTTP instead of HTTPS (demo only)')
  .option('--jobs <n>', 'number of jobs')
  .option('--seed <n>', 'random seed')
  .option('--speed <x>', 'simulated seconds per real second')
  .option('--failure-rate <r>', 'share of failed runs (0..1)')
  .option('--warning-rate <r>', 'share of runs with warnings (0..1)')
  .option('--latency <ms>', 'added latency per answer')
  .option('--token-lifetime <s>', 'VBR access token lifetime in seconds')
  .option('--revision <rev>', 'newest VBR REST revision served (e.g. 1.2-rev1)')
  .option('--no-scheduler', 'do not start jobs on their schedule')
  .option('--spec-dir <dir>', 'validate every VBR answer against vbr_rest_<rev>.json in this folder')
  .parse();

const o = program.opts<Record<string, string | boolean | undefined>>();
const num = (v: unknown) => (v === undefined ? undefined : Number(v));
const scenario: ScenarioInput = Object.fromEntries(
  Object.entries({
    jobs: num(o.jobs), seed: num(o.seed), clockSpeed: num(o.speed), failureRate: num(o.failureRate), warningRate: num(o.warningRate),
    latencyMs: num(o.latency), tokenLifetimeSec: num(o.tokenLifetime), vbrRevision: o.revision, scheduler: o.scheduler !== false,
  }).filter(([, v]) => v !== undefined),
) as ScenarioInput;

async function main(): Promise<void> {
  const sim = await startVeeamSimulator({
    scenarioFile: typeof o.scenario === 'string' ? o.scenario : undefined,
    scenario,
    host: String(o.host),
    vbrPort: Number(o.vbrPort),
    emPort: Number(o.emPort),
    tls: !o.http,
    specDir: typeof o.specDir === 'string' ? o.specDir : undefined,
  });
  let caFile = '';
  if (sim.caPem) {
    caFile = path.join(os.tmpdir(), 'veeam-sim-ca.pem');
    fs.writeFileSync(caFile, sim.caPem);
  }
  const lines = [
    'Veeam simulator running / Veeam シミュレーター起動中',
    `  VBR REST API (9419 role):        ${sim.vbrUrl}/api/v1`,
    `  Enterprise Manager (9398 role):  ${sim.emUrl}/api`,
    `  user / ユーザー:                   ${sim.credentials.username}`,
    `  password / パスワード:             ${sim.credentials.password}   (simulator only)`,
    `  jobs / ジョブ数:                   ${sim.state.jobs.length}, clock x${sim.scenario.clockSpeed}, seed ${sim.scenario.seed}`,
    ...(sim.caPem ? [`  CA fingerprint (SHA-256):        ${sim.fingerprint}`, `  CA bundle written to:            ${caFile}`] : []),
    '',
    '  .env for the bot:',
    `    VEEAM_ENABLED=true`,
    `    VEEAM_API_URL=${sim.vbrUrl}`,
    `    VEEAM_USERNAME=${sim.credentials.username}`,
    `    VEEAM_PASSWORD=<the password above>`,
    ...(sim.caPem ? [`    VEEAM_CA_BUNDLE=${caFile}`] : []),
    '',
    `  Faults at runtime: curl -k -X POST ${sim.vbrUrl}/__sim/inject -d '{"failNext":{"status":503}}'`,
    `  State:             curl -k ${sim.vbrUrl}/__sim/state`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`veeam-sim: ${(e as Error).message}\n`);
  process.exit(1);
});
