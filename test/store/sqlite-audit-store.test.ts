import { openSqliteStore } from '../../store/sqlite/open-sqlite-store';
import { makeTempDir, removeDir } from '../helpers/temp-dir';
import { auditStoreContract, makeAudit } from './audit-store.contract';

auditStoreContract('SQLite (embedded)', async () => {
  const dir = makeTempDir();
  // Two handles on one file: two bot processes sharing the data folder.
  const a = openSqliteStore({ dataDir: dir });
  const b = openSqliteStore({ dataDir: dir });
  return {
    first: a,
    second: b,
    async dispose() {
      await a.close();
      await b.close();
      removeDir(dir);
    },
  };
});

test('audit records survive closing and reopening the store', async () => {
  const dir = makeTempDir();
  try {
    const a = openSqliteStore({ dataDir: dir });
    await a.audit.claim('k', makeAudit());
    await a.close();
    const b = openSqliteStore({ dataDir: dir });
    expect((await b.audit.claim('k', makeAudit())).claimed).toBe(false);
    await b.close();
  } finally {
    removeDir(dir);
  }
});
