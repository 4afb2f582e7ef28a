/**
 * The alert outbox in SQLite. Every decision that must be atomic is one transaction or one statement:
 * enqueueAlert (own card or digest), enqueueRecoveries, and claimDue (a single UPDATE … WHERE … RETURNING),
 * so two processes sharing the file never claim the same entry.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  alertKey, digestKey, emptyStatusCounts, recoveryKey,
  type DeliveredMessage, type EnqueueAlertInput, type EnqueueAlertOutcome, type OutboxEntry, type OutboxStatus, type OutboxStore,
} from '../outbox-store';
import { mapSqliteError } from './sqlite-errors';

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  run_id TEXT,
  job_id TEXT,
  ref_entry_id TEXT,
  digest_id TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  activity_id TEXT,
  conversation_id TEXT,
  recovered_by_run_id TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  last_fold_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_at, seq);
CREATE INDEX IF NOT EXISTS outbox_target ON outbox(target_id, kind, created_at);
CREATE INDEX IF NOT EXISTS outbox_job ON outbox(job_id, target_id);
CREATE INDEX IF NOT EXISTS outbox_digest ON outbox(digest_id);
`;

interface Row {
  seq: number;
  id: string;
  key: string;
  kind: OutboxEntry['kind'];
  target_id: string;
  run_id: string | null;
  job_id: string | null;
  ref_entry_id: string | null;
  digest_id: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  activity_id: string | null;
  conversation_id: string | null;
  recovered_by_run_id: string | null;
  version: number;
  last_fold_at: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);
const optDate = (v: number | null): Date | undefined => (v === null ? undefined : new Date(v));

function toEntry(r: Row): OutboxEntry {
  return {
    id: r.id,
    key: r.key,
    kind: r.kind,
    targetId: r.target_id,
    runId: opt(r.run_id),
    jobId: opt(r.job_id),
    refEntryId: opt(r.ref_entry_id),
    digestId: opt(r.digest_id),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: new Date(r.next_attempt_at),
    leaseOwner: opt(r.lease_owner),
    leaseUntil: optDate(r.lease_until),
    lastError: opt(r.last_error),
    activityId: opt(r.activity_id),
    conversationId: opt(r.conversation_id),
    recoveredByRunId: opt(r.recovered_by_run_id),
    version: r.version,
    lastFoldAt: optDate(r.last_fold_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    sentAt: optDate(r.sent_at),
  };
}

/** The fields an insert sets, taken from OutboxEntry; times as epoch ms, as the table keeps them. */
type NewRow = Pick<OutboxEntry, 'kind' | 'key' | 'targetId' | 'runId' | 'jobId' | 'refEntryId' | 'digestId' | 'status'> & {
  lastFoldAt?: number;
  now: number;
};

export class SqliteOutboxStore implements OutboxStore {
  private readonly insertStmt: Database.Statement;
  private readonly byKey: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly enqueueAlertTx: (input: EnqueueAlertInput) => EnqueueAlertOutcome;
  private readonly enqueueRecoveriesTx: (input: { jobId: string; targetId: string; runId: string; now: Date }) => OutboxEntry[];

  constructor(private readonly db: Database.Database) {
    db.exec(OUTBOX_SCHEMA);
    this.insertStmt = db.prepare(
      `INSERT INTO outbox (id, key, kind, target_id, run_id, job_id, ref_entry_id, digest_id, status, next_attempt_at, last_fold_at, created_at, updated_at)
       VALUES (@id, @key, @kind, @targetId, @runId, @jobId, @refEntryId, @digestId, @status, @now, @lastFoldAt, @now, @now)
       ON CONFLICT(key) DO NOTHING`,
    );
    this.byKey = db.prepare('SELECT * FROM outbox WHERE key = ?');
    this.byId = db.prepare('SELECT * FROM outbox WHERE id = ?');

    this.enqueueAlertTx = db.transaction((input: EnqueueAlertInput): EnqueueAlertOutcome => {
      const key = alertKey(input.runId, input.targetId);
      const existing = this.byKey.get(key) as Row | undefined;
      if (existing) return { outcome: 'duplicate', entry: toEntry(existing) };
      const now = input.now.getTime();
      const since = now - input.storm.windowMs;
      let digest = db
        .prepare(`SELECT * FROM outbox WHERE target_id = ? AND kind = 'digest' AND last_fold_at > ? ORDER BY last_fold_at DESC LIMIT 1`)
        .get(input.targetId, since) as Row | undefined;
      if (!digest) {
        const { n } = db
          .prepare(`SELECT COUNT(*) AS n FROM outbox WHERE target_id = ? AND kind = 'alert' AND status != 'folded' AND created_at > ?`)
          .get(input.targetId, since) as { n: number };
        if (n < input.storm.threshold) {
          const entry = this.insert({ kind: 'alert', key, targetId: input.targetId, runId: input.runId, jobId: input.jobId, status: 'pending', now });
          return { outcome: 'queued', entry };
        }
        this.insert({ kind: 'digest', key: digestKey(input.targetId, input.runId), targetId: input.targetId, runId: input.runId, status: 'pending', lastFoldAt: now, now });
        digest = this.byKey.get(digestKey(input.targetId, input.runId)) as Row;
      } else {
        // A digest already on screen becomes pending again: the worker updates it in place (coalescing many folds).
        db.prepare(
          `UPDATE outbox SET version = version + 1, last_fold_at = @now, updated_at = @now,
             status = CASE WHEN status = 'sent' THEN 'pending' ELSE status END,
             next_attempt_at = CASE WHEN status = 'sent' THEN @now ELSE next_attempt_at END
           WHERE id = @id`,
        ).run({ id: digest.id, now });
        digest = this.byId.get(digest.id) as Row;
      }
      const entry = this.insert({
        kind: 'alert', key, targetId: input.targetId, runId: input.runId, jobId: input.jobId, digestId: digest.id, status: 'folded', now,
      });
      return { outcome: 'folded', entry, digest: toEntry(digest) };
    });

    this.enqueueRecoveriesTx = db.transaction((input: { jobId: string; targetId: string; runId: string; now: Date }) => {
      const now = input.now.getTime();
      const alerts = db
        .prepare(
          `SELECT * FROM outbox WHERE job_id = ? AND target_id = ? AND kind = 'alert' AND status IN ('pending', 'sent')
             AND recovered_by_run_id IS NULL AND run_id != ?`,
        )
        .all(input.jobId, input.targetId, input.runId) as Row[];
      const created: OutboxEntry[] = [];
      for (const a of alerts) {
        db.prepare('UPDATE outbox SET recovered_by_run_id = ?, updated_at = ? WHERE id = ?').run(input.runId, now, a.id);
        created.push(
          this.insert({ kind: 'recovery', key: recoveryKey(a.id), targetId: input.targetId, runId: input.runId, jobId: input.jobId, refEntryId: a.id, status: 'pending', now }),
        );
      }
      return created;
    });
  }

  private insert(row: NewRow): OutboxEntry {
    this.insertStmt.run({
      id: randomUUID(),
      key: row.key,
      kind: row.kind,
      targetId: row.targetId,
      runId: row.runId ?? null,
      jobId: row.jobId ?? null,
      refEntryId: row.refEntryId ?? null,
      digestId: row.digestId ?? null,
      status: row.status,
      lastFoldAt: row.lastFoldAt ?? null,
      now: row.now,
    });
    return toEntry(this.byKey.get(row.key) as Row);
  }

  async enqueueAlert(input: EnqueueAlertInput): Promise<EnqueueAlertOutcome> {
    return this.run(() => this.enqueueAlertTx(input));
  }

  async enqueueRecoveries(input: { jobId: string; targetId: string; runId: string; now: Date }): Promise<OutboxEntry[]> {
    return this.run(() => this.enqueueRecoveriesTx(input));
  }

  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    const rows = this.run(
      () =>
        this.db
          .prepare(
            `UPDATE outbox SET lease_owner = @owner, lease_until = @until, updated_at = @now
             WHERE seq IN (
               SELECT seq FROM outbox
               WHERE status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
               ORDER BY next_attempt_at, seq LIMIT @limit)
             RETURNING *`,
          )
          .all({ owner, now: now.getTime(), until: now.getTime() + leaseMs, limit }) as Row[],
    );
    return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.seq - b.seq).map(toEntry);
  }

  async complete(id: string, owner: string, delivered: DeliveredMessage, version: number, now: Date): Promise<void> {
    this.run(() =>
      this.db
        .prepare(
          `UPDATE outbox SET status = CASE WHEN version = @version THEN 'sent' ELSE 'pending' END,
             activity_id = @activityId, conversation_id = @conversationId, sent_at = @now, updated_at = @now,
             next_attempt_at = @now, lease_owner = NULL, lease_until = NULL, last_error = NULL
           WHERE id = @id AND lease_owner = @owner`,
        )
        .run({ id, owner, version, now: now.getTime(), ...delivered }),
    );
  }

  async reschedule(id: string, owner: string, nextAttemptAt: Date, now: Date, failed?: { error: string }): Promise<void> {
    this.run(() =>
      this.db
        .prepare(
          `UPDATE outbox SET next_attempt_at = @next, updated_at = @now, lease_owner = NULL, lease_until = NULL,
             attempts = attempts + @inc, last_error = COALESCE(@error, last_error)
           WHERE id = @id AND lease_owner = @owner`,
        )
        .run({ id, owner, next: nextAttemptAt.getTime(), now: now.getTime(), inc: failed ? 1 : 0, error: failed?.error ?? null }),
    );
  }

  async finish(id: string, owner: string, status: 'failed' | 'skipped', reason: string, now: Date): Promise<void> {
    this.run(() =>
      this.db
        .prepare(
          `UPDATE outbox SET status = @status, last_error = @reason, updated_at = @now, lease_owner = NULL, lease_until = NULL,
             attempts = attempts + @inc
           WHERE id = @id AND lease_owner = @owner`,
        )
        .run({ id, owner, status, reason, now: now.getTime(), inc: status === 'failed' ? 1 : 0 }),
    );
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const row = this.run(() => this.byId.get(id) as Row | undefined);
    return row ? toEntry(row) : undefined;
  }

  async getByKey(key: string): Promise<OutboxEntry | undefined> {
    const row = this.run(() => this.byKey.get(key) as Row | undefined);
    return row ? toEntry(row) : undefined;
  }

  async listFolded(digestId: string): Promise<OutboxEntry[]> {
    const rows = this.run(() => this.db.prepare("SELECT * FROM outbox WHERE digest_id = ? AND status = 'folded' ORDER BY seq").all(digestId) as Row[]);
    return rows.map(toEntry);
  }

  async countByStatus(targetId: string): Promise<Record<OutboxStatus, number>> {
    const rows = this.run(
      () => this.db.prepare('SELECT status, COUNT(*) AS n FROM outbox WHERE target_id = ? GROUP BY status').all(targetId) as Array<{ status: OutboxStatus; n: number }>,
    );
    const counts = emptyStatusCounts();
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw mapSqliteError(err);
    }
  }
}
