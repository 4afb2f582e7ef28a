/**
 * VeeamClient over the VBR REST API v1 (default port 9419): OAuth2 tokens, x-api-version on every call,
 * one retry after a 401, paging, and job actions that are never sent twice.
 */
import axios, { type AxiosInstance, type AxiosRequestConfig } from 'axios';
import type { z } from 'zod';
import type { Logger } from '../logger';
import { compareRevisions, probeVbrRevision, revisionForBuild, SUPPORTED_VBR_REVISIONS } from './detect-vbr-revision';
import { VeeamApiError, VeeamError, VeeamNotSupportedError, VeeamOutcomeUnknownError } from './errors';
import { createTransport } from './http-transport';
import { errorCodeOf, mapVeeamError, neverReachedServer } from './map-veeam-error';
import { matchJobName } from './match-job-name';
import { formatVeeamTime } from './parse-veeam-time';
import type { ResolvedOptions } from './veeam-client-options';
import type {
  JobMatch, ListSessionsQuery, VeeamClient, VeeamJob, VeeamRepository, VeeamServerInfo, VeeamSession, VeeamSessionDetails,
} from './veeam-client';
import {
  JobState, LogResult, pageOf, RepositoryState, ServerInfo, Session, TaskSession, toJob, toProblems, toRepository, toSession, toTask,
} from './vbr-models';
import { VbrTokenManager } from './vbr-token-manager';

type Action = 'start' | 'stop' | 'retry';

export class VbrRestClient implements VeeamClient {
  readonly flavor = 'vbr' as const;
  private readonly http: AxiosInstance;
  private readonly tokens: VbrTokenManager;
  private readonly logger: Logger;
  private revision?: string;
  private revisionPending?: Promise<string>;

  constructor(private readonly o: ResolvedOptions, http?: AxiosInstance) {
    this.logger = o.logger;
    this.http = http ?? createTransport({ ...o, baseUrl: o.baseUrl, tls: o.tls });
    this.tokens = new VbrTokenManager(this.http, o, () => this.revision ?? '1.1-rev0', this.logger, o.baseUrl);
    if (o.apiVersion !== 'auto') {
      if (!(SUPPORTED_VBR_REVISIONS as readonly string[]).includes(o.apiVersion)) {
        throw new VeeamNotSupportedError(`VEEAM_API_VERSION=${o.apiVersion} is not a VBR REST revision this bot speaks (${SUPPORTED_VBR_REVISIONS.join(', ')}).`);
      }
      this.revision = o.apiVersion;
    }
  }

  /** The x-api-version in use, detecting it on first use when configured as auto. */
  apiRevision(): Promise<string> {
    if (this.revision) return Promise.resolve(this.revision);
    this.revisionPending ??= this.detectRevision().finally(() => {
      this.revisionPending = undefined;
    });
    return this.revisionPending;
  }

  private async detectRevision(): Promise<string> {
    const probed = await probeVbrRevision(this.http, this.o.baseUrl);
    if (probed) {
      this.revision = probed;
    } else {
      // Swagger not served: log in with the oldest revision and read the build number.
      this.revision = '1.1-rev0';
      const info = ServerInfo.parse(await this.call('GET', '/api/v1/serverInfo', {}, 'reading server info'));
      this.revision = revisionForBuild(info.buildVersion ?? undefined) ?? '1.1-rev0';
    }
    this.logger.info({ revision: this.revision }, 'VBR REST API revision selected');
    return this.revision;
  }

  private async call(method: 'GET' | 'POST', url: string, config: AxiosRequestConfig, what: string, action?: Action): Promise<unknown> {
    const rev = await this.apiRevision();
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.token();
      const started = Date.now();
      try {
        const res = await this.http.request({
          ...config,
          method,
          url,
          headers: { ...config.headers, 'x-api-version': rev, Authorization: `Bearer ${token}` },
          ...(action ? { 'axios-retry': { retries: 0 } } : {}),
        });
        this.logger.debug({ method, path: url, status: res.status, ms: Date.now() - started }, 'Veeam request');
        return res.data;
      } catch (e) {
        // A 401 proves the request was refused before anything happened, so even an action may be resent once.
        if (axios.isAxiosError(e) && e.response?.status === 401 && attempt === 1) {
          this.logger.info({ path: url }, 'Veeam token refused; renewing and retrying once');
          this.tokens.invalidate(token);
          continue;
        }
        if (action && axios.isAxiosError(e) && !e.response && !neverReachedServer(errorCodeOf(e))) {
          this.logger.warn({ path: url, code: errorCodeOf(e) }, 'Veeam job action: answer lost; not resending');
          throw new VeeamOutcomeUnknownError(
            `The request to ${action} the job reached Veeam but no answer came back, so it was not sent again. Check the job in Veeam before retrying. / ` +
              `ジョブの${action === 'start' ? '開始' : action === 'stop' ? '停止' : '再試行'}要求の応答が失われました。二重実行を防ぐため再送していません。Veeamでジョブの状態を確認してください。`,
          );
        }
        throw mapVeeamError(e, what, this.o.baseUrl);
      }
    }
  }

  private async get<T extends z.ZodTypeAny>(url: string, schema: T, what: string, params?: Record<string, unknown>): Promise<z.infer<T>> {
    const data = await this.call('GET', url, { params }, what);
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new VeeamApiError(`Veeam's answer to ${what} had an unexpected shape.`);
    return parsed.data;
  }

  /** Every page of a skip/limit list. */
  private async all<T extends z.ZodTypeAny>(url: string, item: T, what: string, params: Record<string, unknown> = {}): Promise<z.infer<T>[]> {
    const out: z.infer<T>[] = [];
    const schema = pageOf(item);
    for (;;) {
      const p = await this.get(url, schema, what, { ...params, skip: out.length, limit: this.o.pageSize });
      out.push(...p.data);
      if (p.data.length === 0 || out.length >= p.pagination.total) return out;
    }
  }

  async serverInfo(): Promise<VeeamServerInfo> {
    const info = await this.get('/api/v1/serverInfo', ServerInfo, 'reading server info');
    return { name: info.name, build: info.buildVersion ?? undefined, flavor: 'vbr', apiVersion: await this.apiRevision(), userName: this.tokens.userName };
  }

  async listJobs(): Promise<VeeamJob[]> {
    const jobs = await this.all('/api/v1/jobs/states', JobState, 'listing jobs', { orderColumn: 'Name', orderAsc: true });
    return jobs.map(toJob);
  }

  async findJob(typedName: string): Promise<JobMatch> {
    return matchJobName(await this.listJobs(), typedName);
  }

  private async action(action: Action, jobId: string, body: unknown): Promise<VeeamSession> {
    const data = await this.call('POST', `/api/v1/jobs/${encodeURIComponent(jobId)}/${action}`, { data: body }, `${action === 'stop' ? 'stopping' : action === 'retry' ? 'retrying' : 'starting'} the job`, action);
    const parsed = Session.safeParse(data);
    if (!parsed.success) throw new VeeamApiError(`Veeam accepted the ${action} but its answer had an unexpected shape.`);
    this.logger.info({ jobId, sessionId: parsed.data.id, action }, 'Veeam job action accepted');
    return toSession(parsed.data);
  }

  startJob(jobId: string): Promise<VeeamSession> {
    return this.action('start', jobId, { performActiveFull: false });
  }

  stopJob(jobId: string): Promise<VeeamSession> {
    return this.action('stop', jobId, { gracefulStop: false });
  }

  async retryJob(jobId: string): Promise<VeeamSession> {
    const rev = await this.apiRevision();
    if (compareRevisions(rev, '1.3-rev0') < 0) {
      throw new VeeamNotSupportedError(
        `Retrying a job is not supported by this Veeam version (VBR REST API ${rev}; retry needs VBR 13, API 1.3). Start the job again instead. / ` +
          'このVeeamバージョンではジョブの再試行はサポートされていません（VBR 13以降が必要）。ジョブを再度開始してください。',
      );
    }
    return this.action('retry', jobId, { startChainedJobs: false });
  }

  async getSession(sessionId: string): Promise<VeeamSession> {
    return toSession(await this.get(`/api/v1/sessions/${encodeURIComponent(sessionId)}`, Session, 'reading the session'));
  }

  async getSessionDetails(sessionId: string): Promise<VeeamSessionDetails> {
    const id = encodeURIComponent(sessionId);
    const [session, tasks, log] = await Promise.all([
      this.getSession(sessionId),
      this.all(`/api/v1/sessions/${id}/taskSessions`, TaskSession, 'reading the session tasks'),
      this.get(`/api/v1/sessions/${id}/logs`, LogResult, 'reading the session log'),
    ]);
    const mapped = tasks.map(toTask);
    const sum = (k: 'processedSizeBytes' | 'transferredSizeBytes') =>
      mapped.some((t) => t[k] !== undefined) ? mapped.reduce((a, t) => a + (t[k] ?? 0), 0) : undefined;
    return { ...session, tasks: mapped, problems: toProblems(log), processedSizeBytes: sum('processedSizeBytes'), transferredSizeBytes: sum('transferredSizeBytes') };
  }

  async getLastSession(jobId: string): Promise<VeeamSession | undefined> {
    const p = await this.get('/api/v1/sessions', pageOf(Session), 'reading the last session', {
      jobIdFilter: jobId, orderColumn: 'CreationTime', orderAsc: false, limit: 1,
    });
    return p.data[0] ? toSession(p.data[0]) : undefined;
  }

  async listEndedSessions(q: ListSessionsQuery): Promise<VeeamSession[]> {
    const p = await this.get('/api/v1/sessions', pageOf(Session), 'listing ended sessions', {
      endedAfterFilter: formatVeeamTime(q.endedAfter), orderColumn: 'EndTime', orderAsc: false, skip: q.skip ?? 0, limit: q.limit ?? 100,
    });
    return p.data.map(toSession).filter((s) => s.endTime !== undefined && s.endTime.getTime() > q.endedAfter.getTime());
  }

  async listRepositories(): Promise<VeeamRepository[]> {
    return (await this.all('/api/v1/backupInfrastructure/repositories/states', RepositoryState, 'listing repositories')).map(toRepository);
  }

  async close(): Promise<void> {
    await this.tokens.logout();
  }
}

export function isVeeamError(e: unknown): e is VeeamError {
  return e instanceof VeeamError;
}
