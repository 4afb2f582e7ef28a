// Reads job runs back from the bot's embedded store for test assertions:
//   node history.mjs <DATA_DIR> [--job NAME] [--session GUID]
// Prints a JSON array of the stored documents (newest first).
// TODO: switch to GET /api/history?job=… once that endpoint exists.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const [dataDir, ...rest] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: history.mjs <DATA_DIR> [--job NAME] [--session GUID]');
  process.exit(64);
}
const filter = {};
for (let i = 0; i < rest.length; i += 2) filter[rest[i].replace(/^--/, '')] = rest[i + 1];

const db = new Database(path.join(dataDir, 'history.sqlite'), { readonly: true, fileMustExist: true });
const rows = db.prepare('SELECT doc FROM job_runs ORDER BY end_time DESC, id DESC').all();
db.close();
const docs = rows
  .map((r) => JSON.parse(r.doc))
  .filter((d) => filter.job === undefined || d.jobName === filter.job)
  .filter((d) => filter.session === undefined || String(d.sessionId ?? '').toLowerCase() === filter.session.toLowerCase());
process.stdout.write(JSON.stringify(docs, null, 2) + '\n');
