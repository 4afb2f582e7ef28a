/**
 * The alert outbox in MongoDB. Claims are atomic per entry (findOneAndUpdate with a lease), the key is a unique
 * index, so shared instances never send one entry twice. The storm decision (own card or digest) is a few separate
 * operations here: two instances racing on the same target at the same instant may both open a digest; the worst
 * case is one extra card, never a lost alert.
 */
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import {
  alertKey, digestKey, emptyStatusCounts, recoveryKey,
  type DeliveredMessage, type EnqueueAlertInput, type EnqueueAlertOutcome, type OutboxEntry, type OutboxStatus, type OutboxStore,
} from '../outbox-store';
import { isDuplicateKey, mapMongoError, withMongoErrors } from './mongo-errors';

type OutboxDoc = Omit<OutboxEntry, 'id'> & { _id: string };

export class MongoOutboxStore implements OutboxStore {
  readonly collection: Collection<OutboxDoc>;

  constructor(db: Db) {
    this.collection = db.collection<OutboxDoc>('outbox');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([
      { key: { key: 1 }, name: 'key_unique', unique: true },
      { key: { status: 1, nextAttemptAt: 1, createdAt: 1 }, name: 'due' },
      { key: { targetId: 1, kind: 1, createdAt: -1 }, name: 'target' },
      { key: { jobId: 1, targetId: 1 }, name: 'job' },
      { key: { digestId: 1 }, name: 'digest' },
    ]);
  }

  async enqueueAlert(input: EnqueueAlertInput): Promise<EnqueueAlertOutcome> {
    const key = alertKey(input.runId, input.targetId);
    const existing = await this.getByKey(key);
    if (existing) return { outcome: 'duplicate', entry: existing };
    const since = new Date(input.now.getTime() - input.storm.windowMs);
    const base = { targetId: input.targetId, runId: input.runId, jobId: input.jobId, now: input.now };
    let digest = await withMongoErrors(() =>
      this.collection.findOneAndUpdate(
        { targetId: input.targetId, kind: 'digest', lastFoldAt: { $gt: since } },
        [
          {
            $set: {
              version: { $add: ['$version', 1] },
              lastFoldAt: input.now,
              updatedAt: input.now,
              nextAttemptAt: { $cond: [{ $eq: ['$status', 'sent'] }, input.now, '$nextAttemptAt'] },
              status: { $cond: [{ $eq: ['$status', 'sent'] }, 'pending', '$status'] },
            },
          },
        ],
        { sort: { lastFoldAt: -1 }, returnDocument: 'after' },
      ),
    );
    if (!digest) {
      const recent = await withMongoErrors(() =>
        this.collection.countDocuments({ targetId: input.targetId, kind: 'alert', status: { $ne: 'folded' }, createdAt: { $gt: since } }),
      );
      if (recent < input.storm.threshold) {
        const entry = await this.insert({ ...base, kind: 'alert', key, status: 'pending' });
        return entry ? { outcome: 'queued', entry } : { outcome: 'duplicate', entry: (await this.getByKey(key))! };
      }
      const dKey = digestKey(input.targetId, input.runId);
      await this.insert({ ...base, jobId: undefined, kind: 'digest', key: dKey, status: 'pending', lastFoldAt: input.now });
      digest = await withMongoErrors(() => this.collection.findOne({ key: dKey }));
    }
    const entry = await this.insert({ ...base, kind: 'alert', key, status: 'folded', digestId: digest!._id });
    if (!entry) return { outcome: 'duplicate', entry: (await this.getByKey(key))! };
    return { outcome: 'folded', entry, digest: fromDoc(digest!) };
  }

  async enqueueRecoveries(input: { jobId: string; targetId: string; runId: string; now: Date }): Promise<OutboxEntry[]> {
    const created: OutboxEntry[] = [];
    for (;;) {
      // One alert at a time, marked atomically, so two instances never queue the same recovery twice.
      const alert = await withMongoErrors(() =>
        this.collection.findOneAndUpdate(
          {
            jobId: input.jobId, targetId: input.targetId, kind: 'alert', status: { $in: ['pending', 'sent'] },
            recoveredByRunId: { $exists: false }, runId: { $ne: input.runId },
          },
          { $set: { recoveredByRunId: input.runId, updatedAt: input.now } },
        ),
      );
      if (!alert) return created;
      const entry = await this.insert({
        kind: 'recovery', key: recoveryKey(alert._id), targetId: input.targetId, runId: input.runId, jobId: input.jobId,
        refEntryId: alert._id, status: 'pending', now: input.now,
      });
      if (entry) created.push(entry);
    }
  }

  async claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    const claimed: OutboxEntry[] = [];
    const filter: Filter<OutboxDoc> = {
      status: 'pending',
      nextAttemptAt: { $lte: now },
      $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: { $lte: now } }],
    };
    while (claimed.length < limit) {
      const doc = await withMongoErrors(() =>
        this.collection.findOneAndUpdate(
          filter,
          { $set: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now } },
          { sort: { nextAttemptAt: 1, createdAt: 1 }, returnDocument: 'after' },
        ),
      );
      if (!doc) break;
      claimed.push(fromDoc(doc));
    }
    return claimed;
  }

  async complete(id: string, owner: string, delivered: DeliveredMessage, version: number, now: Date): Promise<void> {
    await withMongoErrors(() =>
      this.collection.updateOne({ _id: id, leaseOwner: owner }, [
        {
          $set: {
            status: { $cond: [{ $eq: ['$version', version] }, 'sent', 'pending'] },
            activityId: delivered.activityId,
            conversationId: delivered.conversationId,
            sentAt: now,
            updatedAt: now,
            nextAttemptAt: now,
          },
        },
        { $unset: ['leaseOwner', 'leaseUntil', 'lastError'] },
      ]),
    );
  }

  async reschedule(id: string, owner: string, nextAttemptAt: Date, now: Date, failed?: { error: string }): Promise<void> {
    await withMongoErrors(() =>
      this.collection.updateOne(
        { _id: id, leaseOwner: owner },
        {
          $set: { nextAttemptAt, updatedAt: now, ...(failed ? { lastError: failed.error } : {}) },
          $unset: { leaseOwner: '', leaseUntil: '' },
          $inc: { attempts: failed ? 1 : 0 },
        },
      ),
    );
  }

  async finish(id: string, owner: string, status: 'failed' | 'skipped', reason: string, now: Date): Promise<void> {
    await withMongoErrors(() =>
      this.collection.updateOne(
        { _id: id, leaseOwner: owner },
        { $set: { status, lastError: reason, updatedAt: now }, $unset: { leaseOwner: '', leaseUntil: '' }, $inc: { attempts: status === 'failed' ? 1 : 0 } },
      ),
    );
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ _id: id }));
    return doc ? fromDoc(doc) : undefined;
  }

  async getByKey(key: string): Promise<OutboxEntry | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ key }));
    return doc ? fromDoc(doc) : undefined;
  }

  async listFolded(digestId: string): Promise<OutboxEntry[]> {
    const docs = await withMongoErrors(() => this.collection.find({ digestId, status: 'folded' }).sort({ createdAt: 1, _id: 1 }).toArray());
    return docs.map(fromDoc);
  }

  async countByStatus(targetId: string): Promise<Record<OutboxStatus, number>> {
    const rows = await withMongoErrors(() =>
      this.collection.aggregate<{ _id: OutboxStatus; n: number }>([{ $match: { targetId } }, { $group: { _id: '$status', n: { $sum: 1 } } }]).toArray(),
    );
    const counts = emptyStatusCounts();
    for (const r of rows) counts[r._id] = r.n;
    return counts;
  }

  /** Inserts a new entry; undefined when the key already exists. */
  private async insert(e: {
    kind: OutboxEntry['kind']; key: string; targetId: string; runId?: string; jobId?: string; refEntryId?: string; digestId?: string;
    status: OutboxStatus; lastFoldAt?: Date; now: Date;
  }): Promise<OutboxEntry | undefined> {
    const { now, ...fields } = e;
    const doc = Object.fromEntries(
      Object.entries({ _id: randomUUID(), ...fields, attempts: 0, version: 1, nextAttemptAt: now, createdAt: now, updatedAt: now }).filter(([, v]) => v !== undefined),
    ) as OutboxDoc;
    try {
      await this.collection.insertOne(doc);
      return fromDoc(doc);
    } catch (err) {
      if (isDuplicateKey(err)) return undefined;
      throw mapMongoError(err);
    }
  }

}

function fromDoc(doc: OutboxDoc): OutboxEntry {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
