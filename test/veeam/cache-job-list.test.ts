/** The short-lived job-list cache: shared fetches, expiry, dropped by job actions, failures not kept. */
import { cacheJobList } from '../../veeam/cache-job-list';
import type { VeeamClient, VeeamJob } from '../../veeam/veeam-client';

function fakeClient(jobs: Array<Pick<VeeamJob, 'id' | 'name'>>) {
  const calls = { listJobs: 0, startJob: 0 };
  let fail = false;
  const client = {
    flavor: 'vbr',
    listJobs: async () => {
      calls.listJobs += 1;
      if (fail) throw new Error('down');
      return jobs as VeeamJob[];
    },
    startJob: async () => {
      calls.startJob += 1;
      return { id: 's1' };
    },
    close: async () => undefined,
  } as unknown as VeeamClient;
  return { client, calls, setFail: (f: boolean) => (fail = f) };
}

test('commands within the TTL share one fetch; concurrent ones share the request in flight', async () => {
  let t = 0;
  const fake = fakeClient([{ id: 'a', name: '東京 ファイルサーバー バックアップ 1' }]);
  const cached = cacheJobList(fake.client, { ttlMs: 10_000, now: () => t });
  await Promise.all([cached.listJobs(), cached.listJobs(), cached.findJob('東京')]);
  expect(fake.calls.listJobs).toBe(1);
  t = 9_999;
  expect((await cached.findJob('東京 ファイルサーバー バックアップ 1')).kind).toBe('found');
  expect(fake.calls.listJobs).toBe(1);
  t = 10_000;
  await cached.listJobs();
  expect(fake.calls.listJobs).toBe(2);
});

test('a job action drops the list; a failed fetch is not kept', async () => {
  const fake = fakeClient([{ id: 'a', name: 'A' }]);
  const cached = cacheJobList(fake.client, { now: () => 0 });
  await cached.listJobs();
  await cached.startJob('a');
  await cached.listJobs();
  expect(fake.calls.listJobs).toBe(2);
  fake.setFail(true);
  const fresh = cacheJobList(fake.client, { now: () => 0 });
  await expect(fresh.listJobs()).rejects.toThrow('down');
  fake.setFail(false);
  await expect(fresh.listJobs()).resolves.toHaveLength(1);
});
