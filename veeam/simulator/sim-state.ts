/**
 * The simulated Veeam installation: jobs, sessions, repositories, and how they move with the clock.
 * Both API front-ends (VBR REST and Enterprise Manager) read and change this one state, so a job
 * started through one is seen running through the other.
 */
import { createRng, type Rng } from './prng';
import { jobName } from './job-names';
import { SimClock } from './sim-clock';
import type { Scenario } from './scenario';

export type SimResult = 'None' | 'Success' | 'Warning' | 'Failed';
export type SimSessionState = 'Starting' | 'Working' | 'Stopping' | 'Stopped';
export type SimWorkload = 'vm' | 'server' | 'file';

export interface SimTask {
  id: string;
  name: string;
  result: SimResult;
  message?: string;
  processedBytes: number;
  readBytes: number;
  transferredBytes: number;
}

export interface SimLogRecord {
  id: number;
  status: 'None' | 'Succeeded' | 'Warning' | 'Failed';
  title: string;
  time: number;
}

export interface SimSession {
  id: string;
  jobId: string;
  jobName: string;
  creationTime: number;
  durationMs: number;
  endTime?: number;
  state: SimSessionState;
  result: SimResult;
  message: string;
  isCanceled: boolean;
  isRetry: boolean;
  hang: boolean;
  plannedResult: SimResult;
  stopRequestedAt?: number;
  usn: number;
  tasks: SimTask[];
  logs: SimLogRecord[];
  finalized: boolean;
  initiatedBy: string;
}

export interface SimJob {
  id: string;
  name: string;
  workload: SimWorkload;
  description: string;
  disabled: boolean;
  repositoryId: string;
  objects: string[];
  lastRun?: number;
  lastResult: SimResult;
  lastSessionId?: string;
  /** Minute of the (server-local) day the schedule runs; undefined = not scheduled. */
  scheduleMinute?: number;
  nextRun?: number;
}

export interface SimRepository {
  id: string;
  name: string;
  type: 'WinLocal' | 'LinuxHardened' | 'Smb' | 'LinuxLocal';
  hostId: string;
  hostName: string;
  path: string;
  capacityGB: number;
  usedGB: number;
  online: boolean;
}

export interface SimCounters {
  starts: Record<string, number>;
  stops: Record<string, number>;
  retries: Record<string, number>;
  tokenGrants: number;
  refreshGrants: number;
  emLogons: number;
  emLogoffs: number;
}

export class SimActionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export class SimState {
  readonly clock: SimClock;
  readonly jobs: SimJob[] = [];
  readonly jobsById = new Map<string, SimJob>();
  readonly sessions = new Map<string, SimSession>();
  /** Newest last; sessions are only ever appended. */
  readonly sessionOrder: SimSession[] = [];
  readonly repositories: SimRepository[] = [];
  readonly counters: SimCounters = { starts: {}, stops: {}, retries: {}, tokenGrants: 0, refreshGrants: 0, emLogons: 0, emLogoffs: 0 };
  /** Every token and logon session id handed out (tests check none of them reaches a log). */
  readonly issuedSecrets: string[] = [];
  /** Job ids (or names) whose next run hangs in Working. */
  readonly hangNext = new Set<string>();
  /** Job id (or name) → forced result of its next run. */
  readonly forceResult = new Map<string, SimResult>();
  private readonly rng: Rng;
  private usn = 1000;
  private active: SimSession[] = [];

  constructor(readonly scenario: Scenario) {
    this.rng = createRng(scenario.seed);
    // Whole seconds, so generated timestamps are exact in every format; the seed fixes everything else.
    const start = scenario.startTime ? Date.parse(scenario.startTime) : Date.now();
    this.clock = new SimClock(Math.floor(start / 1000) * 1000, scenario.clockSpeed);
    this.build();
  }

  private build(): void {
    const s = this.scenario;
    const repoNames = ['Default Backup Repository', 'REPO-HARDENED-01', 'NAS-SMB-01', 'DR-LINUX-01'];
    const repoTypes: SimRepository['type'][] = ['WinLocal', 'LinuxHardened', 'Smb', 'LinuxLocal'];
    for (let i = 0; i < s.repositories; i++) {
      const capacityGB = this.rng.pick([2048, 10240, 40960, 102400]);
      this.repositories.push({
        id: this.rng.uuid(),
        name: i < repoNames.length ? repoNames[i] : `REPO-${String(i + 1).padStart(2, '0')}`,
        type: repoTypes[i % repoTypes.length],
        hostId: this.rng.uuid(),
        hostName: `repo${String(i + 1).padStart(2, '0')}.contoso.local`,
        path: i % 2 === 0 ? 'D:\\Backup' : '/mnt/veeam/backups',
        capacityGB,
        usedGB: Math.round(capacityGB * (0.3 + this.rng.next() * 0.5) * 10) / 10,
        online: true,
      });
    }
    const now = this.clock.now();
    for (let i = 0; i < s.jobs; i++) {
      const name = jobName(i);
      const workload: SimWorkload = /Physical|Agent|SQL/.test(name) ? 'server' : /File|ファイル|NAS/.test(name) ? 'file' : 'vm';
      const objects = Array.from({ length: this.rng.int(1, 4) }, (_, k) => `${workload === 'file' ? 'share' : 'srv'}-${String(i + 1).padStart(4, '0')}-${k + 1}`);
      const job: SimJob = {
        id: this.rng.uuid(),
        name,
        workload,
        description: i % 3 === 0 ? '' : `Created by CONTOSO\\svc-veeam`,
        disabled: i > 8 && this.rng.next() < 0.03,
        repositoryId: this.repositories[i % this.repositories.length].id,
        objects,
        lastResult: 'None',
        scheduleMinute: this.rng.next() < 0.8 ? this.rng.int(0, 24 * 60 - 1) : undefined,
      };
      this.jobs.push(job);
      this.jobsById.set(job.id, job);
      for (let h = s.historyPerJob; h >= 1; h--) {
        const created = now - h * DAY + this.rng.int(0, 12 * 60) * MINUTE;
        const session = this.createSession(job, created, false, 'Scheduler');
        session.durationMs = Math.min(session.durationMs, now - created - MINUTE);
        this.finalize(session, created + session.durationMs);
      }
      job.nextRun = this.computeNextRun(job, now);
    }
    this.active = [];
  }

  /** The next time the job's daily schedule fires after `from`. */
  private computeNextRun(job: SimJob, from: number): number | undefined {
    if (job.scheduleMinute === undefined || job.disabled) return undefined;
    const offset = this.scenario.utcOffsetMinutes * MINUTE;
    const localMidnight = Math.floor((from + offset) / DAY) * DAY - offset;
    let t = localMidnight + job.scheduleMinute * MINUTE;
    while (t <= from) t += DAY;
    return t;
  }

  private plannedResult(job: SimJob): SimResult {
    const forced = this.forceResult.get(job.id) ?? this.forceResult.get(job.name);
    if (forced) {
      this.forceResult.delete(job.id);
      this.forceResult.delete(job.name);
      return forced;
    }
    const r = this.rng.next();
    if (r < this.scenario.failureRate) return 'Failed';
    if (r < this.scenario.failureRate + this.scenario.warningRate) return 'Warning';
    return 'Success';
  }

  private createSession(job: SimJob, at: number, isRetry: boolean, initiatedBy: string): SimSession {
    const { min, max } = this.scenario.jobDurationSec;
    const hang = this.hangNext.delete(job.id) || this.hangNext.delete(job.name);
    const session: SimSession = {
      id: this.rng.uuid(),
      jobId: job.id,
      jobName: job.name,
      creationTime: at,
      durationMs: Math.round((min + this.rng.next() * Math.max(0, max - min)) * 1000),
      state: 'Starting',
      result: 'None',
      message: '',
      isCanceled: false,
      isRetry,
      hang,
      plannedResult: this.plannedResult(job),
      usn: ++this.usn,
      tasks: [],
      logs: [{ id: 1, status: 'Succeeded', title: `Job ${job.name} started at ${new Date(at).toISOString()}`, time: at }],
      finalized: false,
      initiatedBy,
    };
    this.sessions.set(session.id, session);
    this.sessionOrder.push(session);
    this.active.push(session);
    job.lastSessionId = session.id;
    job.lastRun = at;
    return session;
  }

  /** Moves every running session along to the current simulated time; cheap enough to call per request. */
  settle(): number {
    const now = this.clock.now();
    if (this.scenario.scheduler) {
      for (const job of this.jobs) {
        if (job.nextRun !== undefined && job.nextRun <= now && !this.isRunning(job)) {
          this.createSession(job, job.nextRun, false, 'Scheduler');
          job.nextRun = this.computeNextRun(job, now);
        }
      }
    }
    const still: SimSession[] = [];
    for (const s of this.active) {
      this.advance(s, now);
      if (!s.finalized) still.push(s);
    }
    this.active = still;
    return now;
  }

  private advance(s: SimSession, now: number): void {
    if (s.finalized) return;
    if (s.stopRequestedAt !== undefined) {
      if (now - s.stopRequestedAt >= 2000) {
        s.plannedResult = 'Failed';
        s.isCanceled = true;
        this.finalize(s, s.stopRequestedAt + 2000);
      } else s.state = 'Stopping';
      return;
    }
    const elapsed = now - s.creationTime;
    if (!s.hang && elapsed >= s.durationMs) {
      this.finalize(s, s.creationTime + s.durationMs);
      return;
    }
    const starting = Math.min(5000, s.durationMs * 0.05);
    s.state = elapsed < starting ? 'Starting' : 'Working';
  }

  /** Percent done, rising while Working; a hung session stops at 47 %. */
  progressOf(s: SimSession, now = this.clock.now()): number {
    if (s.finalized) return 100;
    const p = Math.floor((100 * (now - s.creationTime)) / Math.max(1, s.durationMs));
    return Math.max(0, Math.min(s.hang ? 47 : 99, p));
  }

  private finalize(s: SimSession, endTime: number): void {
    const job = this.jobsById.get(s.jobId);
    s.state = 'Stopped';
    s.endTime = endTime;
    s.finalized = true;
    s.result = s.plannedResult;
    s.usn = ++this.usn;
    const objects = job?.objects ?? ['object-1'];
    let logId = s.logs.length;
    s.tasks = objects.map((name, idx) => {
      const processed = (this.rng.int(20, 400) * 1024 + this.rng.int(0, 1023)) * 1024 * 1024;
      const read = Math.round(processed * (0.3 + this.rng.next() * 0.5));
      const transferred = s.isCanceled ? 0 : Math.round(read * (0.2 + this.rng.next() * 0.4));
      let result: SimResult = 'Success';
      let message: string | undefined;
      if (s.isCanceled) {
        result = 'Failed';
        message = 'Job has been stopped by user';
      } else if (idx === 0 && s.result === 'Failed') {
        result = 'Failed';
        message = `Processing ${name} Error: Failed to create VM snapshot. Insufficient space on datastore.`;
      } else if (idx === 0 && s.result === 'Warning') {
        result = 'Warning';
        message = `Processing ${name} Warning: Changed block tracking cannot be enabled.`;
      }
      if (message) s.logs.push({ id: ++logId, status: result === 'Failed' ? 'Failed' : 'Warning', title: message, time: endTime - 1000 });
      return { id: this.rng.uuid(), name, result, message, processedBytes: processed, readBytes: read, transferredBytes: transferred };
    });
    s.message = s.isCanceled
      ? 'Job has been stopped by user'
      : s.result === 'Failed'
        ? s.tasks.find((t) => t.result === 'Failed')?.message ?? 'Job failed'
        : s.result === 'Warning'
          ? '1 of ' + s.tasks.length + ' objects processed with warning'
          : '';
    s.logs.push({
      id: ++logId,
      status: s.result === 'Success' ? 'Succeeded' : s.result === 'Warning' ? 'Warning' : s.result === 'Failed' ? 'Failed' : 'None',
      title: `Job finished with ${s.result.toLowerCase()} at ${new Date(endTime).toISOString()}`,
      time: endTime,
    });
    if (job) {
      if (job.lastSessionId === s.id) job.lastResult = s.result;
      const repo = this.repositories.find((r) => r.id === job.repositoryId);
      if (repo) {
        const addGB = s.tasks.reduce((a, t) => a + t.transferredBytes, 0) / 1024 ** 3;
        repo.usedGB = Math.min(repo.capacityGB, Math.round((repo.usedGB + addGB) * 10) / 10);
      }
    }
  }

  isRunning(job: SimJob): boolean {
    const last = job.lastSessionId ? this.sessions.get(job.lastSessionId) : undefined;
    return !!last && !last.finalized;
  }

  findJob(idOrName: string): SimJob | undefined {
    return this.jobsById.get(idOrName.toLowerCase()) ?? this.jobs.find((j) => j.name === idOrName);
  }

  startJob(jobId: string, initiatedBy: string): SimSession {
    const now = this.settle();
    const job = this.mustJob(jobId);
    if (job.disabled) throw new SimActionError(400, `Job '${job.name}' is disabled.`);
    if (this.isRunning(job)) throw new SimActionError(400, `Job '${job.name}' is already running.`);
    this.counters.starts[job.id] = (this.counters.starts[job.id] ?? 0) + 1;
    return this.createSession(job, now, false, initiatedBy);
  }

  retryJob(jobId: string, initiatedBy: string): SimSession {
    const now = this.settle();
    const job = this.mustJob(jobId);
    if (this.isRunning(job)) throw new SimActionError(400, `Job '${job.name}' is already running.`);
    if (job.lastResult !== 'Failed' && job.lastResult !== 'Warning') {
      throw new SimActionError(400, `Job '${job.name}' has no failed objects to retry.`);
    }
    this.counters.retries[job.id] = (this.counters.retries[job.id] ?? 0) + 1;
    return this.createSession(job, now, true, initiatedBy);
  }

  stopJob(jobId: string): SimSession {
    const now = this.settle();
    const job = this.mustJob(jobId);
    const s = job.lastSessionId ? this.sessions.get(job.lastSessionId) : undefined;
    if (!s || s.finalized) throw new SimActionError(400, `Job '${job.name}' is not running.`);
    this.counters.stops[job.id] = (this.counters.stops[job.id] ?? 0) + 1;
    s.stopRequestedAt = now;
    s.state = 'Stopping';
    s.usn = ++this.usn;
    return s;
  }

  private mustJob(jobId: string): SimJob {
    const job = this.jobsById.get(jobId.toLowerCase());
    if (!job) throw new SimActionError(404, `Job ${jobId} was not found.`);
    return job;
  }

  /** Starts counted for a job, by id or name (tests). */
  startsOf(idOrName: string): number {
    const job = this.findJob(idOrName);
    return job ? this.counters.starts[job.id] ?? 0 : 0;
  }
}
