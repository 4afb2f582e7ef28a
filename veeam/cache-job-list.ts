/**
 * Keeps the job list for a few seconds. Listing every job walks all pages of the Veeam API (ten requests for
 * 5,000 jobs), and `jobs`, `jobs <filter>`, `status <job>`, paging buttons and name look-ups each need the whole
 * list; several commands within seconds of each other now share one fetch (and concurrent ones share the request
 * in flight). Starting, stopping or retrying a job drops the cached list, so the bot never shows its own action
 * stale. A failed fetch is not kept.
 */
import { matchJobName } from './match-job-name';
import type { JobMatch, VeeamClient, VeeamJob } from './veeam-client';

export const DEFAULT_JOB_LIST_TTL_MS = 10_000;

export function cacheJobList(client: VeeamClient, options: { ttlMs?: number; now?: () => number } = {}): VeeamClient {
  const ttlMs = options.ttlMs ?? DEFAULT_JOB_LIST_TTL_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; jobs: Promise<VeeamJob[]> } | undefined;

  const listJobs = (): Promise<VeeamJob[]> => {
    if (cached && now() - cached.at < ttlMs) return cached.jobs;
    const entry = { at: now(), jobs: client.listJobs() };
    cached = entry;
    entry.jobs.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.jobs;
  };
  const dropping =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      cached = undefined;
      try {
        return await fn(...args);
      } finally {
        cached = undefined;
      }
    };

  return {
    get flavor() {
      return client.flavor;
    },
    serverInfo: () => client.serverInfo(),
    listJobs,
    findJob: async (typedName: string): Promise<JobMatch> => matchJobName(await listJobs(), typedName),
    startJob: dropping((id: string) => client.startJob(id)),
    stopJob: dropping((id: string) => client.stopJob(id)),
    retryJob: dropping((id: string) => client.retryJob(id)),
    getSession: (id) => client.getSession(id),
    getSessionDetails: (id) => client.getSessionDetails(id),
    getLastSession: (jobId) => client.getLastSession(jobId),
    listEndedSessions: (query) => client.listEndedSessions(query),
    listRepositories: () => client.listRepositories(),
    close: () => client.close(),
  };
}
