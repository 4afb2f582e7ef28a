import { openSqliteStore } from '../../store/sqlite/open-sqlite-store';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { historyStoreContract, makeRun } from './history-store.contract';

historyStoreContract('SQLite (embedded)', async () => {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  return {
    history: store.history,
    async close() {
      await store.close();
      removeDir(dir);
    },
  };
});

test('retention prunes runs older than the cut-off, in chunks', async () => {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  try {
    for (let i = 0; i < 30; i++) await store.history.insert(makeRun({ endTime: new Date(Date.UTC(2026, 0, 1 + i)) }));
    expect(store.history.pruneBefore(new Date(Date.UTC(2026, 0, 11)), 4)).toBe(10);
    expect((await store.history.list({ limit: 200 })).items).toHaveLength(20);
  } finally {
    await store.close();
    removeDir(dir);
  }
});

test('queries use the indexes, never a full scan', () => {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  try {
    const plan = (sql: string) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan('SELECT doc FROM job_runs ORDER BY end_time DESC, id DESC LIMIT 10')).toMatch(/USING INDEX job_runs_time/);
    expect(plan("SELECT doc FROM job_runs WHERE (job_id = 'x' OR job_name_key = 'x') ORDER BY end_time DESC, id DESC LIMIT 10")).toMatch(/INDEX job_runs_(job|name)_time/);
    expect(plan("SELECT doc FROM job_runs WHERE result IN ('Failed') AND end_time >= 0 ORDER BY end_time DESC, id DESC LIMIT 10")).toMatch(/INDEX job_runs_(result|time)/);
    expect(plan('SELECT result FROM job_runs WHERE end_time >= 0 AND end_time < 1')).toMatch(/INDEX job_runs_time/);
  } finally {
    void store.close();
    removeDir(dir);
  }
});

test('a write the store cannot encode fails alone, not the other writes committed in the same batch', async () => {
  const dir = makeTempDir();
  const store = openSqliteStore({ dataDir: dir });
  try {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const good = store.history.insert(makeRun());
    const bad = store.history.insert(makeRun({ extra: circular }));
    const goodToo = store.history.insert(makeRun());
    const [g1, b, g2] = await Promise.allSettled([good, bad, goodToo]);
    expect(b.status).toBe('rejected');
    expect(g1).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(g2).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect((await store.history.list({ limit: 10 })).items).toHaveLength(2);
  } finally {
    await store.close();
    removeDir(dir);
  }
});
