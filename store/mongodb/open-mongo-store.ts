/** The production store: MongoDB through the official driver, indexes created at start. */
import { MongoClient } from 'mongodb';
import type { Store } from '../store';
import { mapMongoError } from './mongo-errors';
import { MongoHistoryStore } from './mongo-history-store';
import { MongoAuditStore } from './mongo-audit-store';
import { MongoConversationStore } from './mongo-conversation-store';
import { MongoLeaseStore } from './mongo-lease-store';
import { MongoOutboxStore } from './mongo-outbox-store';

export interface MongoStoreOptions {
  uri: string;
  /** Database name; defaults to the one in the URI, else "veeam_teams_bot". */
  dbName?: string;
  retentionDays?: number;
  serverSelectionTimeoutMS?: number;
}

export interface MongoStore extends Store {
  readonly kind: 'mongodb';
  readonly history: MongoHistoryStore;
  readonly audit: MongoAuditStore;
  readonly client: MongoClient;
}

export async function openMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const client = new MongoClient(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    appName: 'veeam-teams-bot',
  });
  try {
    await client.connect();
  } catch (err) {
    throw mapMongoError(err);
  }
  const db = client.db(options.dbName ?? (client.options.dbName && client.options.dbName !== 'test' ? client.options.dbName : 'veeam_teams_bot'));
  const history = new MongoHistoryStore(db);
  await history.ensureIndexes(options.retentionDays ?? 0);
  const audit = new MongoAuditStore(db);
  await audit.ensureIndexes();
  const conversations = new MongoConversationStore(db);
  await conversations.ensureIndexes();
  const outbox = new MongoOutboxStore(db);
  await outbox.ensureIndexes();
  const leases = new MongoLeaseStore(db);
  return {
    kind: 'mongodb',
    client,
    history,
    audit,
    conversations,
    outbox,
    leases,
    async ping() {
      try {
        await db.command({ ping: 1 });
      } catch (err) {
        throw mapMongoError(err);
      }
    },
    async close() {
      await client.close();
    },
  };
}
