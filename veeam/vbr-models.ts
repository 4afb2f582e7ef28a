/**
 * The parts of VBR REST responses we read, parsed with zod (loose: unknown fields pass, enums are
 * plain strings because their casing differs between revisions), and mapped to our own types.
 */
import { z } from 'zod';
import { parseVeeamTime } from './parse-veeam-time';
import { toJobResult, toJobStatus, toLogStatus, toSessionState } from './normalize-veeam-enums';
import type { VeeamJob, VeeamLogLine, VeeamRepository, VeeamSession, VeeamTaskResult } from './veeam-client';

const str = z.string();
const optStr = z.string().nullish();
const optNum = z.number().nullish();

export const Pagination = z.object({ total: z.number(), count: z.number() }).loose();

export const JobState = z.object({
  id: str, name: str, type: str, description: optStr, status: str, lastResult: optStr, lastRun: optStr, nextRun: optStr,
  sessionId: optStr, objectsCount: optNum, progressPercent: optNum, repositoryName: optStr,
}).loose();

export const Session = z.object({
  id: str, name: str, jobId: str, sessionType: optStr, creationTime: str, endTime: optStr, state: str,
  progressPercent: optNum, result: z.object({ result: optStr, message: optStr }).loose().nullish(),
}).loose();

const Progress = z.object({ duration: optStr, processedSize: optNum, readSize: optNum, transferredSize: optNum }).loose().nullish();

export const TaskSession = z.object({
  name: optStr, result: z.object({ result: optStr, message: optStr }).loose().nullish(), progress: Progress,
}).loose();

export const LogResult = z.object({
  records: z.array(z.object({ status: optStr, title: optStr, startTime: optStr, updateTime: optStr }).loose()).nullish(),
}).loose();

export const RepositoryState = z.object({
  id: str, name: str, type: optStr, capacityGB: optNum, freeGB: optNum, usedSpaceGB: optNum, isOnline: z.boolean().nullish(),
  hostName: optStr, path: optStr,
}).loose();

export const ServerInfo = z.object({ name: str, buildVersion: optStr }).loose();

export const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ data: z.array(item), pagination: Pagination });

const GB = 1024 ** 3;
const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export function toJob(j: z.infer<typeof JobState>): VeeamJob {
  return {
    id: j.id.toLowerCase(),
    name: j.name,
    type: j.type,
    description: u(j.description),
    status: toJobStatus(j.status),
    lastResult: toJobResult(j.lastResult),
    lastRun: parseVeeamTime(j.lastRun),
    nextRun: parseVeeamTime(j.nextRun),
    lastSessionId: u(j.sessionId)?.toLowerCase(),
    objectsCount: u(j.objectsCount),
    progressPercent: u(j.progressPercent),
    repositoryName: u(j.repositoryName),
  };
}

export function toSession(s: z.infer<typeof Session>): VeeamSession {
  const state = toSessionState(s.state);
  const creationTime = parseVeeamTime(s.creationTime) ?? new Date(NaN);
  return {
    id: s.id.toLowerCase(),
    jobId: s.jobId.toLowerCase(),
    jobName: s.name,
    sessionType: u(s.sessionType),
    state,
    result: state === 'Stopped' ? toJobResult(s.result?.result) : 'None',
    message: s.result?.message || undefined,
    progressPercent: u(s.progressPercent),
    creationTime,
    endTime: parseVeeamTime(s.endTime),
    finished: state === 'Stopped',
  };
}

function durationToSec(d: string | null | undefined): number | undefined {
  const m = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2})/.exec(d ?? '');
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) : undefined;
}

export function toTask(t: z.infer<typeof TaskSession>): VeeamTaskResult {
  return {
    name: t.name ?? '',
    result: toJobResult(t.result?.result),
    message: t.result?.message || undefined,
    processedSizeBytes: u(t.progress?.processedSize),
    readSizeBytes: u(t.progress?.readSize),
    transferredSizeBytes: u(t.progress?.transferredSize),
    durationSec: durationToSec(t.progress?.duration),
  };
}

export function toProblems(l: z.infer<typeof LogResult>): VeeamLogLine[] {
  return (l.records ?? [])
    .map((r) => ({ status: toLogStatus(r.status), title: r.title ?? '', time: parseVeeamTime(r.updateTime ?? r.startTime) }))
    .filter((r) => r.status === 'Warning' || r.status === 'Failed');
}

export function toRepository(r: z.infer<typeof RepositoryState>): VeeamRepository {
  const bytes = (gb: number | null | undefined) => (typeof gb === 'number' ? Math.round(gb * GB) : undefined);
  return {
    id: r.id.toLowerCase(),
    name: r.name,
    type: u(r.type),
    capacityBytes: bytes(r.capacityGB),
    freeBytes: bytes(r.freeGB),
    usedBytes: bytes(r.usedSpaceGB),
    online: u(r.isOnline),
    hostName: u(r.hostName),
    path: u(r.path),
  };
}
