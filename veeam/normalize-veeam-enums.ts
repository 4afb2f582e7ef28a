/** Veeam's enum strings, compared case-insensitively (1.3-rev1 capitalises what 1.2 wrote in lower case). */
import type { JobResult } from '../events/job-run';
import type { JobStatus, SessionState, VeeamLogLine } from './veeam-client';

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

export function toJobResult(v: unknown): JobResult {
  switch (lower(v)) {
    case 'success': return 'Success';
    case 'warning': return 'Warning';
    case 'failed': return 'Failed';
    default: return 'None';
  }
}

export function toJobStatus(v: unknown): JobStatus {
  switch (lower(v)) {
    case 'running': case 'working': return 'running';
    case 'starting': return 'starting';
    case 'stopping': return 'stopping';
    case 'inactive': case 'stopped': case 'enabled': case 'idle': return 'idle';
    case 'disabled': return 'disabled';
    default: return 'unknown';
  }
}

const STATES: SessionState[] = ['Starting', 'Working', 'Stopping', 'Stopped', 'Pausing', 'Resuming', 'Postprocessing', 'WaitingTape', 'WaitingRepository', 'WaitingSlot', 'Idle'];

export function toSessionState(v: unknown): SessionState {
  return STATES.find((s) => s.toLowerCase() === lower(v)) ?? 'Unknown';
}

export function toLogStatus(v: unknown): VeeamLogLine['status'] {
  switch (lower(v)) {
    case 'succeeded': case 'success': return 'Succeeded';
    case 'warning': return 'Warning';
    case 'failed': return 'Failed';
    default: return 'None';
  }
}
