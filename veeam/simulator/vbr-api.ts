/**
 * The VBR REST API v1 front-end (port 9419 on a real server): OAuth2 password/refresh grants,
 * x-api-version on every call, and the documented shapes of the revision the client asked for.
 */
import crypto from 'node:crypto';
import { compareRev, json, page, route, type Route, type SimRequest, type SimResponse } from './http-kit';
import { SimActionError, type SimJob, type SimRepository, type SimSession, type SimState } from './sim-state';
import { formatLocal } from './time-format';

const COLLATOR = new Intl.Collator();

export const VBR_REVISIONS = ['1.0-rev1', '1.0-rev2', '1.1-rev0', '1.1-rev1', '1.1-rev2', '1.2-rev0', '1.2-rev1', '1.3-rev0', '1.3-rev1'] as const;

const BUILDS: Record<string, string> = {
  '1.1-rev0': '12.0.0.1420', '1.1-rev1': '12.1.0.2131', '1.1-rev2': '12.2.0.334',
  '1.2-rev0': '12.3.0.310', '1.2-rev1': '12.3.1.1139', '1.3-rev0': '13.0.0.4967', '1.3-rev1': '13.0.1.180',
};

interface Grant { user: string; role: string; expiresAt: number }

export class VbrAuth {
  readonly access = new Map<string, Grant>();
  readonly refresh = new Map<string, Grant>();

  issue(user: string, role: string, lifetimeSec: number) {
    const access = crypto.randomBytes(24).toString('base64url');
    const refresh = crypto.randomBytes(24).toString('base64url');
    const now = Date.now();
    this.access.set(access, { user, role, expiresAt: now + lifetimeSec * 1000 });
    this.refresh.set(refresh, { user, role, expiresAt: now + 14 * 86400_000 });
    return { access, refresh, issued: now, expires: now + lifetimeSec * 1000 };
  }

  check(header: string | undefined): Grant | 'expired' | undefined {
    const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
    if (!m) return undefined;
    const g = this.access.get(m[1]);
    if (!g) return 'expired';
    if (g.expiresAt <= Date.now()) {
      this.access.delete(m[1]);
      return 'expired';
    }
    return g;
  }

  expire(all: boolean): void {
    this.access.clear();
    if (all) this.refresh.clear();
  }
}

function vbrError(status: number, errorCode: string, message: string, resourceId?: string): SimResponse {
  return json(status, resourceId ? { errorCode, message, resourceId } : { errorCode, message });
}

/** Enum casing changed in 1.3-rev1 (Running, Vm …); older revisions are lower case. */
function cased(value: string, rev: string): string {
  return compareRev(rev, '1.3-rev1') >= 0 ? value.charAt(0).toUpperCase() + value.slice(1) : value;
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(value);
}

export function buildVbrRoutes(state: SimState, auth: VbrAuth): Route[] {
  const sc = state.scenario;
  const t = (ms: number) => formatLocal(ms, sc.utcOffsetMinutes);
  const is13 = (rev: string) => compareRev(rev, '1.3-rev0') >= 0;

  const jobType = (job: SimJob, rev: string) =>
    !is13(rev) ? 'Backup' : job.workload === 'vm' ? 'VSphereBackup' : job.workload === 'server' ? 'WindowsAgentBackup' : 'FileBackup';

  const progressModel = (s: SimSession, rev: string, processed: number, read: number, transferred: number) => {
    const now = state.clock.now();
    const secs = Math.floor(((s.endTime ?? now) - s.creationTime) / 1000);
    const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
    const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
    const ss = String(secs % 60).padStart(2, '0');
    const model: Record<string, unknown> = {
      duration: `${hh}:${mm}:${ss}`,
      processingRate: secs > 0 ? `${(read / secs / 1024 / 1024).toFixed(1)} MB/s` : null,
      bottleneck: s.finalized ? 'Source' : 'NotDefined',
      processedSize: processed,
      readSize: read,
      transferredSize: transferred,
    };
    if (is13(rev)) model.progressPercent = state.progressOf(s);
    return model;
  };

  const jobState = (job: SimJob, rev: string) => {
    const last = job.lastSessionId ? state.sessions.get(job.lastSessionId) : undefined;
    const running = !!last && !last.finalized;
    let status = job.disabled ? 'disabled' : 'inactive';
    if (running && last) {
      if (is13(rev)) status = last.state === 'Stopping' ? 'stopping' : last.state === 'Starting' ? 'starting' : 'running';
      else status = 'running';
    }
    const repo = state.repositories.find((r) => r.id === job.repositoryId);
    const m: Record<string, unknown> = {
      id: job.id,
      name: job.name,
      type: jobType(job, rev),
      description: job.description,
      status: cased(status, rev),
      lastResult: job.lastResult,
      workload: cased(job.workload, rev),
      objectsCount: job.objects.length,
    };
    if (job.lastRun !== undefined) m.lastRun = t(job.lastRun);
    if (job.nextRun !== undefined) m.nextRun = t(job.nextRun);
    if (repo) {
      m.repositoryId = repo.id;
      m.repositoryName = repo.name;
    }
    if (last) m.sessionId = last.id;
    if (is13(rev)) {
      m.highPriority = false;
      m.progressPercent = running && last ? state.progressOf(last) : 0;
      if (job.nextRun === undefined) m.nextRunPolicy = job.disabled ? 'Disabled' : 'Not scheduled';
      if (running && last) m.sessionProgress = progressModel(last, rev, 0, 0, 0);
    }
    return m;
  };

  const sessionModel = (s: SimSession, _rev: string) => {
    const m: Record<string, unknown> = {
      id: s.id,
      name: s.jobName,
      jobId: s.jobId,
      sessionType: 'BackupJob',
      creationTime: t(s.creationTime),
      state: s.state,
      progressPercent: state.progressOf(s),
      result: { result: s.result, message: s.message, isCanceled: s.isCanceled },
      usn: s.usn,
      platformName: 'VMware',
    };
    if (s.endTime !== undefined) m.endTime = t(s.endTime);
    return m;
  };

  const taskModel = (s: SimSession, task: SimSession['tasks'][number], rev: string) => ({
    id: task.id,
    type: 'Backup',
    sessionId: s.id,
    sessionType: 'BackupJob',
    creationTime: t(s.creationTime),
    ...(s.endTime !== undefined ? { endTime: t(s.endTime) } : {}),
    name: task.name,
    state: s.state,
    result: { result: task.result, ...(task.message ? { message: task.message } : {}), isCanceled: s.isCanceled },
    usn: s.usn,
    algorithm: 'Increment',
    repositoryId: state.jobsById.get(s.jobId)?.repositoryId,
    progress: progressModel(s, rev, task.processedBytes, task.readBytes, task.transferredBytes),
  });

  const repoModel = (r: SimRepository, rev: string) => {
    const m: Record<string, unknown> = {
      id: r.id,
      name: r.name,
      type: r.type,
      description: `Simulated ${r.type} repository`,
      hostId: r.hostId,
      hostName: r.hostName,
      path: r.path,
      capacityGB: r.capacityGB,
      freeGB: Math.round((r.capacityGB - r.usedGB) * 10) / 10,
      usedSpaceGB: r.usedGB,
      isOnline: r.online,
    };
    if (is13(rev)) m.isOutOfDate = false;
    return m;
  };

  /** Wraps a handler with x-api-version and bearer-token checks. */
  const api = (needsToken: boolean, fn: (req: SimRequest, rev: string, grant?: Grant) => SimResponse) => (req: SimRequest): SimResponse => {
    const rev = String(req.headers['x-api-version'] ?? '');
    if (!rev) return vbrError(400, 'UnexpectedContent', 'The x-api-version header is required.');
    if (!(VBR_REVISIONS as readonly string[]).includes(rev) || compareRev(rev, sc.vbrRevision) > 0) {
      return vbrError(400, 'UnexpectedContent', `API version ${rev} is not supported by this server.`);
    }
    if (!needsToken) return fn(req, rev);
    const g = auth.check(req.headers.authorization);
    if (g === undefined) return vbrError(401, 'InvalidToken', 'The authorization header has been expected but not found.');
    if (g === 'expired') return vbrError(401, 'ExpiredToken', 'The access token has expired.');
    state.settle();
    return fn(req, rev, g);
  };

  const action = (kind: 'start' | 'stop' | 'retry') =>
    api(true, (req, rev, g) => {
      if (kind === 'retry' && !is13(rev)) return vbrError(404, 'NotFound', 'The requested resource was not found.');
      if (g && g.role === 'viewer') return vbrError(403, 'AccessDenied', 'Access is denied. The user does not have permission to run this operation.');
      if (!state.jobsById.get(req.params[0].toLowerCase())) return vbrError(404, 'NotFound', `Job ${req.params[0]} was not found.`, req.params[0]);
      if (kind !== 'retry') {
        let body: Record<string, unknown>;
        try {
          body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
        } catch {
          return vbrError(400, 'UnexpectedContent', 'The request body is not valid JSON.');
        }
        const field = kind === 'start' ? 'performActiveFull' : 'gracefulStop';
        if (typeof body[field] !== 'boolean') return vbrError(400, 'UnexpectedContent', `The ${field} field is required.`);
      }
      try {
        const s =
          kind === 'start' ? state.startJob(req.params[0], g?.user ?? '') : kind === 'stop' ? state.stopJob(req.params[0]) : state.retryJob(req.params[0], g?.user ?? '');
        return { ...json(201, sessionModel(s, rev)), acted: true };
      } catch (e) {
        if (e instanceof SimActionError) return vbrError(e.status, e.status === 404 ? 'NotFound' : 'UnknownError', e.message, req.params[0]);
        throw e;
      }
    });

  return [
    route('GET', /^\/swagger\/v([^/]+)\/swagger\.json$/, (req) => {
      const rev = req.params[0];
      if (!(VBR_REVISIONS as readonly string[]).includes(rev) || compareRev(rev, sc.vbrRevision) > 0) return json(404);
      return json(200, { openapi: '3.0.1', info: { title: 'Veeam Backup & Replication REST API (simulated)', version: rev }, paths: {} });
    }),
    route('GET', /^\/api\/v1\/serverTime$/, api(false, () => {
      const now = state.clock.now();
      return json(200, { serverTime: t(now), timeZone: `UTC${sc.utcOffsetMinutes >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(sc.utcOffsetMinutes) / 60)).padStart(2, '0')}:00` });
    }), '/api/v1/serverTime'),
    route('POST', /^\/api\/oauth2\/token$/, api(false, (req) => {
      const form = new URLSearchParams(req.body);
      const grant = (form.get('grant_type') ?? '').toLowerCase();
      const lifetime = sc.tokenLifetimeSec;
      const answer = (user: string, role: string) => {
        const tk = auth.issue(user, role, lifetime);
        state.issuedSecrets.push(tk.access, tk.refresh);
        return json(200, {
          access_token: tk.access, token_type: 'bearer', refresh_token: tk.refresh, expires_in: lifetime,
          '.issued': t(tk.issued), '.expires': t(tk.expires),
        });
      };
      if (grant === 'password') {
        const u = sc.users.find((x) => x.name.toLowerCase() === (form.get('username') ?? '').toLowerCase() && x.password === form.get('password'));
        if (!u) return vbrError(401, 'AccessDenied', 'Invalid user name or password.');
        state.counters.tokenGrants++;
        return answer(u.name, u.role);
      }
      if (grant === 'refresh_token') {
        const rt = form.get('refresh_token') ?? '';
        const g = auth.refresh.get(rt);
        if (!g) return vbrError(401, 'InvalidToken', 'The refresh token is not valid.');
        auth.refresh.delete(rt); // a refresh token can be used only once
        state.counters.refreshGrants++;
        return answer(g.user, g.role);
      }
      return vbrError(400, 'UnexpectedContent', 'Unsupported grant_type.');
    }), '/api/oauth2/token'),
    route('POST', /^\/api\/oauth2\/logout$/, api(true, () => json(200, {})), '/api/oauth2/logout'),
    route('GET', /^\/api\/v1\/serverInfo$/, api(true, (_req, rev) => {
      const m: Record<string, unknown> = {
        vbrId: state.jobs[0]?.repositoryId ?? '00000000-0000-0000-0000-000000000000',
        name: sc.serverName,
        buildVersion: sc.buildVersion ?? BUILDS[sc.vbrRevision] ?? '12.3.1.1139',
        patches: [],
        databaseVendor: 'PostgreSQL',
        sqlServerEdition: '',
        sqlServerVersion: '15.4',
        databaseSchemaVersion: '100',
        databaseContentVersion: '200',
      };
      if (is13(rev)) {
        m.veeamRegistration = { isRegistered: false };
        m.platform = 'Windows';
      }
      return json(200, m);
    }), '/api/v1/serverInfo'),
    route('GET', /^\/api\/v1\/jobs\/states$/, api(true, (req, rev) => {
      const q = req.query;
      let jobs = state.jobs;
      const name = q.get('nameFilter');
      if (name) jobs = jobs.filter((j) => globMatch(name, j.name));
      const id = q.get('idFilter');
      if (id) jobs = jobs.filter((j) => j.id === id.toLowerCase());
      const status = q.get('statusFilter');
      const col0 = (q.get('orderColumn') ?? 'Name').toLowerCase();
      if (!status && col0 === 'name') {
        // The common case (the bot lists every job by name): sort by name and build models for this page only.
        const asc0 = (q.get('orderAsc') ?? 'true').toLowerCase() !== 'false';
        const sortedJobs = [...jobs].sort((a, b) => COLLATOR.compare(a.name, b.name) * (asc0 ? 1 : -1));
        const p0 = page(sortedJobs, q, sc.maxPageSize);
        return json(200, { data: p0.data.map((j) => jobState(j, rev)), pagination: p0.pagination });
      }
      let models = jobs.map((j) => jobState(j, rev));
      if (status) models = models.filter((m) => String(m.status).toLowerCase() === status.toLowerCase());
      const col = (q.get('orderColumn') ?? 'Name').toLowerCase();
      const asc = (q.get('orderAsc') ?? 'true').toLowerCase() !== 'false';
      const key = col === 'lastrun' ? 'lastRun' : col === 'nextrun' ? 'nextRun' : col === 'status' ? 'status' : col === 'lastresult' ? 'lastResult' : 'name';
      // One collator for the whole sort: String.localeCompare builds one per call, which made a page of a
      // 5,000-job list cost the simulator ~60 ms of CPU (it sorts the full list for every page).
      models = [...models].sort((a, b) => COLLATOR.compare(String(a[key] ?? ''), String(b[key] ?? '')) * (asc ? 1 : -1));
      return json(200, page(models, q, sc.maxPageSize));
    }), '/api/v1/jobs/states'),
    route('POST', /^\/api\/v1\/jobs\/([^/]+)\/start$/, action('start'), '/api/v1/jobs/{id}/start'),
    route('POST', /^\/api\/v1\/jobs\/([^/]+)\/stop$/, action('stop'), '/api/v1/jobs/{id}/stop'),
    route('POST', /^\/api\/v1\/jobs\/([^/]+)\/retry$/, action('retry'), '/api/v1/jobs/{id}/retry'),
    route('GET', /^\/api\/v1\/sessions$/, api(true, (req, rev) => {
      const q = req.query;
      let list = state.sessionOrder;
      const jobId = q.get('jobIdFilter');
      if (jobId) list = list.filter((s) => s.jobId === jobId.toLowerCase());
      const endedAfter = q.get('endedAfterFilter');
      if (endedAfter) {
        const ms = Date.parse(endedAfter);
        list = list.filter((s) => s.endTime !== undefined && s.endTime > ms);
      }
      const createdAfter = q.get('createdAfterFilter');
      if (createdAfter) {
        const ms = Date.parse(createdAfter);
        list = list.filter((s) => s.creationTime > ms);
      }
      const st = q.get('stateFilter');
      if (st) list = list.filter((s) => s.state.toLowerCase() === st.toLowerCase());
      const res = q.get('resultFilter');
      if (res) list = list.filter((s) => s.result.toLowerCase() === res.toLowerCase());
      const col = (q.get('orderColumn') ?? 'CreationTime').toLowerCase();
      const asc = (q.get('orderAsc') ?? 'false').toLowerCase() === 'true';
      const key = (s: SimSession) => (col === 'endtime' ? s.endTime ?? Number.MAX_SAFE_INTEGER : s.creationTime);
      const sorted = [...list].sort((a, b) => (key(a) - key(b)) * (asc ? 1 : -1));
      const p = page(sorted, q, sc.maxPageSize);
      return json(200, { data: p.data.map((s) => sessionModel(s, rev)), pagination: p.pagination });
    }), '/api/v1/sessions'),
    route('GET', /^\/api\/v1\/sessions\/([^/]+)$/, api(true, (req, rev) => {
      const s = state.sessions.get(req.params[0].toLowerCase());
      return s ? json(200, sessionModel(s, rev)) : vbrError(404, 'NotFound', `Session ${req.params[0]} was not found.`, req.params[0]);
    }), '/api/v1/sessions/{id}'),
    route('GET', /^\/api\/v1\/sessions\/([^/]+)\/taskSessions$/, api(true, (req, rev) => {
      const s = state.sessions.get(req.params[0].toLowerCase());
      if (!s) return vbrError(404, 'NotFound', `Session ${req.params[0]} was not found.`, req.params[0]);
      const p = page(s.tasks.map((task) => taskModel(s, task, rev)), req.query, sc.maxPageSize);
      return json(200, p);
    }), '/api/v1/sessions/{id}/taskSessions'),
    route('GET', /^\/api\/v1\/sessions\/([^/]+)\/logs$/, api(true, (req) => {
      const s = state.sessions.get(req.params[0].toLowerCase());
      if (!s) return vbrError(404, 'NotFound', `Session ${req.params[0]} was not found.`, req.params[0]);
      return json(200, {
        totalRecords: s.logs.length,
        records: s.logs.map((l) => ({ id: l.id, status: l.status, startTime: t(l.time), updateTime: t(l.time), title: l.title, description: '' })),
      });
    }), '/api/v1/sessions/{id}/logs'),
    route('GET', /^\/api\/v1\/backupInfrastructure\/repositories\/states$/, api(true, (req, rev) => {
      const p = page(state.repositories, req.query, sc.maxPageSize);
      return json(200, { data: p.data.map((r) => repoModel(r, rev)), pagination: p.pagination });
    }), '/api/v1/backupInfrastructure/repositories/states'),
  ];
}
