/** Leases and checkpoints in MongoDB. Acquiring is one conditional upsert; a lost race is a duplicate-key error. */
import type { Collection, Db } from 'mongodb';
import type { LeaseStore } from '../lease-store';
import { isDuplicateKey, mapMongoError } from './mongo-errors';

interface LeaseDoc {
  _id: string;
  owner: string;
  until: Date;
}

interface CheckpointDoc {
  _id: string;
  value: string;
  updatedAt: Date;
}

export class MongoLeaseStore implements LeaseStore {
  private readonly leases: Collection<LeaseDoc>;
  private readonly checkpoints: Collection<CheckpointDoc>;

  constructor(db: Db) {
    this.leases = db.collection<LeaseDoc>('leases');
    this.checkpoints = db.collection<CheckpointDoc>('checkpoints');
  }

  async tryAcquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    try {
      await this.leases.updateOne(
        { _id: name, $or: [{ owner }, { until: { $lte: now } }] },
        { $set: { owner, until: new Date(now.getTime() + ttlMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      // Someone else holds a live lease: the filter missed, and the upsert collided with their document.
      if (isDuplicateKey(err)) return false;
      throw mapMongoError(err);
    }
  }

  async release(name: string, owner: string): Promise<void> {
    try {
      await this.leases.deleteOne({ _id: name, owner });
    } catch (err) {
      throw mapMongoError(err);
    }
  }

  async getCheckpoint(name: string): Promise<string | undefined> {
    try {
      return (await this.checkpoints.findOne({ _id: name }))?.value;
    } catch (err) {
      throw mapMongoError(err);
    }
  }

  async setCheckpoint(name: string, value: string, at: Date): Promise<void> {
    try {
      await this.checkpoints.updateOne({ _id: name }, { $set: { value, updatedAt: at } }, { upsert: true });
    } catch (err) {
      throw mapMongoError(err);
    }
  }
}
