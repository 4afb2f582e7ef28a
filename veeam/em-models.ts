/** Enterprise Manager JSON (PascalCase XML names), parsed loosely and mapped to our types. */
import { z } from 'zod';
import { parseVeeamTime } from './parse-veeam-time';
import { toJobResult, toSessionState } from './normalize-veeam-enums';
import type { VeeamJob, VeeamRepository, VeeamSession, VeeamTaskResult } from './veeam-client';

const optStr = z.string().nullish();
const optNum = z.number().nullish();

export const EmJob = z.object({ UID: z.string(), Name: z.string(), JobType: optStr, Description: optStr, NextRun: optStr, ScheduleEnabled: z.boolean().nullish() }).loose();
export const EmSession = z.object({
  UID: z.string(), JobUid: z.string(), JobName: z.string(), JobType: optStr, CreationTimeUTC: z.string(), EndTimeUTC: optStr,
  State: z.string(), Result: optStr, Progress: optNum, IsRetry: z.boolean().nullish(),
}).loose();
export const EmTaskSession = z.object({ Name: optStr, VmDisplayName: optStr, Result: optStr, Reason: optStr, TotalSize: optNum, CreationTimeUTC: optStr, EndTimeUTC: optStr }).loose();
export const EmRepository = z.object({ UID: z.string(), Name: z.string(), Capacity: optNum, FreeSpace: optNum, Kind: optStr }).loose();
export const EmTask = z.object({ TaskId: z.string(), State: z.string(), Result: z.object({ Success: z.boolean(), Message: optStr }).loose().nullish() }).loose();
export const EmLogon = z.object({ UserName: optStr, SessionId: z.string() }).loose();
export const EmPaging = z.object({ PageNum: z.number(), PagesCount: z.number() }).loose();

/** urn:veeam:Job:<guid> → <guid> */
export function idFromUid(uid: string): string {
  return (uid.split(':').pop() ?? uid).toLowerCase();
}

/**
 * The entity array of a query or list answer. The docs show `{"CloudTenants":[…]}`; the XML nesting
 * (`Entities/BackupJobSessions/BackupJobSession`) may also come through as `{"Entities":{"BackupJobSessions":{"BackupJobSessions":[…]}}}`.
 */
export function findEntityArray(data: unknown, plural: string): unknown[] {
  let node: unknown = data;
  for (let depth = 0; depth < 4 && node && typeof node === 'object'; depth++) {
    if (Array.isArray(node)) return node;
    const o = node as Record<string, unknown>;
    node = o[plural] ?? o.Entities ?? o[plural.replace(/s$/, '')];
  }
  return Array.isArray(node) ? node : [];
}

const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export function toEmJob(j: z.infer<typeof EmJob>, last?: VeeamSession): VeeamJob {
  const running = last && !last.finished;
  return {
    id: idFromUid(j.UID),
    name: j.Name,
    type: j.JobType ?? 'Backup',
    description: u(j.Description),
    status: running ? (last.state === 'Starting' ? 'starting' : last.state === 'Stopping' ? 'stopping' : 'running') : 'idle',
    lastResult: last ? (last.finished ? last.result : 'None') : 'None',
    lastRun: last?.creationTime,
    nextRun: parseVeeamTime(j.NextRun),
    lastSessionId: last?.id,
    progressPercent: running ? last.progressPercent : undefined,
  };
}

export function toEmSession(s: z.infer<typeof EmSession>): VeeamSession {
  const state = toSessionState(s.State);
  return {
    id: idFromUid(s.UID),
    jobId: idFromUid(s.JobUid),
    jobName: s.JobName,
    sessionType: s.JobType ?? undefined,
    state,
    result: state === 'Stopped' ? toJobResult(s.Result) : 'None',
    progressPercent: u(s.Progress),
    creationTime: parseVeeamTime(s.CreationTimeUTC) ?? new Date(NaN),
    endTime: parseVeeamTime(s.EndTimeUTC),
    finished: state === 'Stopped',
  };
}

export function toEmTask(t: z.infer<typeof EmTaskSession>): VeeamTaskResult {
  const start = parseVeeamTime(t.CreationTimeUTC);
  const end = parseVeeamTime(t.EndTimeUTC);
  return {
    name: t.VmDisplayName ?? t.Name ?? '',
    result: toJobResult(t.Result),
    message: t.Reason || undefined,
    processedSizeBytes: u(t.TotalSize),
    durationSec: start && end ? Math.round((end.getTime() - start.getTime()) / 1000) : undefined,
  };
}

export function toEmRepository(r: z.infer<typeof EmRepository>): VeeamRepository {
  const cap = u(r.Capacity);
  const free = u(r.FreeSpace);
  return {
    id: idFromUid(r.UID), name: r.Name, type: u(r.Kind), capacityBytes: cap, freeBytes: free,
    usedBytes: cap !== undefined && free !== undefined ? cap - free : undefined,
  };
}
