/**
 * The stored record of one job run: what the history, the alerts and the tab all read.
 * Built from a webhook event or from a Veeam session seen by the poller.
 */
export const JOB_RESULTS = ['Success', 'Warning', 'Failed', 'None'] as const;
/** Veeam's session results. `None` means "not finished / no result yet" and is never a failure. */
export type JobResult = (typeof JOB_RESULTS)[number];

export interface JobObjectResult {
  /** VM, machine or file-share name. */
  name: string;
  status: JobResult;
  message?: string;
}

export type JobRunSource = 'webhook' | 'poller';

export interface JobRun {
  /** Our own id (UUID). */
  id: string;
  /** Idempotency key: the Veeam session id when known, otherwise `jobId|endTime`. One run is stored once. */
  runKey: string;
  source: JobRunSource;
  jobId: string;
  jobName: string;
  jobType?: string;
  /** The Veeam session GUID (lower case). */
  sessionId?: string;
  result: JobResult;
  /** False while the session is still running (result `None`); such runs never alert. */
  finished: boolean;
  startTime?: Date;
  /** When the run ended; for a run still in progress, when it was reported. History is ordered by it. */
  endTime: Date;
  durationSec?: number;
  backupSizeBytes?: number;
  processedSizeBytes?: number;
  transferredSizeBytes?: number;
  errorMessage?: string;
  /** The Veeam server that ran the job, as the script reported it. */
  server?: string;
  objects: JobObjectResult[];
  receivedAt: Date;
  /** Unknown fields the script sent, kept as they came. */
  extra?: Record<string, unknown>;
  /**
   * True from the moment the run is stored until its alert decision is written to the outbox (or, for a run still
   * in progress, until it is completed and decided). Runs still marked at start-up are decided again, so a crash
   * between "stored" and "outbox written" loses nothing (the outbox key makes a repeat harmless).
   */
  alertPending?: boolean;
}

export type NewJobRun = Omit<JobRun, 'id'>;
