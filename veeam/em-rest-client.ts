/**
 * VeeamClient over the Enterprise Manager REST API (default port 9398). Jobs and sessions come from the
 * query service; start/stop/retry answer 202 + Task, which is polled, then the job's newest session is read.
 * EM has no job-state list, so a job's state and last result come from its newest session in a look-back window.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import { z } from 'zod';
import type { Logger } from '../logger';
import { VeeamApiError, VeeamOutcomeUnknownError } from './errors';
import { EmJob, EmPaging, EmRepository, EmSession, EmTask, EmTaskSession, findEntityArray, toEmJob, toEmRepository, toEmSession, toEmTask } from './em-models';
import { createTransport } from './http-transport';
import { errorCodeOf, mapVeeamError, neverReachedServer } from './map-veeam-error';
import { matchJobName } from './match-job-name';
import { EmSessionManager } from './em-session-manager';
import type { ResolvedOptions } from './veeam-client-options';
import type {
  JobMatch, ListSessionsQuery, VeeamClient, VeeamJob, VeeamRepository, VeeamServerInfo, VeeamSession, VeeamSessionDetails,
} from './veeam-client';

type Action = 'start' | 'stop' | 'retry';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class EmRestClient implements VeeamClient {
  readonly flavor = 'em' as const;
  private readonly http: AxiosInstance;
  private readonly sessions: EmSessionManager;
  private readonly logger: Logger;
  readonly version: string;

  constructor(private readonly o: ResolvedOptions, http?: AxiosInstance) {
    this.logger = o.logger;
    this.http = http ?? createTransport({ ...o, tls: o.tls });
    this.version = /^v1_\d$|^latest$/.test(o.apiVersion) ? o.apiVersion : 'latest';
    this.sessions = new EmSessionManager(this.http, o, this.version, this.logger, o.baseUrl);
  }

  private async call(method: 'GET' | 'POST', url: string, config: AxiosRequestConfig, what: string, action?: Action): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.sessions.token();
      try {
        const res = await this.http.request({
          ...config,
          method,
          url,
          headers: { ...config.headers, 'X-RestSvcSessionId': token },
          ...(action ? { 'axios-retry': { retries: 0 } } : {}),
        });
        this.logger.debug({ method, path: url.split('?')[0], status: res.status }, 'Enterprise Manager request');
        return res.data;
      } catch (e) {
        // 401 = the logon expired (15 minutes idle); the request was refused, so it is safe to send again once.
        if (axios.isAxiosError(e) && e.response?.status === 401 && attempt === 1) {
          this.logger.info('Enterprise Manager session expired; logging on again');
          this.sessions.invalidate(token);
          continue;
        }
        if (action && axios.isAxiosError(e) && !e.response && !neverReachedServer(errorCodeOf(e))) {
          throw new VeeamOutcomeUnknownError(
            `The request to ${action} the job reached Enterprise Manager but no answer came back, so it was not sent again. Check the job in Veeam before retrying. / ` +
              'ジョブ操作の応答が失われました。二重実行を防ぐため再送していません。Veeamでジョブの状態を確認してください。',
          );
        }
        throw mapVeeamError(e, what, this.o.baseUrl);
      }
    }
  }

  /** All pages of a query-service answer. */
  private async query<T extends z.ZodTypeAny>(type: string, plural: string, item: T, what: string, extra: Record<string, string> = {}, maxItems = Infinity): Promise<z.infer<T>[]> {
    const out: z.infer<T>[] = [];
    for (let page = 1; ; page++) {
      const pageSize = Math.min(this.o.pageSize, maxItems - out.length);
      const data = await this.call('GET', '/api/query', { params: { type, format: 'Entities', pageSize, page, ...extra } }, what);
      const items = findEntityArray(data, plural);
      for (const raw of items) {
        const p = item.safeParse(raw);
        if (!p.success) throw new VeeamApiError(`Enterprise Manager's answer to ${what} had an unexpected shape.`);
        out.push(p.data);
      }
      const paging = EmPaging.safeParse((data as { PagingInfo?: unknown })?.PagingInfo);
      const more = paging.success ? paging.data.PageNum < paging.data.PagesCount : items.length === pageSize;
      if (!more || items.length === 0 || out.length >= maxItems) return out;
    }
  }

  async serverInfo(): Promise<VeeamServerInfo> {
    const data = await this.call('GET', '/api/backupServers', { params: { format: 'Entity' } }, 'reading backup servers');
    const first = findEntityArray(data, 'BackupServers')[0] as { Name?: string; Version?: string } | undefined;
    return { name: first?.Name ?? new URL(this.o.baseUrl).hostname, build: first?.Version, flavor: 'em', apiVersion: this.version, userName: this.sessions.userName };
  }

  async listJobs(): Promise<VeeamJob[]> {
    const since = new Date(Date.now() - this.o.emSessionLookbackDays * 86400_000);
    const [jobs, recent] = await Promise.all([
      this.query('Job', 'Jobs', EmJob, 'listing jobs'),
      this.query('BackupJobSession', 'BackupJobSessions', EmSession, 'listing recent sessions', { filter: `CreationTime>="${since.toISOString()}"`, sortDesc: 'CreationTime' }),
    ]);
    const newest = new Map<string, VeeamSession>();
    for (const s of recent.map(toEmSession)) {
      const cur = newest.get(s.jobId);
      if (!cur || cur.creationTime < s.creationTime) newest.set(s.jobId, s);
    }
    return jobs.map((j) => {
      const job = toEmJob(j);
      return toEmJob(j, newest.get(job.id));
    }).sort((a, b) => a.name.localeCompare(b.name));
  }

  async findJob(typedName: string): Promise<JobMatch> {
    return matchJobName(await this.listJobs(), typedName);
  }

  private async action(action: Action, jobId: string): Promise<VeeamSession> {
    const verb = action === 'stop' ? 'stopping' : action === 'retry' ? 'retrying' : 'starting';
    // EM's Task does not name the new session; remember the previous one to recognise the new one.
    const previous = action === 'stop' ? undefined : (await this.getLastSession(jobId))?.id;
    const task = EmTask.parse(await this.call('POST', `/api/jobs/${encodeURIComponent(jobId)}`, { params: { action } }, `${verb} the job`, action));
    const done = await this.waitForTask(task.TaskId, verb);
    if (done.Result && !done.Result.Success) {
      throw new VeeamApiError(`Enterprise Manager could not ${action} the job. Veeam says: ${done.Result.Message ?? ''}`, undefined, undefined, done.Result.Message ?? undefined);
    }
    const deadline = Date.now() + this.o.taskTimeoutMs;
    for (;;) {
      const last = await this.getLastSession(jobId);
      if (last && last.id !== previous) {
        this.logger.info({ jobId, sessionId: last.id, action }, 'Enterprise Manager job action accepted');
        return last;
      }
      if (Date.now() > deadline) throw new VeeamOutcomeUnknownError(`Enterprise Manager accepted the ${action} but the job's session did not appear; check the job in Veeam.`);
      await sleep(this.o.taskPollIntervalMs);
    }
  }

  private async waitForTask(taskId: string, verb: string): Promise<z.infer<typeof EmTask>> {
    const deadline = Date.now() + this.o.taskTimeoutMs;
    for (;;) {
      const t = EmTask.parse(await this.call('GET', `/api/tasks/${encodeURIComponent(taskId)}`, {}, `waiting for ${verb} the job`));
      if (t.State.toLowerCase() === 'finished' || t.Result) return t;
      if (Date.now() > deadline) throw new VeeamOutcomeUnknownError(`Enterprise Manager did not finish ${verb} the job in time; check the job in Veeam.`);
      await sleep(this.o.taskPollIntervalMs);
    }
  }

  startJob(jobId: string): Promise<VeeamSession> {
    return this.action('start', jobId);
  }

  stopJob(jobId: string): Promise<VeeamSession> {
    return this.action('stop', jobId);
  }

  retryJob(jobId: string): Promise<VeeamSession> {
    return this.action('retry', jobId);
  }

  async getSession(sessionId: string): Promise<VeeamSession> {
    const data = await this.call('GET', `/api/backupSessions/${encodeURIComponent(sessionId)}`, { params: { format: 'Entity' } }, 'reading the session');
    const p = EmSession.safeParse(data);
    if (!p.success) throw new VeeamApiError("Enterprise Manager's session answer had an unexpected shape.");
    return toEmSession(p.data);
  }

  async getSessionDetails(sessionId: string): Promise<VeeamSessionDetails> {
    const [session, data] = await Promise.all([
      this.getSession(sessionId),
      this.call('GET', `/api/backupSessions/${encodeURIComponent(sessionId)}/taskSessions`, { params: { format: 'Entity' } }, 'reading the session tasks'),
    ]);
    const tasks = findEntityArray(data, 'BackupTaskSessions').map((t) => toEmTask(EmTaskSession.parse(t)));
    // EM has no session log endpoint: the per-object reasons are the warning and error lines.
    const problems = tasks
      .filter((t) => (t.result === 'Warning' || t.result === 'Failed') && t.message)
      .map((t) => ({ status: t.result === 'Failed' ? ('Failed' as const) : ('Warning' as const), title: `${t.name}: ${t.message ?? ''}`, time: session.endTime }));
    const processed = tasks.some((t) => t.processedSizeBytes !== undefined) ? tasks.reduce((a, t) => a + (t.processedSizeBytes ?? 0), 0) : undefined;
    return { ...session, tasks, problems, processedSizeBytes: processed };
  }

  async getLastSession(jobId: string): Promise<VeeamSession | undefined> {
    const list = await this.query('BackupJobSession', 'BackupJobSessions', EmSession, 'reading the last session', {
      filter: `JobUid=="urn:veeam:Job:${jobId}"`, sortDesc: 'CreationTime',
    }, 1);
    return list[0] ? toEmSession(list[0]) : undefined;
  }

  async listEndedSessions(q: ListSessionsQuery): Promise<VeeamSession[]> {
    const limit = q.limit ?? 100;
    const skip = q.skip ?? 0;
    // EM pages by number; fetch the pages that cover skip..skip+limit and cut.
    const firstPage = Math.floor(skip / limit) + 1;
    const params = { type: 'BackupJobSession', format: 'Entities', filter: `EndTime>"${q.endedAfter.toISOString()}"`, sortDesc: 'EndTime', pageSize: limit };
    const rows: unknown[] = [];
    for (let page = firstPage; page <= firstPage + 1; page++) {
      const data = await this.call('GET', '/api/query', { params: { ...params, page } }, 'listing ended sessions');
      const items = findEntityArray(data, 'BackupJobSessions');
      rows.push(...items);
      if (skip % limit === 0 || items.length < limit) break;
    }
    const offset = skip - (firstPage - 1) * limit;
    return rows.slice(offset, offset + limit)
      .map((r) => toEmSession(EmSession.parse(r)))
      .filter((s) => s.endTime !== undefined && s.endTime.getTime() > q.endedAfter.getTime());
  }

  async listRepositories(): Promise<VeeamRepository[]> {
    return (await this.query('Repository', 'Repositories', EmRepository, 'listing repositories')).map(toEmRepository);
  }

  async close(): Promise<void> {
    await this.sessions.logoff();
  }
}
