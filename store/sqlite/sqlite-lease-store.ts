/** Leases and checkpoints in SQLite; acquiring is one conditional UPSERT, so two processes cannot both win. */
import type Database from 'better-sqlite3';
import type { LeaseStore } from '../lease-store';
import { mapSqliteError } from './sqlite-errors';

export const LEASES_SCHEMA = `
CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, until INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
`;

export class SqliteLeaseStore implements LeaseStore {
  private readonly acquire: Database.Statement;
  private readonly releaseStmt: Database.Statement;
  private readonly getCp: Database.Statement;
  private readonly setCp: Database.Statement;

  constructor(db: Database.Database) {
    db.exec(LEASES_SCHEMA);
    this.acquire = db.prepare(
      `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
       ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE leases.owner = excluded.owner OR leases.until <= @now`,
    );
    this.releaseStmt = db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?');
    this.getCp = db.prepare('SELECT value FROM checkpoints WHERE name = ?');
    this.setCp = db.prepare(
      'INSERT INTO checkpoints (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  async tryAcquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    return this.run(() => this.acquire.run({ name, owner, until: now.getTime() + ttlMs, now: now.getTime() }).changes === 1);
  }

  async release(name: string, owner: string): Promise<void> {
    this.run(() => this.releaseStmt.run(name, owner));
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    return this.run(() => (this.getCp.get(name) as { value: string } | undefined)?.value);
  }

  async setCheckpoint(name: string, value: string, at: Date): Promise<void> {
    this.run(() => this.setCp.run(name, value, at.getTime()));
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw mapSqliteError(err);
    }
  }
}
