/** The audit log in SQLite: one row per action; `claim_key` is UNIQUE, so a claim is one atomic INSERT. */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  clampAuditLimit,
  type AuditQuery, type AuditRecord, type AuditStore, type AuditUpdate, type ClaimOutcome, type NewAuditRecord,
} from '../audit-store';
import { mapSqliteError } from './sqlite-errors';

export const AUDIT_SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_log (
  id TEXT PRIMARY KEY,
  claim_key TEXT UNIQUE,
  at INTEGER NOT NULL,
  job_name TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log(at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_log_job_time ON audit_log(job_name, at DESC, id DESC);
`;

interface Row {
  doc: string;
}

function decode(row: Row | undefined): AuditRecord | undefined {
  if (!row) return undefined;
  const raw = JSON.parse(row.doc) as AuditRecord & { at: string; updatedAt: string };
  return { ...raw, at: new Date(raw.at), updatedAt: new Date(raw.updatedAt) };
}

export class SqliteAuditStore implements AuditStore {
  private readonly insertStmt: Database.Statement;
  private readonly byIdStmt: Database.Statement;
  private readonly byKeyStmt: Database.Statement;
  private readonly updateStmt: Database.Statement;

  constructor(private readonly db: Database.Database) {
    db.exec(AUDIT_SCHEMA);
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (id, claim_key, at, job_name, doc) VALUES (@id, @claimKey, @at, @jobName, @doc) ON CONFLICT(claim_key) DO NOTHING',
    );
    this.byIdStmt = db.prepare('SELECT doc FROM audit_log WHERE id = ?');
    this.byKeyStmt = db.prepare('SELECT doc FROM audit_log WHERE claim_key = ?');
    this.updateStmt = db.prepare('UPDATE audit_log SET doc = @doc WHERE id = @id');
  }

  async claim(claimKey: string, record: NewAuditRecord): Promise<ClaimOutcome> {
    const full = this.build(record, claimKey);
    const inserted = this.wrap(() => this.insertStmt.run(this.params(full)).changes === 1);
    if (inserted) return { claimed: true, record: full };
    const existing = await this.getByClaimKey(claimKey);
    if (!existing) throw new Error(`audit claim ${claimKey} conflicted but cannot be read back`);
    return { claimed: false, existing };
  }

  async append(record: NewAuditRecord): Promise<AuditRecord> {
    const full = this.build(record);
    this.wrap(() => this.insertStmt.run(this.params(full)));
    return full;
  }

  async update(id: string, update: AuditUpdate): Promise<AuditRecord | undefined> {
    return this.wrap(() =>
      this.db.transaction(() => {
        const current = decode(this.byIdStmt.get(id) as Row | undefined);
        if (!current) return undefined;
        const next: AuditRecord = { ...current, ...stripUndefined(update), updatedAt: new Date() };
        this.updateStmt.run({ id, doc: JSON.stringify(next) });
        return next;
      })(),
    );
  }

  async get(id: string): Promise<AuditRecord | undefined> {
    return this.wrap(() => decode(this.byIdStmt.get(id) as Row | undefined));
  }

  async getByClaimKey(claimKey: string): Promise<AuditRecord | undefined> {
    return this.wrap(() => decode(this.byKeyStmt.get(claimKey) as Row | undefined));
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const limit = clampAuditLimit(query.limit);
    const rows = this.wrap(() =>
      query.jobName !== undefined
        ? (this.db.prepare('SELECT doc FROM audit_log WHERE job_name = ? ORDER BY at DESC, id DESC LIMIT ?').all(query.jobName, limit) as Row[])
        : (this.db.prepare('SELECT doc FROM audit_log ORDER BY at DESC, id DESC LIMIT ?').all(limit) as Row[]),
    );
    return rows.map((r) => decode(r)!);
  }

  private build(record: NewAuditRecord, claimKey?: string): AuditRecord {
    const at = record.at ?? new Date();
    return { ...stripUndefined(record), id: randomUUID(), at, updatedAt: at, ...(claimKey !== undefined ? { claimKey } : {}) } as AuditRecord;
  }

  private params(r: AuditRecord) {
    return { id: r.id, claimKey: r.claimKey ?? null, at: r.at.getTime(), jobName: r.jobName, doc: JSON.stringify(r) };
  }

  private wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw mapSqliteError(err);
    }
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
