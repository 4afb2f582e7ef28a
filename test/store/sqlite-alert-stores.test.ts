import { openSqliteStore } from '../../store/sqlite/open-sqlite-store';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { alertStoresContract } from './alert-stores.contract';

alertStoresContract('SQLite (embedded)', async () => {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  return {
    conversations: store.conversations,
    outbox: store.outbox,
    leases: store.leases,
    async close() {
      await store.close();
      removeDir(dir);
    },
  };
});

test('claims by two processes sharing the file never overlap (one UPDATE … WHERE … RETURNING)', async () => {
  const dir = makeTempDir();
  const a = openSqliteStore({ dataDir: dir });
  const b = openSqliteStore({ dataDir: dir });
  try {
    const now = new Date();
    for (let i = 0; i < 40; i++) await a.outbox.enqueueAlert({ runId: `r${i}`, jobId: 'j', targetId: `t${i}`, now, storm: { threshold: 100, windowMs: 1000 } });
    const claimed: string[] = [];
    for (let round = 0; round < 10; round++) {
      const [x, y] = [await a.outbox.claimDue('A', now, 60_000, 3), await b.outbox.claimDue('B', now, 60_000, 3)];
      claimed.push(...x.map((e) => e.id), ...y.map((e) => e.id));
    }
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
  } finally {
    await a.close();
    await b.close();
    removeDir(dir);
  }
});

test('the due-entry claim uses an index', () => {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  try {
    const plan = (store.db.prepare(
      "EXPLAIN QUERY PLAN SELECT seq FROM outbox WHERE status = 'pending' AND next_attempt_at <= 1 AND (lease_until IS NULL OR lease_until <= 1) ORDER BY next_attempt_at, seq LIMIT 5",
    ).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/USING INDEX outbox_due/);
  } finally {
    void store.close();
    removeDir(dir);
  }
});
