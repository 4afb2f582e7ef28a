/** Runs the alert repositories' contract against a real MongoDB when MONGODB_URI is set; no mongod can be installed here. */
import { randomUUID } from 'node:crypto';
import { openMongoStore } from '../../store/mongodb/open-mongo-store';
import { alertStoresContract } from './alert-stores.contract';

const uri = process.env.MONGODB_URI;

if (uri) {
  alertStoresContract('MongoDB', async () => {
    const dbName = `vtb_test_${randomUUID().slice(0, 8)}`;
    const store = await openMongoStore({ uri, dbName });
    return {
      conversations: store.conversations,
      outbox: store.outbox,
      leases: store.leases,
      async close() {
        await store.client.db(dbName).dropDatabase();
        await store.close();
      },
    };
  });
} else {
  test.skip('skipped: no MongoDB (set MONGODB_URI to run the MongoDB contract tests)', () => undefined);
  console.log('skipped: no MongoDB (set MONGODB_URI=mongodb://… to run the MongoDB alert-repositories contract tests)');
}
