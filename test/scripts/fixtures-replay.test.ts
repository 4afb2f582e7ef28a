/**
 * Replays the example bodies the post-job scripts send (test/fixtures/veeam/webhook/*.json,
 * byte for byte as the scripts build them) against the real bot process and reads the
 * stored runs back from the history store.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startBotProcess, type BotProcess } from '../helpers/bot-process';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const FIXTURES = path.resolve(__dirname, '../fixtures/veeam/webhook');
const SECRET = 'fixture-replay-secret-0123456789';

let bot: BotProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = makeTempDir('vtb-fixtures-');
  bot = await startBotProcess({ DATA_DIR: dataDir, WEBHOOK_SECRET: SECRET });
}, 30_000);

afterAll(async () => {
  await bot?.stop();
  removeDir(dataDir);
});

async function post(raw: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${bot.url}/api/veeam/job-complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${SECRET}`, ...headers },
    body: new Uint8Array(raw),
  });
  return { status: res.status, body: (await res.json()) as { success?: boolean; id?: string; duplicate?: boolean } };
}

function storedRun(id: string): Record<string, unknown> {
  const db = new Database(path.join(dataDir, 'history.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT doc FROM job_runs WHERE id = ?').get(id) as { doc: string } | undefined;
    if (!row) throw new Error(`run ${id} not stored`);
    return JSON.parse(row.doc) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

const fixtureFiles = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

test('every fixture is accepted (200) and stored', async () => {
  expect(fixtureFiles).toEqual(
    expect.arrayContaining(['bash-positional.json', 'powershell-full-failed.json', 'powershell-minimal.json', 'seed-sample.json']),
  );
  for (const file of fixtureFiles) {
    const answer = await post(fs.readFileSync(path.join(FIXTURES, file)));
    expect({ file, status: answer.status, success: answer.body.success }).toEqual({ file, status: 200, success: true });
    expect(storedRun(answer.body.id!)).toBeDefined();
  }
});

test('the PowerShell 5.1 body keeps Japanese, quotes, backslashes and \\u0027-style escapes; the \\/Date()\\/ timestamp is read', async () => {
  const raw = fs.readFileSync(path.join(FIXTURES, 'powershell-full-failed.json'));
  const answer = await post(raw);
  expect(answer.status).toBe(200);
  expect(answer.body.duplicate).toBe(true); // same sessionId as the first replay
  const run = storedRun(answer.body.id!);
  expect(run.jobName).toBe('本番 "SQL" クラスター \\ Nightly\'s <DB> & ログ');
  expect(run.result).toBe('Failed');
  expect(run.sessionId).toBe('c2e41b07-95aa-4f0e-b3d8-61f7a0c95e2d');
  expect(run.backupSizeBytes).toBe(53687091200);
  expect(run.durationSec).toBe(2553);
  expect(run.errorMessage).toContain('(C:\\ClusterStorage\\Volume1)');
  expect(run.objects).toEqual([
    { name: 'SQL-NODE-01', status: 'Success' },
    { name: 'SQL-NODE-02', status: 'Failed', message: 'Error: Failed to create VM snapshot. Insufficient space on datastore.' },
    { name: 'ファイルサーバー"03"', status: 'Warning', message: 'スナップショットの削除に時間がかかっています' },
  ]);
});

test('the PowerShell test event: \\/Date(1705314600000)\\/ is 2024-01-15T10:30:00Z', async () => {
  const answer = await post(fs.readFileSync(path.join(FIXTURES, 'powershell-test.json')));
  const run = storedRun(answer.body.id!);
  expect(run.jobName).toBe('Test Backup Job');
  // without endTime, the timestamp is when the run ended
  expect(run.endTime).toBe('2024-01-15T10:30:00.000Z');
});

test('the X-Webhook-Secret header is accepted as the scripts can send it', async () => {
  const res = await fetch(`${bot.url}/api/veeam/job-complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-webhook-secret': SECRET },
    body: new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'powershell-minimal.json'))),
  });
  expect(res.status).toBe(200);
});
