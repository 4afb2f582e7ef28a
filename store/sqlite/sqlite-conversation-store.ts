/** Conversations and alert subscriptions in SQLite: the record as JSON plus the columns queries need. */
import type Database from 'better-sqlite3';
import type {
  AlertSubscription, ConversationStore, ConversationTarget, SeenConversation, TargetStatus, UpsertOutcome,
} from '../conversation-store';
import { mapSqliteError } from './sqlite-errors';

export const CONVERSATIONS_SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  team_id TEXT,
  status TEXT NOT NULL,
  subscribed INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_team ON conversations(team_id);
CREATE INDEX IF NOT EXISTS conversations_subscribed ON conversations(subscribed, status);
`;

const DATE_FIELDS = ['statusChangedAt', 'welcomedAt', 'createdAt', 'updatedAt'] as const;

function decode(doc: string): ConversationTarget {
  const raw = JSON.parse(doc) as Record<string, unknown>;
  for (const f of DATE_FIELDS) if (typeof raw[f] === 'string') raw[f] = new Date(raw[f] as string);
  return raw as unknown as ConversationTarget;
}

export class SqliteConversationStore implements ConversationStore {
  private readonly byId: Database.Statement;
  private readonly write: Database.Statement;
  private readonly upsertTx: (seen: SeenConversation, at: Date, sub?: AlertSubscription) => UpsertOutcome;
  private readonly mutateTx: (id: string, fn: (t: ConversationTarget) => boolean) => ConversationTarget | undefined;

  constructor(private readonly db: Database.Database) {
    db.exec(CONVERSATIONS_SCHEMA);
    this.byId = db.prepare('SELECT doc FROM conversations WHERE id = ?');
    this.write = db.prepare(
      `INSERT INTO conversations (id, team_id, status, subscribed, doc) VALUES (@id, @teamId, @status, @subscribed, @doc)
       ON CONFLICT(id) DO UPDATE SET team_id = excluded.team_id, status = excluded.status, subscribed = excluded.subscribed, doc = excluded.doc`,
    );
    this.upsertTx = db.transaction((seen: SeenConversation, at: Date, sub?: AlertSubscription): UpsertOutcome => {
      const existing = this.load(seen.id);
      const target: ConversationTarget = existing
        ? {
            ...existing,
            ...dropUndefined(seen),
            // A message proves a removed bot is back; an unreachable one (403) stays so until reinstalled or `alerts on`.
            status: existing.status === 'unreachable' ? 'unreachable' : 'active',
            statusReason: existing.status === 'unreachable' ? existing.statusReason : undefined,
            statusChangedAt: existing.status === 'removed' ? at : existing.statusChangedAt,
            subscription: existing.subscription ?? sub,
            updatedAt: at,
          }
        : { ...seen, status: 'active', subscription: sub, createdAt: at, updatedAt: at };
      this.save(target);
      return { target, created: !existing };
    });
    this.mutateTx = db.transaction((id: string, fn: (t: ConversationTarget) => boolean) => {
      const target = this.load(id);
      if (!target || !fn(target)) return target;
      this.save(target);
      return target;
    });
  }

  async upsertSeen(seen: SeenConversation, at: Date, defaultSubscription?: AlertSubscription): Promise<UpsertOutcome> {
    return this.run(() => this.upsertTx(seen, at, defaultSubscription));
  }

  async get(id: string): Promise<ConversationTarget | undefined> {
    return this.run(() => this.load(id));
  }

  async setSubscription(id: string, subscription: AlertSubscription, at: Date): Promise<ConversationTarget | undefined> {
    return this.run(() =>
      this.mutateTx(id, (t) => {
        t.subscription = subscription;
        t.updatedAt = at;
        return true;
      }),
    );
  }

  async setStatus(id: string, status: TargetStatus, reason: string | undefined, at: Date): Promise<void> {
    this.run(() =>
      this.mutateTx(id, (t) => {
        applyStatus(t, status, reason, at);
        return true;
      }),
    );
  }

  async markTeamRemoved(teamId: string, reason: string, at: Date): Promise<number> {
    return this.run(() =>
      this.db.transaction(() => {
        const rows = this.db.prepare('SELECT doc FROM conversations WHERE team_id = ?').all(teamId) as Array<{ doc: string }>;
        for (const row of rows) {
          const t = decode(row.doc);
          applyStatus(t, 'removed', reason, at);
          this.save(t);
        }
        return rows.length;
      })(),
    );
  }

  async claimWelcome(id: string, at: Date): Promise<boolean> {
    let claimed = false;
    this.run(() =>
      this.mutateTx(id, (t) => {
        if (t.welcomedAt) return false;
        t.welcomedAt = at;
        claimed = true;
        return true;
      }),
    );
    return claimed;
  }

  async listSubscribed(): Promise<ConversationTarget[]> {
    const rows = this.run(
      () => this.db.prepare("SELECT doc FROM conversations WHERE subscribed = 1 AND status = 'active' ORDER BY id").all() as Array<{ doc: string }>,
    );
    return rows.map((r) => decode(r.doc));
  }

  private load(id: string): ConversationTarget | undefined {
    const row = this.byId.get(id) as { doc: string } | undefined;
    return row ? decode(row.doc) : undefined;
  }

  private save(t: ConversationTarget): void {
    this.write.run({
      id: t.id,
      teamId: t.teamId ?? null,
      status: t.status,
      subscribed: t.subscription?.enabled ? 1 : 0,
      doc: JSON.stringify(t),
    });
  }

  private run<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw mapSqliteError(err);
    }
  }
}

export function applyStatus(t: ConversationTarget, status: TargetStatus, reason: string | undefined, at: Date): void {
  t.status = status;
  t.statusReason = reason;
  t.statusChangedAt = at;
  t.updatedAt = at;
  if (status === 'removed') t.welcomedAt = undefined;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
