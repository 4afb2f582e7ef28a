/**
 * The store aggregate: one object per repository, all backed by the same database.
 * Only main.ts chooses the adapter (openSqliteStore or openMongoStore).
 */
import type { AuditStore } from './audit-store';
import type { HistoryStore } from './history-store';

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly history: HistoryStore;
  /** Job actions (start/stop/retry): who, what, when, result; also the atomic action claim. */
  readonly audit: AuditStore;
  /** Resolves when the store can be written; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
