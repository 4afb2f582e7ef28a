/** Conversations and alert subscriptions in MongoDB: one document per conversation, _id = target id. */
import type { Collection, Db } from 'mongodb';
import type {
  AlertSubscription, ConversationStore, ConversationTarget, SeenConversation, TargetStatus, UpsertOutcome,
} from '../conversation-store';
import { withMongoErrors } from './mongo-errors';

type ConversationDoc = Omit<ConversationTarget, 'id'> & { _id: string };

export class MongoConversationStore implements ConversationStore {
  readonly collection: Collection<ConversationDoc>;

  constructor(db: Db) {
    this.collection = db.collection<ConversationDoc>('conversations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([
      { key: { teamId: 1 }, name: 'team' },
      { key: { 'subscription.enabled': 1, status: 1 }, name: 'subscribed' },
    ]);
  }

  async upsertSeen(seen: SeenConversation, at: Date, defaultSubscription?: AlertSubscription): Promise<UpsertOutcome> {
    const { id, ...fields } = seen;
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    const literal = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { $literal: v }]));
    const unreachable = { $eq: ['$status', 'unreachable'] };
    const before = await withMongoErrors(() =>
      this.collection.findOneAndUpdate(
        { _id: id },
        [
          {
            $set: {
              ...literal,
              // A message proves a removed bot is back; an unreachable one (403) stays so until setStatus('active').
              status: { $cond: [unreachable, 'unreachable', 'active'] },
              statusReason: { $cond: [unreachable, '$statusReason', '$$REMOVE'] },
              statusChangedAt: { $cond: [{ $in: ['$status', ['active', 'unreachable']] }, '$statusChangedAt', at] },
              createdAt: { $ifNull: ['$createdAt', at] },
              updatedAt: at,
            },
          },
        ],
        { upsert: true, returnDocument: 'before' },
      ),
    );
    if (defaultSubscription && !before?.subscription) {
      await withMongoErrors(() => this.collection.updateOne({ _id: id, subscription: { $exists: false } }, { $set: { subscription: defaultSubscription } }));
    }
    const target = await this.get(id);
    return { target: target!, created: !before };
  }

  async get(id: string): Promise<ConversationTarget | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ _id: id }));
    return doc ? fromDoc(doc) : undefined;
  }

  async setSubscription(id: string, subscription: AlertSubscription, at: Date): Promise<ConversationTarget | undefined> {
    const doc = await withMongoErrors(() =>
      this.collection.findOneAndUpdate({ _id: id }, { $set: { subscription, updatedAt: at } }, { returnDocument: 'after' }),
    );
    return doc ? fromDoc(doc) : undefined;
  }

  async setStatus(id: string, status: TargetStatus, reason: string | undefined, at: Date): Promise<void> {
    await withMongoErrors(() => this.collection.updateOne({ _id: id }, statusUpdate(status, reason, at)));
  }

  async markTeamRemoved(teamId: string, reason: string, at: Date): Promise<number> {
    const res = await withMongoErrors(() => this.collection.updateMany({ teamId }, statusUpdate('removed', reason, at)));
    return res.matchedCount;
  }

  async claimWelcome(id: string, at: Date): Promise<boolean> {
    const res = await withMongoErrors(() => this.collection.updateOne({ _id: id, welcomedAt: { $exists: false } }, { $set: { welcomedAt: at } }));
    return res.modifiedCount === 1;
  }

  async listSubscribed(): Promise<ConversationTarget[]> {
    const docs = await withMongoErrors(() => this.collection.find({ 'subscription.enabled': true, status: 'active' }).sort({ _id: 1 }).toArray());
    return docs.map(fromDoc);
  }

}

function statusUpdate(status: TargetStatus, reason: string | undefined, at: Date) {
  const unset: Record<string, ''> = {};
  if (status === 'removed') unset.welcomedAt = '';
  if (reason === undefined) unset.statusReason = '';
  return {
    $set: { status, statusChangedAt: at, updatedAt: at, ...(reason !== undefined ? { statusReason: reason } : {}) },
    ...(Object.keys(unset).length ? { $unset: unset } : {}),
  };
}

function fromDoc(doc: ConversationDoc): ConversationTarget {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
