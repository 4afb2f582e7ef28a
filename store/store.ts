/**
 * The store aggregate: one object per repository, all backed by the same database.
 * Only main.ts chooses the adapter (openSqliteStore or openMongoStore).
 */
import type { HistoryStore } from './history-store';

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly history: HistoryStore;
  /** Resolves when the store can be written; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
