/** A small VeeamClient for alert tests: sessions held in memory, listEndedSessions / getSessionDetails answered from them. */
import { VeeamNotFoundError } from '../../veeam/errors';
import type { VeeamClient, VeeamSessionDetails } from '../../veeam/veeam-client';

export function makeSession(overrides: Partial<VeeamSessionDetails> = {}): VeeamSessionDetails {
  const end = new Date();
  return {
    id: '6f0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d',
    jobId: 'job-sql',
    jobName: 'SQL Nightly',
    sessionType: 'BackupJob',
    state: 'Stopped',
    result: 'Failed',
    message: 'Processing SQL-01 Error: VSS snapshot failed',
    creationTime: new Date(end.getTime() - 600_000),
    endTime: end,
    finished: true,
    tasks: [{ name: 'SQL-01', result: 'Failed', message: 'VSS snapshot failed' }],
    problems: [{ status: 'Failed', title: 'Processing SQL-01 Error: VSS snapshot failed' }],
    ...overrides,
  };
}

export class FakeVeeam implements VeeamClient {
  readonly flavor = 'vbr' as const;
  readonly sessions = new Map<string, VeeamSessionDetails>();
  calls: string[] = [];

  put(s: VeeamSessionDetails): void {
    this.sessions.set(s.id, s);
  }

  async listEndedSessions(q: { endedAfter: Date; limit?: number; skip?: number }) {
    this.calls.push('listEndedSessions');
    const ended = [...this.sessions.values()].filter((s) => s.finished && s.endTime && s.endTime > q.endedAfter);
    return ended.slice(q.skip ?? 0, (q.skip ?? 0) + (q.limit ?? 100));
  }

  async getSessionDetails(id: string) {
    this.calls.push(`getSessionDetails:${id}`);
    const s = this.sessions.get(id);
    if (!s) throw new VeeamNotFoundError('session');
    return s;
  }

  async getSession(id: string) {
    return this.getSessionDetails(id);
  }

  async close() {}
  private unused(): never {
    throw new Error('not used by the alert tests');
  }
  serverInfo = () => this.unused();
  listJobs = () => this.unused();
  findJob = () => this.unused();
  startJob = () => this.unused();
  stopJob = () => this.unused();
  retryJob = () => this.unused();
  getLastSession = () => this.unused();
  listRepositories = () => this.unused();
}
