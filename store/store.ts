/**
 * The store aggregate: one object per repository, all backed by the same database.
 * Only main.ts chooses the adapter (openSqliteStore or openMongoStore).
 */
import type { AuditStore } from './audit-store';
import type { ConversationStore } from './conversation-store';
import type { HistoryStore } from './history-store';
import type { LeaseStore } from './lease-store';
import type { OutboxStore } from './outbox-store';

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly history: HistoryStore;
  /** Job actions (start/stop/retry): who, what, when, result; also the atomic action claim. */
  readonly audit: AuditStore;
  /** Conversations the bot is in and their alert subscriptions. */
  readonly conversations: ConversationStore;
  /** Alerts waiting to be sent (or updated), with leases for the workers. */
  readonly outbox: OutboxStore;
  /** Leases (one poller among instances) and checkpoints. */
  readonly leases: LeaseStore;
  /** Resolves when the store can be written; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
