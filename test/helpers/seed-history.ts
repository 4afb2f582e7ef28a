/**
 * Seeds a realistic month of job runs through the real webhook (Japanese and English job names, warnings and
 * failures, some runs older than the 30-day chart), and computes what the history API should answer for them.
 */
import { randomUUID } from 'node:crypto';
import { postJobComplete } from './http';

export const SEED_JOBS = {
  fileServer: { jobId: '0a1b2c3d-0000-4000-8000-000000000001', jobName: '日次バックアップ（本社ファイルサーバー）' },
  sql: { jobId: '0a1b2c3d-0000-4000-8000-000000000002', jobName: 'SQL Server 夜間バックアップ' },
  vm: { jobId: '0a1b2c3d-0000-4000-8000-000000000003', jobName: 'VM Backup Job 1' },
  exchange: { jobId: '0a1b2c3d-0000-4000-8000-000000000004', jobName: 'Exchange レプリケーション' },
} as const;

export interface SeededRun {
  id: string;
  jobName: string;
  result: 'Success' | 'Warning' | 'Failed';
  endTime: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The plan: which job ran how long ago with which result. Deterministic; times are relative to `now`. */
export function seedPlan(now = Date.now()): Array<{ job: keyof typeof SEED_JOBS; result: SeededRun['result']; endTime: Date; error?: string }> {
  const plan: ReturnType<typeof seedPlan> = [];
  for (let d = 0; d <= 28; d++) {
    const base = now - d * DAY;
    plan.push({ job: 'fileServer', result: d % 9 === 4 ? 'Failed' : 'Success', endTime: new Date(base - 1 * HOUR), error: d % 9 === 4 ? 'ファイルサーバー FS01 のスナップショット作成に失敗しました。' : undefined });
    if (d % 2 === 0) {
      const result = d % 7 === 2 ? 'Failed' : d % 5 === 1 ? 'Warning' : 'Success';
      plan.push({ job: 'sql', result, endTime: new Date(base - 2 * HOUR), error: result === 'Failed' ? 'Processing SQL-NODE-02 Error: Failed to create VM snapshot.' : undefined });
    }
    if (d % 3 === 0) plan.push({ job: 'vm', result: d % 6 === 3 ? 'Warning' : 'Success', endTime: new Date(base - 3 * HOUR) });
  }
  // Today's and yesterday's runs of a fourth job, one of them failed.
  plan.push({ job: 'exchange', result: 'Failed', endTime: new Date(now - 30 * 60_000), error: 'Exchange DB01: VSS writer がタイムアウトしました。' });
  plan.push({ job: 'exchange', result: 'Success', endTime: new Date(now - 1 * DAY - 30 * 60_000) });
  // Outside the 30-day chart.
  plan.push({ job: 'vm', result: 'Failed', endTime: new Date(now - 35 * DAY), error: 'Old failure' });
  plan.push({ job: 'sql', result: 'Success', endTime: new Date(now - 40 * DAY) });
  return plan;
}

/** Posts every planned run through POST /api/veeam/job-complete. */
export async function seedHistory(url: string, now = Date.now()): Promise<SeededRun[]> {
  const seeded: SeededRun[] = [];
  for (const p of seedPlan(now)) {
    const job = SEED_JOBS[p.job];
    const answer = await postJobComplete(url, {
      jobName: job.jobName,
      jobId: job.jobId,
      status: p.result,
      sessionId: randomUUID(),
      timestamp: p.endTime.toISOString(),
      duration: 600 + seeded.length * 37,
      backupSize: 1024 ** 3 * (1 + (seeded.length % 5)),
      ...(p.error ? { errorMessage: p.error } : {}),
    });
    if (answer.status !== 200) throw new Error(`seeding failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    seeded.push({ id: answer.body.id as string, jobName: job.jobName, result: p.result, endTime: p.endTime });
  }
  return seeded;
}

/** YYYY-MM-DD of an instant in a time zone, computed independently of the code under test. */
export function dayIn(tz: string, date: Date): string {
  return date.toLocaleDateString('sv-SE', { timeZone: tz });
}

/** What the daily chart should show for the last `days` days in `tz`. */
export function expectedDaily(seeded: SeededRun[], tz: string, days: number, now = new Date()) {
  const today = dayIn(tz, now);
  const list: Array<{ day: string; Success: number; Warning: number; Failed: number; None: number }> = [];
  for (let i = days - 1; i >= 0; i--) {
    const [y, m, d] = today.split('-').map(Number);
    const day = new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10);
    list.push({ day, Success: 0, Warning: 0, Failed: 0, None: 0 });
  }
  const byDay = new Map(list.map((e) => [e.day, e]));
  for (const run of seeded) {
    const entry = byDay.get(dayIn(tz, run.endTime));
    if (entry) entry[run.result]++;
  }
  return list;
}
