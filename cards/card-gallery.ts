/**
 * Every card the bot sends, with sample data, for the preview page (npm run cards:preview), the console
 * demo and the card tests. Includes the extreme cases the size guard must handle. Pure: no I/O.
 */
import type { AdaptiveCard } from '../bot/command';
import type { JobRun } from '../events/job-run';
import type { VeeamJob, VeeamRepository, VeeamSessionDetails } from '../veeam/veeam-client';
import type { CardView } from './card-view';
import { helpCard, unknownCommandCard } from './help-card';
import { historyCard } from './history-card';
import { cancelledCard, confirmJobActionCard, jobProgressCard } from './job-action-cards';
import { jobChoiceCard } from './job-choice-card';
import { jobStatusCard } from './job-status-card';
import { jobsCard, sortJobsForList } from './jobs-card';
import { alertsUnavailableCard, needJobCard, refusedCard, veeamOffCard } from './notice-cards';
import { problemCard, type ProblemKind } from './problem-card';
import { reposCard } from './repos-card';

export interface GalleryEntry {
  name: string;
  card: AdaptiveCard;
}

const NOW = new Date('2026-03-11T23:40:00Z');
const minutes = (n: number) => new Date(NOW.getTime() - n * 60_000);
const GB = 1024 ** 3;

export function sampleJob(overrides: Partial<VeeamJob> = {}): VeeamJob {
  return {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    name: 'VM Backup Job 1',
    type: 'VSphereBackup',
    status: 'idle',
    lastResult: 'Success',
    lastRun: minutes(300),
    nextRun: new Date(NOW.getTime() + 3600_000),
    ...overrides,
  };
}

export const SAMPLE_JOBS: VeeamJob[] = [
  sampleJob(),
  sampleJob({ id: 'j2', name: 'VM Backup Job 2', lastResult: 'Failed', lastRun: minutes(90) }),
  sampleJob({ id: 'j3', name: '本社ファイルサーバー バックアップ', type: 'FileBackup', status: 'running', lastResult: 'Success', progressPercent: 42 }),
  sampleJob({ id: 'j4', name: 'SQL Server 日次バックアップ', type: 'WindowsAgentBackup', lastResult: 'Warning' }),
  sampleJob({ id: 'j5', name: 'Physical Server Backup', status: 'disabled', nextRun: undefined }),
];

export function manyJobs(count: number): VeeamJob[] {
  return Array.from({ length: count }, (_, i) =>
    sampleJob({ id: `job-${i}`, name: `${i % 2 ? '東京 基幹システム バックアップ' : 'VM Backup Job'} ${i + 1}`, lastResult: i % 7 === 0 ? 'Failed' : 'Success' }),
  );
}

export function sampleSession(overrides: Partial<VeeamSessionDetails> = {}): VeeamSessionDetails {
  return {
    id: 's1',
    jobId: 'j2',
    jobName: 'VM Backup Job 2',
    state: 'Stopped',
    result: 'Failed',
    message: 'Processing SQL-NODE-02 Error: Failed to create VM snapshot.',
    creationTime: minutes(95),
    endTime: minutes(52),
    finished: true,
    processedSizeBytes: 412 * GB,
    transferredSizeBytes: 38 * GB,
    tasks: [
      { name: 'SQL-NODE-01', result: 'Success', processedSizeBytes: 200 * GB },
      { name: 'SQL-NODE-02', result: 'Failed', message: 'Error: Failed to create VM snapshot. Insufficient space on datastore.' },
      { name: 'WEB-01', result: 'Warning', message: 'Changed block tracking cannot be enabled.' },
    ],
    problems: [{ status: 'Failed', title: 'Processing SQL-NODE-02 Error: Failed to create VM snapshot.', time: minutes(53) }],
    ...overrides,
  };
}

export function sampleRun(overrides: Partial<JobRun> = {}): JobRun {
  return {
    id: 'r1',
    runKey: 'session:r1',
    source: 'webhook',
    jobId: 'j2',
    jobName: 'VM Backup Job 2',
    result: 'Failed',
    finished: true,
    startTime: minutes(95),
    endTime: minutes(52),
    durationSec: 2580,
    backupSizeBytes: 38 * GB,
    errorMessage: 'Processing SQL-NODE-02 Error: Failed to create VM snapshot.',
    objects: [],
    receivedAt: minutes(51),
    ...overrides,
  };
}

export const SAMPLE_REPOS: VeeamRepository[] = [
  { id: 'r1', name: 'Default Backup Repository', type: 'WinLocal', capacityBytes: 2048 * GB, freeBytes: 900 * GB, online: true, hostName: 'vbr01', path: 'D:\\Backup' },
  { id: 'r2', name: 'REPO-HARDENED-01', type: 'LinuxHardened', capacityBytes: 10240 * GB, freeBytes: 700 * GB, online: true, hostName: 'repo02', path: '/mnt/veeam' },
  { id: 'r3', name: 'NAS-SMB-01', type: 'Smb', capacityBytes: 40960 * GB, freeBytes: 20000 * GB, online: false },
];

const LONG_JA_ERROR = 'スナップショットの作成に失敗しました。データストアの空き容量が不足しています。'.repeat(60);

/** All cards for one language; `extremes` adds the oversized-data variants. */
export function galleryCards(view: CardView, options: { extremes?: boolean } = {}): GalleryEntry[] {
  const failedVms = Array.from({ length: 300 }, (_, i) => ({ name: `VM-${String(i + 1).padStart(3, '0')}`, result: 'Failed' as const, message: LONG_JA_ERROR }));
  const entries: GalleryEntry[] = [
    { name: 'help', card: helpCard(view, { botName: 'Veeam Backup Bot' }) },
    { name: 'unknown command', card: unknownCommandCard(view, { word: 'jbos', suggestion: view.locale === 'ja' ? 'ジョブ' : 'jobs', botName: 'Veeam Backup Bot' }) },
    { name: 'jobs', card: jobsCard(view, { jobs: sortJobsForList(SAMPLE_JOBS), filter: '', offset: 0 }) },
    { name: 'jobs (filtered, none)', card: jobsCard(view, { jobs: [], filter: 'exchange', offset: 0 }) },
    { name: 'status (failed)', card: jobStatusCard(view, { job: SAMPLE_JOBS[1], session: sampleSession(), now: NOW }) },
    { name: 'status (never ran)', card: jobStatusCard(view, { job: sampleJob({ lastRun: undefined, lastResult: 'None' }), now: NOW }) },
    { name: 'start: confirm', card: confirmJobActionCard(view, { action: 'start', job: SAMPLE_JOBS[0], claim: 'demo-claim' }) },
    { name: 'stop: confirm', card: confirmJobActionCard(view, { action: 'stop', job: SAMPLE_JOBS[2], claim: 'demo-claim-2' }) },
    { name: 'retry: confirm', card: confirmJobActionCard(view, { action: 'retry', job: SAMPLE_JOBS[1], claim: 'demo-claim-3' }) },
    { name: 'start: asking Veeam', card: jobProgressCard(view, { action: 'start', jobName: 'VM Backup Job 1', requestedBy: 'Dana Ops', requestedAt: minutes(1), phase: 'asking', now: NOW }) },
    {
      name: 'start: progress',
      card: jobProgressCard(view, { action: 'start', jobName: 'VM Backup Job 1', requestedBy: 'Dana Ops', requestedAt: minutes(6), phase: 'running', now: NOW, session: { state: 'Working', result: 'None', progressPercent: 37, creationTime: minutes(6) } }),
    },
    {
      name: 'start: finished',
      card: jobProgressCard(view, { action: 'start', jobName: 'VM Backup Job 1', requestedBy: 'Dana Ops', requestedAt: minutes(40), phase: 'finished', now: NOW, session: { state: 'Stopped', result: 'Success', creationTime: minutes(40), endTime: minutes(2) } }),
    },
    {
      name: 'start: already confirmed',
      card: jobProgressCard(view, { action: 'start', jobName: 'VM Backup Job 1', requestedBy: 'Dana Ops', requestedAt: minutes(3), phase: 'asking', now: NOW, alreadyHandled: { user: 'Dana Ops', at: minutes(3) } }),
    },
    {
      name: 'start: timeout',
      card: jobProgressCard(view, { action: 'start', jobName: 'VM Backup Job 1', requestedBy: 'Dana Ops', requestedAt: minutes(61), phase: 'timeout', now: NOW, session: { state: 'Working', result: 'None', progressPercent: 47, creationTime: minutes(60) } }),
    },
    { name: 'cancelled', card: cancelledCard(view, { action: 'start', jobName: 'VM Backup Job 1', user: 'Dana Ops' }) },
    { name: 'history', card: historyCard(view, { runs: [sampleRun(), sampleRun({ id: 'r2', jobName: 'VM Backup Job 1', result: 'Success', errorMessage: undefined, endTime: minutes(300) })], failedOnly: false, limit: 10, nextCursor: 'c' }) },
    { name: 'history (empty)', card: historyCard(view, { runs: [], job: 'VM Backup Job 1', failedOnly: true, limit: 10 }) },
    { name: 'repos', card: reposCard(view, { repositories: SAMPLE_REPOS }) },
    {
      name: 'ambiguous job',
      card: jobChoiceCard(view, { command: 'start', typed: 'vm', jobsWord: view.locale === 'ja' ? 'ジョブ' : 'jobs', match: { kind: 'ambiguous', candidates: [SAMPLE_JOBS[0], SAMPLE_JOBS[1]] } }),
    },
    {
      name: 'unknown job',
      card: jobChoiceCard(view, { command: 'status', typed: 'VM Bakup Job', jobsWord: view.locale === 'ja' ? 'ジョブ' : 'jobs', match: { kind: 'not-found', suggestions: [SAMPLE_JOBS[0], SAMPLE_JOBS[1]] } }),
    },
    { name: 'refused (no operators)', card: refusedCard(view, { reason: 'no-operators', action: 'start', who: 'dana@contoso.com' }) },
    { name: 'refused (not an operator)', card: refusedCard(view, { reason: 'not-operator', action: 'stop', who: 'dana@contoso.com' }) },
    { name: 'which job?', card: needJobCard(view, { usage: view.locale === 'ja' ? '開始 <ジョブ名>' : 'start <job>' }) },
    { name: 'Veeam not connected', card: veeamOffCard(view) },
    { name: 'alerts', card: alertsUnavailableCard(view) },
    ...(['unreachable', 'auth', 'tls', 'forbidden', 'notFound', 'notSupported', 'outcomeUnknown', 'store', 'unknown'] as ProblemKind[]).map((kind) => ({
      name: `error: ${kind}`,
      card: problemCard(view, { kind, jobName: 'VM Backup Job 1', ref: 'a1b2c3' }),
    })),
    { name: 'error: veeam message', card: problemCard(view, { kind: 'veeam', veeamMessage: "Job 'VM Backup Job 1' is already running." }) },
  ];
  if (options.extremes) {
    entries.push(
      { name: 'jobs: 5,000 jobs', card: jobsCard(view, { jobs: sortJobsForList(manyJobs(5000)), filter: '', offset: 0 }) },
      { name: 'jobs: 5,000 jobs, page size 5,000', card: jobsCard(view, { jobs: sortJobsForList(manyJobs(5000)), filter: '', offset: 0, pageSize: 5000 }) },
      { name: 'status: 300 failed VMs, long Japanese errors', card: jobStatusCard(view, { job: SAMPLE_JOBS[1], session: sampleSession({ tasks: failedVms, message: LONG_JA_ERROR, problems: failedVms.map((v) => ({ status: 'Failed', title: v.message })) }), now: NOW }) },
      { name: 'history: 50 runs with long Japanese errors', card: historyCard(view, { runs: Array.from({ length: 50 }, (_, i) => sampleRun({ id: `r${i}`, errorMessage: LONG_JA_ERROR, jobName: `${LONG_JA_ERROR.slice(0, 300)} ${i}` })), failedOnly: true, limit: 50, nextCursor: 'c' }) },
      { name: 'repos: 200 repositories', card: reposCard(view, { repositories: Array.from({ length: 200 }, (_, i) => ({ ...SAMPLE_REPOS[i % 3], id: `r${i}`, name: `REPO-${i} ${LONG_JA_ERROR.slice(0, 200)}` })) }) },
      { name: 'ambiguous: 20 candidates', card: jobChoiceCard(view, { command: 'start', typed: 'backup', jobsWord: 'jobs', match: { kind: 'ambiguous', candidates: manyJobs(20) } }) },
      { name: 'error: very long Veeam message', card: problemCard(view, { kind: 'veeam', veeamMessage: LONG_JA_ERROR }) },
    );
  }
  return entries;
}
