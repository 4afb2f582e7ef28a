/** Runs the audit contract against a real MongoDB when MONGODB_URI is set; no mongod can be installed here. */
import { randomUUID } from 'node:crypto';
import { openMongoStore } from '../../store/mongodb/open-mongo-store';
import { auditStoreContract } from './audit-store.contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  auditStoreContract('MongoDB', async () => {
    const dbName = `vtb_test_${randomUUID().slice(0, 8)}`;
    const a = await openMongoStore({ uri, dbName });
    const b = await openMongoStore({ uri, dbName });
    return {
      first: a,
      second: b,
      async dispose() {
        await a.client.db(dbName).dropDatabase();
        await a.close();
        await b.close();
      },
    };
  });
} else {
  test.skip('skipped: no MongoDB (set MONGODB_URI to run the MongoDB audit contract tests)', () => undefined);
  console.log('skipped: no MongoDB (set MONGODB_URI=mongodb://… to run the MongoDB audit contract tests)');
}
