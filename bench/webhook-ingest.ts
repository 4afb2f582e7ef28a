/**
 * Webhook ingest: autocannon against POST /api/veeam/job-complete on the bot (a child process, embedded store,
 * authenticated, a distinct realistic body per request), then against a bare restify server on the same port
 * answering 200 to the same requests. Prints both and the ratio. Repeats against MongoDB when MONGODB_URI is set.
 */
import autocannon from 'autocannon';
import { TEST_WEBHOOK_SECRET } from '../test/helpers/start-test-app';
import { makeTempDir, removeDir } from '../test/helpers/temp-dir';
import { startBotChild, startChild, type ChildServer } from './lib/child-process';
import { freePort } from './lib/free-port';
import { jobEventBody } from './lib/job-event-body';
import { Reporter, type ScenarioReport } from './lib/report';
import { RssSampler, readMemory } from './lib/rss';
import { round, sleep } from './lib/stats';

export interface WebhookIngestOptions {
  durationSec: number;
  connections: number;
  /** Also run against MongoDB (MONGODB_URI) — undefined skips with a printed line. */
  mongodbUri?: string;
}

interface LoadFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  peakRssMiB: number;
  idleRssMiB: number;
}

async function load(server: ChildServer, o: WebhookIngestOptions): Promise<LoadFigures> {
  await sleep(300); // let start-up settle before reading the idle RSS
  const idleRssMiB = readMemory(server.pid)?.rssMiB ?? NaN;
  const rss = new RssSampler(server.pid);
  let n = 0;
  const result = await autocannon({
    url: server.url,
    connections: o.connections,
    duration: o.durationSec,
    requests: [
      {
        method: 'POST',
        path: '/api/veeam/job-complete',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_WEBHOOK_SECRET}` },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(jobEventBody(n++)) }),
      },
    ],
  });
  const peakRssMiB = rss.stop();
  return {
    reqPerSec: round(result.requests.average, 0),
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    peakRssMiB: round(peakRssMiB),
    idleRssMiB: round(idleRssMiB),
  };
}

async function runBot(label: string, env: Record<string, string>, port: number, o: WebhookIngestOptions): Promise<LoadFigures> {
  const bot = await startBotChild({ PORT: String(port), WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, ...env });
  try {
    return await load(bot, o);
  } catch (err) {
    throw new Error(`${label}: ${(err as Error).message}\n${bot.tail.join('\n')}`, { cause: err });
  } finally {
    await bot.stop();
  }
}

function describe(f: LoadFigures): string {
  return `${f.reqPerSec} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, 2xx ${f.ok}, errors ${f.errors}, non-2xx ${f.non2xx}, timeouts ${f.timeouts}, RSS idle ${f.idleRssMiB} MiB peak ${f.peakRssMiB} MiB`;
}

export async function runWebhookIngest(o: WebhookIngestOptions): Promise<ScenarioReport> {
  const r = new Reporter('webhook ingest', { durationSec: o.durationSec, connections: o.connections, body: '≈3.5 KB, Japanese names, 20 objects, unique sessionId', store: 'sqlite' });
  const port = await freePort();
  const dataDir = makeTempDir('vtb-bench-ingest-');
  try {
    const bot = await runBot('bot (sqlite)', { DATA_DIR: dataDir }, port, o);
    r.figure('bot (sqlite)', describe(bot));
    r.data('bot.sqlite', bot);

    const bareChild = await startChild({ entry: 'bench/lib/bare-server.ts', env: { PORT: String(port) } });
    let bare: LoadFigures;
    try {
      bare = await load(bareChild, o);
    } finally {
      await bareChild.stop();
    }
    r.figure('bare restify', describe(bare));
    r.data('bare', bare);
    const ratio = bot.reqPerSec / bare.reqPerSec;
    r.figure('throughput ratio bot/bare', `${round(ratio * 100)} %`);
    r.target('≥ 40 % of the bare server\u2019s throughput', ratio >= 0.4, `${round(ratio * 100)} %`);
    r.target('p99 < 50 ms', bot.p99 < 50, `${bot.p99} ms`);
    r.target('0 errors', bot.errors + bot.non2xx + bot.timeouts === 0, `${bot.errors} errors, ${bot.non2xx} non-2xx, ${bot.timeouts} timeouts`);

    if (o.mongodbUri) {
      const mongo = await runBot('bot (mongodb)', { MONGODB_URI: o.mongodbUri, MONGODB_DB: `vtb_bench_${Date.now()}` }, port, o);
      r.figure('bot (mongodb)', describe(mongo));
      r.data('bot.mongodb', mongo);
      r.figure('throughput ratio bot(mongodb)/bare', `${round((mongo.reqPerSec / bare.reqPerSec) * 100)} %`);
    } else {
      r.note('MongoDB: skipped (MONGODB_URI is not set)');
    }
  } finally {
    removeDir(dataDir);
  }
  return r.report;
}
