/**
 * What the bot needs from Veeam, in our own normalised types. Two adapters implement it: the VBR REST API v1
 * (port 9419) and the Enterprise Manager REST API (port 9398). Nothing here knows about Teams or the store.
 */
import type { JobResult } from '../events/job-run';

export type VeeamFlavor = 'vbr' | 'em';

export interface VeeamServerInfo {
  name: string;
  /** e.g. 12.3.1.1139 */
  build?: string;
  flavor: VeeamFlavor;
  /** x-api-version for VBR (e.g. 1.2-rev1), version for EM (e.g. v1_7). */
  apiVersion: string;
  /** Who the client is logged in as. */
  userName?: string;
}

/** Job state as people think of it; Veeam's own status strings are mapped case-insensitively. */
export type JobStatus = 'running' | 'starting' | 'stopping' | 'idle' | 'disabled' | 'unknown';

export interface VeeamJob {
  id: string;
  name: string;
  /** Veeam's job type as given (e.g. Backup, VSphereBackup, BackupCopy). */
  type: string;
  description?: string;
  status: JobStatus;
  lastResult: JobResult;
  lastRun?: Date;
  nextRun?: Date;
  /** Id of the last (or current) session, when the API tells it. */
  lastSessionId?: string;
  objectsCount?: number;
  /** 0..100 while running. */
  progressPercent?: number;
  repositoryName?: string;
}

export type SessionState =
  | 'Starting' | 'Working' | 'Stopping' | 'Stopped' | 'Pausing' | 'Resuming' | 'Postprocessing'
  | 'WaitingTape' | 'WaitingRepository' | 'WaitingSlot' | 'Idle' | 'Unknown';

export interface VeeamSession {
  id: string;
  jobId: string;
  jobName: string;
  sessionType?: string;
  state: SessionState;
  /** `None` until the session has stopped. */
  result: JobResult;
  message?: string;
  progressPercent?: number;
  creationTime: Date;
  endTime?: Date;
  /** True once state is Stopped. */
  finished: boolean;
}

export interface VeeamTaskResult {
  name: string;
  result: JobResult;
  message?: string;
  processedSizeBytes?: number;
  readSizeBytes?: number;
  transferredSizeBytes?: number;
  durationSec?: number;
}

export interface VeeamLogLine {
  status: 'Succeeded' | 'Warning' | 'Failed' | 'None';
  title: string;
  time?: Date;
}

export interface VeeamSessionDetails extends VeeamSession {
  tasks: VeeamTaskResult[];
  /** Only the warning and error lines of the session log. */
  problems: VeeamLogLine[];
  processedSizeBytes?: number;
  transferredSizeBytes?: number;
}

export interface VeeamRepository {
  id: string;
  name: string;
  type?: string;
  capacityBytes?: number;
  freeBytes?: number;
  usedBytes?: number;
  online?: boolean;
  hostName?: string;
  path?: string;
}

export type JobMatch =
  | { kind: 'found'; job: VeeamJob }
  | { kind: 'ambiguous'; candidates: VeeamJob[] }
  | { kind: 'not-found'; suggestions: VeeamJob[] };

export interface ListSessionsQuery {
  /** Sessions that ended strictly after this instant. */
  endedAfter: Date;
  /** Page size, default 100. */
  limit?: number;
  skip?: number;
}

export interface VeeamClient {
  readonly flavor: VeeamFlavor;
  serverInfo(): Promise<VeeamServerInfo>;
  /** Every job (all pages), with state. */
  listJobs(): Promise<VeeamJob[]>;
  /** Exact name first, then case-/width-/whitespace-insensitive, then partial. */
  findJob(typedName: string): Promise<JobMatch>;
  startJob(jobId: string): Promise<VeeamSession>;
  stopJob(jobId: string): Promise<VeeamSession>;
  /** Throws VeeamNotSupportedError where the server's API has no retry (VBR REST before 1.3). */
  retryJob(jobId: string): Promise<VeeamSession>;
  getSession(sessionId: string): Promise<VeeamSession>;
  getSessionDetails(sessionId: string): Promise<VeeamSessionDetails>;
  /** The job's most recent session, if it ever ran. */
  getLastSession(jobId: string): Promise<VeeamSession | undefined>;
  /** Sessions that ended after a time, newest first. */
  listEndedSessions(query: ListSessionsQuery): Promise<VeeamSession[]>;
  listRepositories(): Promise<VeeamRepository[]>;
  /** Logs off where the API has sessions (EM); safe to call twice. */
  close(): Promise<void>;
}
