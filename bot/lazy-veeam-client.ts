/**
 * A VeeamClient that connects on first use. The real client asks the server which API it speaks when it is
 * created, and the bot must start (and answer "cannot reach Veeam") even while Veeam is down; so creation is
 * retried on the next call after a failure instead of stopping start-up.
 */
import type { VeeamClient, VeeamFlavor } from '../veeam/veeam-client';

export function lazyVeeamClient(connect: () => Promise<VeeamClient>, expectedFlavor: VeeamFlavor = 'vbr'): VeeamClient {
  let client: Promise<VeeamClient> | undefined;
  let known: VeeamClient | undefined;
  const get = (): Promise<VeeamClient> => {
    client ??= connect().then(
      (c) => (known = c),
      (err: unknown) => {
        client = undefined;
        throw err;
      },
    );
    return client;
  };
  const call =
    <A extends unknown[], R>(pick: (c: VeeamClient) => (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const c = await get();
      return pick(c).apply(c, args);
    };
  return {
    get flavor() {
      return known?.flavor ?? expectedFlavor;
    },
    serverInfo: call((c) => c.serverInfo),
    listJobs: call((c) => c.listJobs),
    findJob: call((c) => c.findJob),
    startJob: call((c) => c.startJob),
    stopJob: call((c) => c.stopJob),
    retryJob: call((c) => c.retryJob),
    getSession: call((c) => c.getSession),
    getSessionDetails: call((c) => c.getSessionDetails),
    getLastSession: call((c) => c.getLastSession),
    listEndedSessions: call((c) => c.listEndedSessions),
    listRepositories: call((c) => c.listRepositories),
    async close() {
      if (known) await known.close();
    },
  };
}
