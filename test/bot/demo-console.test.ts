/** The demo console: cards as text with numbered buttons, and `echo … | npm run demo` answering and exiting. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { renderCardAsText } from '../../local-teams/render-card-as-text';
import { confirmJobActionCard } from '../../cards/job-action-cards';
import { reposCard } from '../../cards/repos-card';
import { SAMPLE_JOBS, SAMPLE_REPOS } from '../../cards/card-gallery';
import { VERBS } from '../../cards/card-actions';
import { makeTempDir, removeDir } from '../helpers/temp-dir';

const ROOT = path.resolve(__dirname, '../..');

test('renderCardAsText shows facts, numbered buttons and a bar', () => {
  const confirm = renderCardAsText(confirmJobActionCard({ locale: 'en', timeZone: 'UTC' }, { action: 'start', job: SAMPLE_JOBS[0], claim: 'c' }), { firstButton: 3 });
  expect(confirm.text).toContain('== Start VM Backup Job 1? ==');
  expect(confirm.text).toMatch(/Last result\s+Success/);
  expect(confirm.text).toContain('[3] Start  [4] Cancel');
  expect(confirm.buttons.map((b) => [b.number, b.verb])).toEqual([[3, VERBS.startConfirm], [4, VERBS.actionCancel]]);
  const repos = renderCardAsText(reposCard({ locale: 'en', timeZone: 'UTC' }, { repositories: [SAMPLE_REPOS[0]] }));
  // 900 GB free of 2 TB: 56 % used → 17 of 30 cells.
  expect(repos.text).toContain(`[${'#'.repeat(17)}${'.'.repeat(13)}]`);
});

test('echo "jobs\\nstart …\\n1" | npm run demo: answers, runs the job to its result, exits', () => {
  const dataDir = makeTempDir();
  try {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'tools/demo.ts')], {
      cwd: ROOT,
      input: 'jobs\nstart VM Backup Job 1\n1\n/lang ja\n履歴\n',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('type help');
    expect(run.stdout).toContain('/api/veeam/job-complete');
    expect(run.stdout).toContain('== Backup jobs ==');
    expect(run.stdout).toContain('[1] Start  [2] Cancel');
    expect(run.stdout).toMatch(/bot updated card .*\n(.*\n)*?.*== Finished: (Success|Warning|Failed) ==/);
    expect(run.stdout).toContain('== ジョブ履歴 ==');
    expect(run.stdout).toContain('本社ファイルサーバー バックアップ');
  } finally {
    removeDir(dataDir);
  }
});
