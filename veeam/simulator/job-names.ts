/** Job names the simulator hands out: the seed guide's names first, then Japanese and English ones. */
export const SEED_JOB_NAMES = [
  'VM Backup Job 1',
  'VM Backup Job 2',
  'Physical Server Backup',
  'File Server Backup',
  '本社ファイルサーバー バックアップ',
  '大阪支店 VM バックアップ',
  'SQL Server 日次バックアップ',
  '経理システム バックアップ',
] as const;

const JA_SITES = ['東京', '大阪', '名古屋', '福岡', '札幌', '仙台', '横浜', '広島'];
const JA_KINDS = ['ファイルサーバー', '基幹システム', '仮想マシン', 'メールサーバー', 'データベース', '開発環境'];
const EN_KINDS = ['VM Backup', 'SQL Backup', 'Exchange Backup', 'Linux Agent Backup', 'NAS Backup', 'Backup Copy'];

/** The n-th job name (0-based); deterministic and unique. */
export function jobName(n: number): string {
  if (n < SEED_JOB_NAMES.length) return SEED_JOB_NAMES[n];
  const k = n - SEED_JOB_NAMES.length;
  if (k % 2 === 0) {
    const i = k / 2;
    return `${JA_SITES[i % JA_SITES.length]} ${JA_KINDS[Math.floor(i / JA_SITES.length) % JA_KINDS.length]} バックアップ ${i + 1}`;
  }
  const i = (k - 1) / 2;
  return `${EN_KINDS[i % EN_KINDS.length]} Job ${i + 3}`;
}
