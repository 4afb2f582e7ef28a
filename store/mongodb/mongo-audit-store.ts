/** The audit log in MongoDB; a unique partial index on `claimKey` makes a claim one atomic insert across instances. */
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import {
  clampAuditLimit,
  type AuditQuery, type AuditRecord, type AuditStore, type AuditUpdate, type ClaimOutcome, type NewAuditRecord,
} from '../audit-store';
import { isDuplicateKey, mapMongoError, withMongoErrors } from './mongo-errors';

type AuditDoc = Omit<AuditRecord, 'id'> & { _id: string };

const MAJORITY = { writeConcern: { w: 'majority' as const, j: true } };

function fromDoc(doc: AuditDoc): AuditRecord {
  const { _id, ...rest } = doc;
  return { ...rest, id: _id };
}

function toDoc(record: AuditRecord): AuditDoc {
  const { id, ...rest } = record;
  const doc = { ...rest, _id: id } as AuditDoc;
  for (const k of Object.keys(doc) as Array<keyof AuditDoc>) if (doc[k] === undefined) delete doc[k];
  return doc;
}

export class MongoAuditStore implements AuditStore {
  readonly collection: Collection<AuditDoc>;

  constructor(db: Db) {
    this.collection = db.collection<AuditDoc>('audit_log');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndexes([
      { key: { claimKey: 1 }, name: 'claimKey_unique', unique: true, partialFilterExpression: { claimKey: { $type: 'string' } } },
      { key: { at: -1, _id: -1 }, name: 'time' },
      { key: { jobName: 1, at: -1, _id: -1 }, name: 'job_time' },
    ]);
  }

  async claim(claimKey: string, record: NewAuditRecord): Promise<ClaimOutcome> {
    const full = build(record, claimKey);
    try {
      await this.collection.insertOne(toDoc(full), MAJORITY);
      return { claimed: true, record: full };
    } catch (err) {
      if (!isDuplicateKey(err)) throw mapMongoError(err);
    }
    const existing = await this.getByClaimKey(claimKey);
    if (!existing) throw new Error(`audit claim ${claimKey} conflicted but cannot be read back`);
    return { claimed: false, existing };
  }

  async append(record: NewAuditRecord): Promise<AuditRecord> {
    const full = build(record);
    await withMongoErrors(() => this.collection.insertOne(toDoc(full), MAJORITY));
    return full;
  }

  async update(id: string, update: AuditUpdate): Promise<AuditRecord | undefined> {
    const set: Record<string, unknown> = { updatedAt: new Date() };
    for (const [k, v] of Object.entries(update)) if (v !== undefined) set[k] = v;
    const doc = await withMongoErrors(() => this.collection.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after', ...MAJORITY }));
    return doc ? fromDoc(doc) : undefined;
  }

  async get(id: string): Promise<AuditRecord | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ _id: id }));
    return doc ? fromDoc(doc) : undefined;
  }

  async getByClaimKey(claimKey: string): Promise<AuditRecord | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ claimKey }));
    return doc ? fromDoc(doc) : undefined;
  }

  async list(query: AuditQuery = {}): Promise<AuditRecord[]> {
    const filter = query.jobName !== undefined ? { jobName: query.jobName } : {};
    const docs = await withMongoErrors(() => this.collection.find(filter).sort({ at: -1, _id: -1 }).limit(clampAuditLimit(query.limit)).toArray());
    return docs.map(fromDoc);
  }

}

function build(record: NewAuditRecord, claimKey?: string): AuditRecord {
  const at = record.at ?? new Date();
  return { ...record, id: randomUUID(), at, updatedAt: at, ...(claimKey !== undefined ? { claimKey } : {}) };
}
