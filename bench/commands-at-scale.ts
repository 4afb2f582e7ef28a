/**
 * Commands at scale: `jobs`, `jobs <filter>` and `status <job>` through the real bot path (activity into
 * /api/messages of the bot process → card out at the local Bot Connector stand-in) against the Veeam simulator
 * with 5,000 jobs over TLS. Reports end-to-end latency, the part beyond the simulator's configured latency, the
 * number of Veeam requests per command, and the size of every card against Teams' 28 KB message limit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { jobName } from '../veeam/simulator/job-names';
import { startVeeamSimulator } from '../veeam/simulator/veeam-simulator';
import { DEFAULT_JOB_LIST_TTL_MS } from '../veeam/cache-job-list';
import { makeTempDir, removeDir } from '../test/helpers/temp-dir';
import { startBotChild } from './lib/child-process';
import { Reporter, type ScenarioReport } from './lib/report';
import { RssSampler, readMemory } from './lib/rss';
import { startTeamsChat } from './lib/teams-chat';
import { round, sleep, summarize } from './lib/stats';

export interface CommandsAtScaleOptions {
  jobs: number;
  /** The simulator's own added latency per answer (ms). */
  latencyMs: number;
  /** Repetitions of each command. */
  iterations: number;
}

export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;

export async function runCommandsAtScale(o: CommandsAtScaleOptions): Promise<ScenarioReport> {
  const r = new Reporter('commands at scale', { veeamJobs: o.jobs, simulatorLatencyMs: o.latencyMs, iterations: o.iterations, transport: 'VBR REST over TLS (pinned CA)' });
  const sim = await startVeeamSimulator({ scenario: { jobs: o.jobs, latencyMs: o.latencyMs, historyPerJob: 1, failureRate: 0.1 } });
  const dataDir = makeTempDir('vtb-bench-commands-');
  const caFile = path.join(dataDir, 'veeam-ca.pem');
  fs.writeFileSync(caFile, sim.caPem);
  const bot = await startBotChild({
    DATA_DIR: dataDir,
    VEEAM_ENABLED: 'true',
    VEEAM_API_URL: sim.vbrUrl,
    VEEAM_USERNAME: sim.credentials.username,
    VEEAM_PASSWORD: sim.credentials.password,
    VEEAM_CA_BUNDLE: caFile,
    VEEAM_API_FLAVOR: 'vbr',
  });
  const chat = await startTeamsChat(bot.url);
  try {
    await sleep(500);
    const idle = readMemory(bot.pid)?.rssMiB ?? NaN;
    const rss = new RssSampler(bot.pid);
    const target = jobName(4321);
    const coldFigures: Array<{ label: string; ms: number; beyond: number; requests: number }> = [];
    const commands: Array<[string, string]> = [
      ['jobs', 'jobs'],
      ['jobs <filter>', 'jobs 東京'],
      ['jobs <filter> (ja)', 'ジョブ SQL'],
      ['status <job>', `status ${target}`],
    ];
    // Cold: the first command after start (signs in to Veeam, fetches all pages of the job list).
    {
      const before = sim.requests.length;
      const cold = await chat.say('jobs');
      const made = sim.requests.length - before;
      coldFigures.push({ label: 'first `jobs` after start (sign-in + full list)', ms: cold.ms, beyond: Math.max(0, cold.ms - made * o.latencyMs), requests: made });
    }
    let worstBeyond = 0;
    let largest = 0;
    let oversized = 0;
    const table: Record<string, unknown> = {};
    for (const [label, text] of commands) {
      const e2e: number[] = [];
      const beyond: number[] = [];
      let requests = 0;
      for (let i = 0; i < o.iterations; i++) {
        const before = sim.requests.length;
        const answer = await chat.say(text, { locale: text.startsWith('ジョブ') ? 'ja-JP' : 'en-US' });
        const made = sim.requests.length - before;
        requests = Math.max(requests, made);
        e2e.push(answer.ms);
        beyond.push(Math.max(0, answer.ms - made * o.latencyMs));
        largest = Math.max(largest, answer.bytes);
        if (answer.bytes > TEAMS_MESSAGE_LIMIT_BYTES) oversized += 1;
        if (!answer.card) throw new Error(`${text}: no Adaptive Card in the reply: ${JSON.stringify(answer.reply.body).slice(0, 300)}`);
      }
      const s = summarize(e2e);
      const b = summarize(beyond);
      worstBeyond = Math.max(worstBeyond, b.max);
      table[label] = { p50: round(s.p50), p95: round(s.p95), max: round(s.max), beyondP95: round(b.p95), beyondMax: round(b.max), veeamRequestsMax: requests };
      r.figure(`${label} (“${text}”)`, `end to end p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, max ${round(s.max)} ms; beyond the simulator's latency p95 ${round(b.p95)} ms, max ${round(b.max)} ms; ≤ ${requests} Veeam requests`);
    }
    // Expired: the job list cache (10 s) has run out, so the list is fetched again.
    await sleep(DEFAULT_JOB_LIST_TTL_MS + 500);
    {
      const before = sim.requests.length;
      const expired = await chat.say(`status ${jobName(17)}`);
      const made = sim.requests.length - before;
      coldFigures.push({ label: '`status <job>` once the job-list cache expired', ms: expired.ms, beyond: Math.max(0, expired.ms - made * o.latencyMs), requests: made });
    }
    for (const c of coldFigures) {
      worstBeyond = Math.max(worstBeyond, c.beyond);
      r.figure(c.label, `end to end ${round(c.ms)} ms; beyond the simulator's latency ${round(c.beyond)} ms; ${c.requests} Veeam requests`);
    }
    r.data('cold', coldFigures);
    const peak = rss.stop();
    r.data('commands', table);
    r.figure('largest reply', `${round(largest / 1024, 1)} KB (limit 28 KB)`);
    r.figure('bot RSS', `${round(idle)} MiB idle, peak ${round(peak)} MiB during the commands`);
    r.data('rss', { idleMiB: round(idle), peakMiB: round(peak) });
    r.target('every command < 1.5 s beyond the simulator\u2019s latency', worstBeyond < 1500, `worst ${round(worstBeyond)} ms`);
    r.target('every card within 28 KB', oversized === 0, `${oversized} over; largest ${round(largest / 1024, 1)} KB`);
  } finally {
    await chat.close();
    await bot.stop();
    await sim.close();
    removeDir(dataDir);
  }
  return r.report;
}
