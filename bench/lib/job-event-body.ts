/** Realistic job-complete bodies, as the post-job scripts send them: Japanese names, 20 objects, a unique session. */
import { randomUUID } from 'node:crypto';

const SITES = ['東京', '大阪', '名古屋', '福岡', '札幌', '仙台', '横浜', '広島'];
const KINDS = ['ファイルサーバー', '基幹システム', '仮想マシン', 'メールサーバー', 'データベース', '開発環境'];

export function benchJobName(n: number): string {
  return `${SITES[n % SITES.length]} ${KINDS[Math.floor(n / SITES.length) % KINDS.length]} バックアップ ${n + 1}`;
}

export function benchJobId(n: number): string {
  return `0b5e${String(n).padStart(4, '0')}-1234-4abc-8def-${String(n).padStart(12, '0')}`;
}

const RESULTS = ['Success', 'Success', 'Success', 'Success', 'Success', 'Success', 'Success', 'Warning', 'Failed', 'Success'] as const;

/** A body with 20 objects; `n` picks the job (and the result, deterministically). */
export function jobEventBody(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const job = n % 200;
  const result = RESULTS[n % RESULTS.length];
  const end = Date.now() - (n % 1000) * 1000;
  return {
    jobName: benchJobName(job),
    jobId: benchJobId(job),
    jobType: 'Backup',
    status: result,
    sessionId: randomUUID(),
    backupSize: 53687091200 + n,
    processedSize: 107374182400,
    transferredSize: 2147483648,
    duration: '01:12:45',
    startTime: new Date(end - 4365_000).toISOString(),
    endTime: new Date(end).toISOString(),
    timestamp: new Date(end).toISOString(),
    server: 'vbr01.contoso.local',
    errorMessage: result === 'Failed' ? '仮想マシン スナップショットの作成に失敗しました: VSS writer がタイムアウトしました。' : undefined,
    objects: Array.from({ length: 20 }, (_, i) => ({
      name: `${SITES[i % SITES.length]}-VM-${String(i + 1).padStart(2, '0')}`,
      status: result === 'Failed' && i === 3 ? 'Failed' : 'Success',
      message: result === 'Failed' && i === 3 ? 'スナップショットの作成に失敗しました' : '処理が正常に完了しました',
    })),
    ...overrides,
  };
}
