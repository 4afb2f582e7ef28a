/**
 * The behaviour every HistoryStore adapter must have. Run by sqlite-history-store.test.ts always and by
 * mongo-history-store.test.ts when MONGODB_URI is set.
 */
import { randomUUID } from 'node:crypto';
import type { JobResult, NewJobRun } from '../../events/job-run';
import type { HistoryStore } from '../../store/history-store';

export function makeRun(overrides: Partial<NewJobRun> = {}): NewJobRun {
  const sessionId = randomUUID();
  return {
    runKey: `session:${sessionId}`,
    source: 'webhook',
    jobId: 'job-a',
    jobName: 'VM Backup Job 1',
    sessionId,
    result: 'Success',
    finished: true,
    endTime: new Date('2026-01-10T02:00:00Z'),
    objects: [],
    receivedAt: new Date(),
    ...overrides,
  };
}

export function historyStoreContract(name: string, open: () => Promise<{ history: HistoryStore; close(): Promise<void> }>): void {
  describe(`HistoryStore contract: ${name}`, () => {
    let store: { history: HistoryStore; close(): Promise<void> };
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    test('insert then get returns the same run, dates as Dates', async () => {
      const run = makeRun({ objects: [{ name: 'vm01', status: 'Failed', message: 'x' }], extra: { a: 1 }, startTime: new Date('2026-01-10T01:00:00Z') });
      const { id, duplicate } = await store.history.insert(run);
      expect(duplicate).toBe(false);
      const got = await store.history.get(id);
      expect(got).toEqual({ ...run, id });
      expect(got?.endTime).toBeInstanceOf(Date);
      expect(await store.history.getByRunKey(run.runKey)).toEqual({ ...run, id });
      expect(await store.history.get('no-such-id')).toBeUndefined();
    });

    test('the same run key is stored once, also when inserted concurrently', async () => {
      const run = makeRun();
      const outcomes = await Promise.all([1, 2, 3, 4].map(() => store.history.insert({ ...run })));
      expect(new Set(outcomes.map((o) => o.id)).size).toBe(1);
      expect(outcomes.filter((o) => !o.duplicate)).toHaveLength(1);
      expect((await store.history.list({})).items).toHaveLength(1);
    });

    test('list is newest first and pages with a cursor without gaps or repeats', async () => {
      const base = Date.parse('2026-01-01T00:00:00Z');
      for (let i = 0; i < 25; i++) {
        // two runs share each timestamp, so the id tie-break matters
        await store.history.insert(makeRun({ endTime: new Date(base + Math.floor(i / 2) * 60_000) }));
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let previous = Infinity;
      do {
        const page = await store.history.list({ limit: 7, cursor });
        for (const r of page.items) {
          expect(r.endTime.getTime()).toBeLessThanOrEqual(previous);
          previous = r.endTime.getTime();
          seen.push(r.id);
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    });

    test('filters by job id, by job name (case/width-insensitive), by result and by time range', async () => {
      await store.history.insert(makeRun({ jobId: 'j1', jobName: 'VM Backup Job 1', result: 'Failed', endTime: new Date('2026-02-01T00:00:00Z') }));
      await store.history.insert(makeRun({ jobId: 'j1', jobName: 'VM Backup Job 1', result: 'Success', endTime: new Date('2026-02-02T00:00:00Z') }));
      await store.history.insert(makeRun({ jobId: 'j2', jobName: '本社ファイルサーバー', result: 'Warning', endTime: new Date('2026-02-03T00:00:00Z') }));
      expect((await store.history.list({ job: 'j1' })).items).toHaveLength(2);
      expect((await store.history.list({ job: 'ＶＭ　Ｂａｃｋｕｐ job 1' })).items).toHaveLength(2);
      expect((await store.history.list({ job: '本社ファイルサーバー' })).items.map((r) => r.result)).toEqual(['Warning']);
      expect((await store.history.list({ results: ['Failed', 'Warning'] })).items.map((r) => r.result)).toEqual(['Warning', 'Failed']);
      const ranged = await store.history.list({ from: new Date('2026-02-02T00:00:00Z'), to: new Date('2026-02-03T00:00:00Z') });
      expect(ranged.items.map((r) => r.result)).toEqual(['Success']);
    });

    test('counts per result over a range, and per day at an offset', async () => {
      const results: JobResult[] = ['Success', 'Success', 'Failed', 'Warning', 'None'];
      for (const [i, result] of results.entries()) {
        await store.history.insert(makeRun({ result, endTime: new Date(Date.parse('2026-03-01T20:00:00Z') + i * 3600_000) }));
      }
      expect(await store.history.countByResult({})).toEqual({ Success: 2, Failed: 1, Warning: 1, None: 1 });
      expect(await store.history.countByResult({ from: new Date('2026-03-01T22:00:00Z') })).toEqual({ Success: 0, Failed: 1, Warning: 1, None: 1 });
      // 20:00..00:00 UTC; at +09:00 (Tokyo) every run falls on 2026-03-02.
      const utc = await store.history.dailyCounts({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') });
      expect(utc).toEqual([
        { day: '2026-03-01', Success: 2, Failed: 1, Warning: 1, None: 0 },
        { day: '2026-03-02', Success: 0, Failed: 0, Warning: 0, None: 1 },
      ]);
      const tokyo = await store.history.dailyCounts({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z'), utcOffsetMinutes: 540 });
      expect(tokyo).toEqual([{ day: '2026-03-02', Success: 2, Failed: 1, Warning: 1, None: 1 }]);
    });

    test('update completes an in-progress run and keeps its identity', async () => {
      const { id } = await store.history.insert(makeRun({ result: 'None', finished: false, jobName: 'job-a' }));
      const updated = await store.history.update(id, { result: 'Failed', finished: true, jobName: 'VM Backup Job 1', errorMessage: 'boom' });
      expect(updated).toMatchObject({ id, result: 'Failed', finished: true, errorMessage: 'boom' });
      expect(await store.history.get(id)).toMatchObject({ result: 'Failed', jobName: 'VM Backup Job 1' });
      expect((await store.history.list({ job: 'vm backup job 1', results: ['Failed'] })).items).toHaveLength(1);
      expect(await store.history.update('missing', { result: 'Failed' })).toBeUndefined();
    });
  });
}
