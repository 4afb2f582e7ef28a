/** History in MongoDB: a thin, obvious mapping of the same contract as the SQLite adapter. */
import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import type { JobResult, JobRun, NewJobRun } from '../../events/job-run';
import {
  clampLimit, decodeCursor, emptyCounts, encodeCursor, jobNameKey, utcDay,
  type DailyCounts, type HistoryPage, type HistoryQuery, type HistoryStore, type InsertOutcome, type JobRunUpdate, type ResultCounts,
} from '../history-store';
import { isDuplicateKey, mapMongoError, withMongoErrors } from './mongo-errors';

type JobRunDoc = Omit<JobRun, 'id'> & { _id: string; jobNameKey: string };

export class MongoHistoryStore implements HistoryStore {
  readonly collection: Collection<JobRunDoc>;

  constructor(db: Db) {
    this.collection = db.collection<JobRunDoc>('job_runs');
  }

  async ensureIndexes(retentionDays: number): Promise<void> {
    await this.collection.createIndexes([
      { key: { runKey: 1 }, name: 'runKey_unique', unique: true },
      { key: { jobId: 1, endTime: -1, _id: -1 }, name: 'job_time' },
      { key: { jobNameKey: 1, endTime: -1, _id: -1 }, name: 'jobName_time' },
      { key: { result: 1, endTime: -1, _id: -1 }, name: 'result_time' },
      { key: { endTime: -1, _id: -1 }, name: 'time' },
    ]);
    // TTL index for HISTORY_RETENTION_DAYS; an existing one is adjusted with collMod.
    const ttlName = 'retention_ttl';
    const existing = (await this.collection.indexes()).find((i) => i.name === ttlName);
    if (retentionDays > 0) {
      const seconds = retentionDays * 86400;
      if (!existing) await this.collection.createIndex({ endTime: 1 }, { name: ttlName, expireAfterSeconds: seconds });
      else if (existing.expireAfterSeconds !== seconds) {
        await this.collection.db.command({ collMod: this.collection.collectionName, index: { name: ttlName, expireAfterSeconds: seconds } });
      }
    } else if (existing) {
      await this.collection.dropIndex(ttlName);
    }
  }

  async insert(run: NewJobRun): Promise<InsertOutcome> {
    const id = randomUUID();
    try {
      await this.collection.insertOne(toDoc({ ...run, id }), { writeConcern: { w: 'majority', j: true } });
      return { id, duplicate: false };
    } catch (err) {
      if (isDuplicateKey(err)) {
        const existing = await withMongoErrors(() => this.collection.findOne({ runKey: run.runKey }, { projection: { _id: 1 } }));
        if (existing) return { id: existing._id, duplicate: true };
      }
      throw mapMongoError(err);
    }
  }

  async get(id: string): Promise<JobRun | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ _id: id }));
    return doc ? fromDoc(doc) : undefined;
  }

  async getByRunKey(runKey: string): Promise<JobRun | undefined> {
    const doc = await withMongoErrors(() => this.collection.findOne({ runKey }));
    return doc ? fromDoc(doc) : undefined;
  }

  async update(id: string, update: JobRunUpdate): Promise<JobRun | undefined> {
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
    if (typeof update.jobName === 'string') set.jobNameKey = jobNameKey(update.jobName);
    const doc = await withMongoErrors(() => this.collection.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }));
    return doc ? fromDoc(doc) : undefined;
  }

  async list(query: HistoryQuery): Promise<HistoryPage> {
    const limit = clampLimit(query.limit);
    const filter = this.filter(query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (cursor) {
      const at = new Date(cursor.endTimeMs);
      filter.$and = [{ $or: [{ endTime: { $lt: at } }, { endTime: at, _id: { $lt: cursor.id } }] }];
    }
    const docs = await withMongoErrors(() =>
      this.collection.find(filter).sort({ endTime: -1, _id: -1 }).limit(limit + 1).toArray(),
    );
    const items = docs.slice(0, limit).map(fromDoc);
    return { items, nextCursor: docs.length > limit ? encodeCursor(items[items.length - 1]) : undefined };
  }

  async countByResult(range: { from?: Date; to?: Date; job?: string }): Promise<ResultCounts> {
    const rows = await withMongoErrors(() =>
      this.collection.aggregate<{ _id: JobResult; n: number }>([
        { $match: this.filter(range) },
        { $group: { _id: '$result', n: { $sum: 1 } } },
      ]).toArray(),
    );
    const counts = emptyCounts();
    for (const r of rows) counts[r._id] = r.n;
    return counts;
  }

  async dailyCounts(range: { from: Date; to: Date; utcOffsetMinutes?: number }): Promise<DailyCounts[]> {
    const offsetMs = (range.utcOffsetMinutes ?? 0) * 60_000;
    const rows = await withMongoErrors(() =>
      this.collection.aggregate<{ _id: { day: number; result: JobResult }; n: number }>([
        { $match: { endTime: { $gte: range.from, $lt: range.to } } },
        {
          $group: {
            _id: {
              day: { $floor: { $divide: [{ $add: [{ $toLong: '$endTime' }, offsetMs] }, 86400000] } },
              result: '$result',
            },
            n: { $sum: 1 },
          },
        },
        { $sort: { '_id.day': 1 } },
      ]).toArray(),
    );
    const days = new Map<string, DailyCounts>();
    for (const r of rows) {
      const day = utcDay(r._id.day * 86400000, 0);
      const entry = days.get(day) ?? { day, ...emptyCounts() };
      entry[r._id.result] += r.n;
      days.set(day, entry);
    }
    return [...days.values()];
  }

  private filter(q: { job?: string; results?: JobResult[]; from?: Date; to?: Date }): Filter<JobRunDoc> {
    const filter: Filter<JobRunDoc> = {};
    if (q.job) filter.$or = [{ jobId: q.job.trim() }, { jobNameKey: jobNameKey(q.job) }];
    if (q.results?.length) filter.result = { $in: q.results };
    if (q.from || q.to) {
      filter.endTime = {};
      if (q.from) filter.endTime.$gte = q.from;
      if (q.to) filter.endTime.$lt = q.to;
    }
    return filter;
  }

}

function toDoc(run: JobRun): JobRunDoc {
  const { id, ...rest } = run;
  const doc = { _id: id, ...rest, jobNameKey: jobNameKey(run.jobName) };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as JobRunDoc;
}

function fromDoc(doc: JobRunDoc): JobRun {
  const { _id, jobNameKey: _key, ...rest } = doc;
  return { id: _id, ...rest, objects: rest.objects ?? [] };
}
