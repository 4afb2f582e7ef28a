/** The embedded default store: one SQLite file in DATA_DIR, opened in WAL mode with full fsync on commit. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from '../../errors';
import type { Store } from '../store';
import { mapSqliteError } from './sqlite-errors';
import { SqliteHistoryStore } from './sqlite-history-store';
import { SqliteAuditStore } from './sqlite-audit-store';
import { SqliteConversationStore } from './sqlite-conversation-store';
import { SqliteLeaseStore } from './sqlite-lease-store';
import { SqliteOutboxStore } from './sqlite-outbox-store';

export interface SqliteStoreOptions {
  dataDir: string;
  /** How long a write waits for a lock held by another process before the store reports unavailable. */
  busyTimeoutMs?: number;
  /** Days of history to keep; 0 keeps everything. */
  retentionDays?: number;
}

export const SQLITE_FILE_NAME = 'history.sqlite';

export interface SqliteStore extends Store {
  readonly kind: 'sqlite';
  readonly history: SqliteHistoryStore;
  readonly audit: SqliteAuditStore;
  readonly db: Database.Database;
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, SQLITE_FILE_NAME);
  let db: Database.Database;
  try {
    db = new Database(file);
    db.pragma(`busy_timeout = ${Math.max(0, options.busyTimeoutMs ?? 1000)}`);
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before the webhook answers 200, even across a power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw mapSqliteError(err);
  }
  const history = new SqliteHistoryStore(db);
  const audit = new SqliteAuditStore(db);
  const conversations = new SqliteConversationStore(db);
  const outbox = new SqliteOutboxStore(db);
  const leases = new SqliteLeaseStore(db);
  const probe = db.prepare('SELECT 1');

  let retentionTimer: NodeJS.Timeout | undefined;
  const retentionDays = options.retentionDays ?? 0;
  if (retentionDays > 0) {
    const prune = () => {
      try {
        history.pruneBefore(new Date(Date.now() - retentionDays * 86400_000));
      } catch {
        /* retried on the next tick of the timer */
      }
    };
    prune();
    retentionTimer = setInterval(prune, 3600_000);
    retentionTimer.unref();
  }

  return {
    kind: 'sqlite',
    db,
    history,
    audit,
    conversations,
    outbox,
    leases,
    async ping() {
      try {
        probe.get();
        // A write probe: BEGIN IMMEDIATE takes the write lock, so a locked or read-only file shows up here.
        db.exec('BEGIN IMMEDIATE; ROLLBACK;');
      } catch (err) {
        const mapped = mapSqliteError(err);
        throw mapped instanceof StoreUnavailableError ? mapped : new StoreUnavailableError(undefined, { cause: err });
      }
    },
    async close() {
      if (retentionTimer) clearInterval(retentionTimer);
      if (db.open) db.close();
    },
  };
}
