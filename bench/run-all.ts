/**
 * npm run bench — every scenario in turn, each against the bot running as its own process. Figures are printed
 * and saved to bench/results/latest.json. See docs/performance.md for what they mean and the targets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { ScenarioReport } from './lib/report';
import { runWebhookIngest } from './webhook-ingest';
import { runHistoryAtScale } from './history-at-scale';
import { runCommandsAtScale } from './commands-at-scale';
import { runAlertStorm } from './alert-storm';

const SCENARIOS = ['ingest', 'history', 'commands', 'storm'] as const;
type ScenarioName = (typeof SCENARIOS)[number];

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a whole number, got ${v}`);
  return n;
};

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('Benchmarks of the Veeam Teams bot: webhook ingest, history at scale, commands at scale, alert storm')
    .addOption(new Option('--only <scenarios...>', 'run only these scenarios').choices([...SCENARIOS]))
    .option('--duration <seconds>', 'ingest: seconds of load per server', int, 10)
    .option('--connections <n>', 'ingest: concurrent connections', int, 16)
    .option('--history-size <n>', 'history: runs to fill the embedded store with', int, 1_000_000)
    .option('--history-jobs <n>', 'history: distinct jobs over the year', int, 2000)
    .option('--query-iterations <n>', 'history: repetitions of each query', int, 200)
    .option('--veeam-jobs <n>', 'commands: jobs in the Veeam simulator', int, 5000)
    .option('--veeam-latency <ms>', 'commands: latency the simulator adds to every answer', int, 50)
    .option('--command-iterations <n>', 'commands: repetitions of each command', int, 10)
    .option('--storm-failures <n>', 'storm: failures posted', int, 500)
    .option('--storm-spread <seconds>', 'storm: seconds over which they arrive', int, 30)
    .option('--throttle-every <n>', 'storm: every n-th Bot Connector call answers 429 (0: never)', int, 5)
    .option('--out <file>', 'where to save the figures as JSON', 'bench/results/latest.json')
    .parse();
  const opts = program.opts<{ only?: ScenarioName[]; duration: number; connections: number; historySize: number; historyJobs: number; queryIterations: number; veeamJobs: number; veeamLatency: number; commandIterations: number; stormFailures: number; stormSpread: number; throttleEvery: number; out: string }>();
  const wanted = new Set<ScenarioName>(opts.only ?? SCENARIOS);

  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  console.log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`);
  const started = Date.now();
  const reports: ScenarioReport[] = [];
  if (wanted.has('ingest')) reports.push(await runWebhookIngest({ durationSec: opts.duration, connections: opts.connections, mongodbUri: process.env.MONGODB_URI }));
  if (wanted.has('commands')) reports.push(await runCommandsAtScale({ jobs: opts.veeamJobs, latencyMs: opts.veeamLatency, iterations: opts.commandIterations }));
  if (wanted.has('storm')) reports.push(await runAlertStorm({ failures: opts.stormFailures, spreadSec: opts.stormSpread, throttleEvery: opts.throttleEvery, retryAfterSec: 1, deadlineSec: 180 }));
  if (wanted.has('history')) reports.push(await runHistoryAtScale({ size: opts.historySize, jobs: opts.historyJobs, iterations: opts.queryIterations }));

  const missed = reports.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.scenario}: ${t.target} (${t.actual})`));
  console.log(`\nall done in ${Math.round((Date.now() - started) / 1000)} s; ${missed.length ? `targets missed:\n  ${missed.join('\n  ')}` : 'every target met'}`);
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  fs.writeFileSync(path.resolve(opts.out), `${JSON.stringify({ at: new Date().toISOString(), machine, argv: process.argv.slice(2), reports }, null, 2)}\n`);
  console.log(`figures saved to ${opts.out}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
