/**
 * The Enterprise Manager REST API front-end (port 9398 on a real server): Basic logon to
 * /api/sessionMngr/, X-RestSvcSessionId on every call, PascalCase JSON, actions that answer 202 + Task.
 */
import crypto from 'node:crypto';
import { json, route, type Route, type SimRequest, type SimResponse } from './http-kit';
import { compileFilter, type Row } from './em-query';
import { SimActionError, type SimJob, type SimRepository, type SimSession, type SimState } from './sim-state';
import { formatUtc } from './time-format';

export const EM_VERSIONS = ['v1_5', 'v1_6', 'v1_7'];

interface Logon { sessionId: string; user: string; role: string; lastUsed: number }
interface EmTask { id: string; operation: string; createdAt: number; success: boolean; message: string }

export class EmAuth {
  /** header token → logon */
  readonly logons = new Map<string, Logon>();
  expire(): void {
    this.logons.clear();
  }
}

function emError(status: number, message: string): SimResponse {
  return json(status, { StatusCode: status, Message: message });
}

export function buildEmRoutes(state: SimState, auth: EmAuth, baseUrl: () => string): Route[] {
  const sc = state.scenario;
  const tasks = new Map<string, EmTask>();
  let taskSeq = 0;
  const b = () => baseUrl();

  const ref = (kind: string, id: string, name: string, href: string) => ({ UID: `urn:veeam:${kind}:${id}`, Name: name, Href: href, Type: `${kind}Reference` });

  const jobEntity = (j: SimJob) => ({
    UID: `urn:veeam:Job:${j.id}`, Name: j.name, Href: `${b()}/api/jobs/${j.id}?format=Entity`, Type: 'Job',
    Links: [
      { Rel: 'Start', Href: `${b()}/api/jobs/${j.id}?action=start`, Type: 'Task' },
      { Rel: 'Stop', Href: `${b()}/api/jobs/${j.id}?action=stop`, Type: 'Task' },
      { Rel: 'Retry', Href: `${b()}/api/jobs/${j.id}?action=retry`, Type: 'Task' },
      { Rel: 'Down', Href: `${b()}/api/jobs/${j.id}/backupSessions`, Type: 'BackupJobSessionReferenceList' },
    ],
    JobType: 'Backup',
    Platform: j.workload === 'vm' ? 'VMware' : 'Physical',
    Description: j.description,
    ScheduleConfigured: j.scheduleMinute !== undefined,
    ScheduleEnabled: j.scheduleMinute !== undefined && !j.disabled,
    ...(j.nextRun !== undefined ? { NextRun: formatUtc(j.nextRun) } : {}),
  });

  const sessionEntity = (s: SimSession) => ({
    UID: `urn:veeam:BackupJobSession:${s.id}`,
    Name: `${s.jobName}@${formatUtc(s.creationTime).slice(0, 19).replace('T', ' ')}`,
    Href: `${b()}/api/backupSessions/${s.id}?format=Entity`, Type: 'BackupJobSession',
    Links: [
      { Rel: 'Up', Href: `${b()}/api/jobs/${s.jobId}`, Name: s.jobName, Type: 'JobReference' },
      { Rel: 'Down', Href: `${b()}/api/backupSessions/${s.id}/taskSessions`, Type: 'BackupTaskSessionReferenceList' },
      { Rel: 'Stop', Href: `${b()}/api/backupSessions/${s.id}?action=stop`, Type: 'Task' },
    ],
    JobUid: `urn:veeam:Job:${s.jobId}`, JobName: s.jobName, JobType: 'Backup',
    CreationTimeUTC: formatUtc(s.creationTime),
    ...(s.endTime !== undefined ? { EndTimeUTC: formatUtc(s.endTime) } : {}),
    State: s.state, Result: s.result, Progress: state.progressOf(s), IsRetry: s.isRetry,
  });

  const repoEntity = (r: SimRepository) => ({
    UID: `urn:veeam:Repository:${r.id}`, Name: r.name, Href: `${b()}/api/repositories/${r.id}?format=Entity`, Type: 'Repository',
    Links: [],
    Capacity: Math.round(r.capacityGB * 1024 ** 3),
    FreeSpace: Math.round((r.capacityGB - r.usedGB) * 1024 ** 3),
    Kind: r.type === 'WinLocal' ? 'WindowsLocal' : r.type === 'Smb' ? 'CifsShare' : 'LinuxLocal',
  });

  const sessionRow = (s: SimSession): Row => ({
    JobUid: `urn:veeam:Job:${s.jobId}`, JobName: s.jobName, Name: s.jobName, State: s.state, Result: s.result,
    CreationTime: s.creationTime, EndTime: s.endTime, IsRetry: String(s.isRetry),
  });

  const taskEntity = (t: EmTask) => {
    const finished = Date.now() - t.createdAt >= 150; // EM collects the VBR answer a moment later
    return {
      TaskId: t.id, Href: `${b()}/api/tasks/${t.id}`, Type: 'Task',
      Links: [{ Rel: 'Delete', Href: `${b()}/api/tasks/${t.id}`, Type: 'Task' }],
      State: finished ? 'Finished' : 'Running',
      Operation: t.operation,
      ...(finished ? { Result: { Success: t.success, Message: t.message } } : {}),
    };
  };

  const authed = (fn: (req: SimRequest, logon: Logon) => SimResponse) => (req: SimRequest): SimResponse => {
    const header = req.headers['x-restsvcsessionid'];
    const cookie = /(?:^|;\s*)X-RestSvcSessionId=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
    const token = cookie ?? (Array.isArray(header) ? header[0] : header);
    const logon = token ? auth.logons.get(token) : undefined;
    if (!logon || Date.now() - logon.lastUsed > sc.emIdleTimeoutSec * 1000) {
      if (token) auth.logons.delete(token);
      return emError(401, 'Authentication required. The session is missing or has expired.');
    }
    logon.lastUsed = Date.now();
    state.settle();
    return fn(req, logon);
  };

  const entities = (req: SimRequest, kind: string, plural: string, items: unknown[]): SimResponse => {
    const q = req.query;
    const pageSize = Math.min(Number(q.get('pageSize') ?? 100) || 100, sc.maxPageSize);
    const pageNum = Math.max(1, Number(q.get('page') ?? 1) || 1);
    const pagesCount = Math.max(1, Math.ceil(items.length / pageSize));
    const slice = items.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    const entityFormat = (q.get('format') ?? '').toLowerCase() === 'entities';
    return json(200, {
      Links: [],
      ...(entityFormat
        ? { Entities: { [plural]: { [plural]: slice } } }
        : { Refs: { Refs: (slice as { UID: string; Name: string; Href: string }[]).map((e) => ({ UID: e.UID, Name: e.Name, Href: e.Href, Type: `${kind}Reference` })) } }),
      PagingInfo: {
        PageNum: pageNum, PageSize: pageSize, PagesCount: pagesCount,
        Links: pageNum < pagesCount ? [{ Rel: 'Next', Href: `${b()}/api/query?type=${kind}&page=${pageNum + 1}&pageSize=${pageSize}` }] : [],
      },
    });
  };

  return [
    route('GET', /^\/api\/?$/, () => json(200, {
      Links: [{ Rel: 'Create', Href: `${b()}/api/sessionMngr/?v=latest`, Type: 'LogonSession' }],
      SupportedVersions: EM_VERSIONS.map((v) => ({ Name: v, Links: [{ Rel: 'Create', Href: `${b()}/api/sessionMngr/?v=${v}`, Type: 'LogonSession' }] })),
    })),
    route('POST', /^\/api\/sessionMngr\/?$/, (req) => {
      const v = req.query.get('v') ?? 'latest';
      if (v !== 'latest' && !EM_VERSIONS.includes(v)) return emError(400, `Version ${v} is not supported. Supported versions: ${EM_VERSIONS.join(', ')}`);
      const m = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
      const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
      const sep = decoded.indexOf(':');
      const name = decoded.slice(0, sep);
      const password = decoded.slice(sep + 1);
      const user = sc.users.find((u) => u.name.toLowerCase() === name.toLowerCase() && u.password === password);
      if (sep < 0 || !user) return { ...emError(401, 'Authentication failed.'), headers: { 'WWW-Authenticate': 'Basic Realm=RestSvc' } };
      const sessionId = crypto.randomUUID();
      const token = Buffer.from(crypto.randomBytes(24)).toString('base64');
      auth.logons.set(token, { sessionId, user: user.name, role: user.role, lastUsed: Date.now() });
      state.counters.emLogons++;
      state.issuedSecrets.push(token);
      return json(201, {
        UserName: user.name, SessionId: sessionId, Href: `${b()}/api/logonSessions/${sessionId}`, Type: 'LogonSession',
        Links: [{ Rel: 'Delete', Href: `${b()}/api/logonSessions/${sessionId}`, Type: 'LogonSession' }],
      }, { 'X-RestSvcSessionId': token, 'Set-Cookie': `X-RestSvcSessionId=${token}; Path=/api` });
    }),
    route('DELETE', /^\/api\/logonSessions\/([^/]+)$/, authed((req, logon) => {
      if (logon.sessionId !== req.params[0]) return emError(404, 'Logon session not found.');
      for (const [k, l] of auth.logons) if (l.sessionId === logon.sessionId) auth.logons.delete(k);
      state.counters.emLogoffs++;
      return json(204);
    })),
    route('GET', /^\/api\/logonSessions\/([^/]+)$/, authed((req, logon) =>
      logon.sessionId === req.params[0] ? json(200, { UserName: logon.user, SessionId: logon.sessionId, Type: 'LogonSession', Links: [] }) : emError(404, 'Logon session not found.'))),
    route('GET', /^\/api\/backupServers\/?$/, authed(() => json(200, {
      BackupServers: [{
        UID: 'urn:veeam:BackupServer:6a5d4e42-3b1c-4f5e-9d8a-1b2c3d4e5f60', Name: sc.serverName, Href: `${b()}/api/backupServers/6a5d4e42-3b1c-4f5e-9d8a-1b2c3d4e5f60`,
        Type: 'BackupServer', Links: [], Description: 'Simulated backup server', Port: 9392, Version: sc.buildVersion ?? '12.3.1.1139', WcfPort: 9405,
      }],
    }))),
    route('GET', /^\/api\/query$/, authed((req) => {
      const type = (req.query.get('type') ?? '').toLowerCase();
      let filter: (row: Row) => boolean;
      try {
        filter = compileFilter(req.query.get('filter'));
      } catch (e) {
        return emError(400, (e as Error).message);
      }
      const sortDesc = req.query.get('sortDesc');
      const sortAsc = req.query.get('sortAsc');
      if (type === 'job') {
        const jobs = state.jobs.filter((j) => filter({ Name: j.name, Uid: `urn:veeam:Job:${j.id}` }));
        return entities(req, 'Job', 'Jobs', jobs.map(jobEntity));
      }
      if (type === 'backupjobsession') {
        let list = state.sessionOrder.filter((s) => filter(sessionRow(s)));
        const field = (sortDesc ?? sortAsc ?? 'CreationTime').toLowerCase();
        const key = (s: SimSession) => (field === 'endtime' ? s.endTime ?? Number.MAX_SAFE_INTEGER : s.creationTime);
        list = [...list].sort((x, y) => (key(x) - key(y)) * (sortAsc ? 1 : -1));
        return entities(req, 'BackupJobSession', 'BackupJobSessions', list.map(sessionEntity));
      }
      if (type === 'repository') return entities(req, 'Repository', 'Repositories', state.repositories.map(repoEntity));
      return emError(400, `Query type ${req.query.get('type') ?? ''} is not supported.`);
    })),
    route('GET', /^\/api\/jobs\/?$/, authed((req) => {
      const full = (req.query.get('format') ?? '').toLowerCase() === 'entity';
      return json(200, full ? { Jobs: state.jobs.map(jobEntity) } : { Refs: state.jobs.map((j) => ref('Job', j.id, j.name, `${b()}/api/jobs/${j.id}`)) });
    })),
    route('GET', /^\/api\/jobs\/([^/]+)$/, authed((req) => {
      const j = state.jobsById.get(req.params[0].toLowerCase());
      return j ? json(200, jobEntity(j)) : emError(404, `Job ${req.params[0]} was not found.`);
    })),
    route('POST', /^\/api\/jobs\/([^/]+)$/, authed((req, logon) => {
      const actionName = (req.query.get('action') ?? '').toLowerCase();
      if (!['start', 'stop', 'retry'].includes(actionName)) return emError(400, `Action ${actionName} is not supported.`);
      if (logon.role === 'viewer') return emError(403, 'Access denied. Restore Operators cannot start or stop jobs.');
      const j = state.jobsById.get(req.params[0].toLowerCase());
      if (!j) return emError(404, `Job ${req.params[0]} was not found.`);
      const task: EmTask = { id: `task-${++taskSeq}`, operation: `${actionName[0].toUpperCase()}${actionName.slice(1)}Job`, createdAt: Date.now(), success: true, message: '' };
      try {
        if (actionName === 'start') state.startJob(j.id, logon.user);
        else if (actionName === 'stop') state.stopJob(j.id);
        else state.retryJob(j.id, logon.user);
      } catch (e) {
        if (!(e instanceof SimActionError)) throw e;
        task.success = false;
        task.message = e.message;
      }
      tasks.set(task.id, task);
      return { ...json(202, taskEntity(task)), acted: true };
    })),
    route('GET', /^\/api\/tasks\/([^/]+)$/, authed((req) => {
      const t = tasks.get(req.params[0]);
      return t ? json(200, taskEntity(t)) : emError(404, `Task ${req.params[0]} was not found.`);
    })),
    route('GET', /^\/api\/backupSessions\/([^/]+)$/, authed((req) => {
      const s = state.sessions.get(req.params[0].toLowerCase());
      return s ? json(200, sessionEntity(s)) : emError(404, `Backup session ${req.params[0]} was not found.`);
    })),
    route('GET', /^\/api\/backupSessions\/([^/]+)\/taskSessions$/, authed((req) => {
      const s = state.sessions.get(req.params[0].toLowerCase());
      if (!s) return emError(404, `Backup session ${req.params[0]} was not found.`);
      return json(200, {
        BackupTaskSessions: s.tasks.map((t) => ({
          UID: `urn:veeam:BackupTaskSession:${t.id}`, Name: t.name, Href: `${b()}/api/backupTaskSessions/${t.id}`, Type: 'BackupTaskSession', Links: [],
          JobSessionUid: `urn:veeam:BackupJobSession:${s.id}`, VmDisplayName: t.name,
          CreationTimeUTC: formatUtc(s.creationTime), ...(s.endTime !== undefined ? { EndTimeUTC: formatUtc(s.endTime) } : {}),
          State: s.state, Result: t.result, Reason: t.message ?? '', TotalSize: t.processedBytes,
        })),
      });
    })),
    route('GET', /^\/api\/repositories\/?$/, authed(() => json(200, { Repositories: state.repositories.map(repoEntity) }))),
  ];
}
