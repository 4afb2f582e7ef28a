/** Runs the history contract against a real MongoDB when MONGODB_URI is set; no mongod can be installed here. */
import { randomUUID } from 'node:crypto';
import { openMongoStore } from '../../store/mongodb/open-mongo-store';
import { historyStoreContract } from './history-store.contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  historyStoreContract('MongoDB', async () => {
    const dbName = `vtb_test_${randomUUID().slice(0, 8)}`;
    const store = await openMongoStore({ uri, dbName });
    return {
      history: store.history,
      async close() {
        await store.client.db(dbName).dropDatabase();
        await store.close();
      },
    };
  });
} else {
  test.skip('skipped: no MongoDB (set MONGODB_URI to run the MongoDB contract tests)', () => undefined);
  console.log('skipped: no MongoDB (set MONGODB_URI=mongodb://… to run the MongoDB history contract tests)');
}
