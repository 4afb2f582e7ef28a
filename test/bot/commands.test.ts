/** Every command in English and Japanese through the real front door (activity → CloudAdapter → stand-in). */
import { startBotHarness, cardText, actionsOf, type BotHarness } from './bot-harness';
import { VERBS } from '../../cards/card-actions';
import { postJobComplete } from '../helpers/http';
import { makeJobEvent } from '../helpers/make-job-event';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
  // Some history through the real webhook.
  await postJobComplete(h.app.url, makeJobEvent({ jobName: 'VM Backup Job 1', status: 'Failed', timestamp: '2026-03-10T01:00:00Z' }));
  await postJobComplete(h.app.url, makeJobEvent({ jobName: 'VM Backup Job 1', status: 'Success', errorMessage: undefined, timestamp: '2026-03-11T01:00:00Z' }));
  await postJobComplete(h.app.url, makeJobEvent({ jobName: 'File Server Backup', status: 'Warning', errorMessage: undefined, timestamp: '2026-03-09T01:00:00Z' }));
});
afterAll(() => h.close());

describe.each([
  { lang: 'en', locale: 'en-US', words: { help: 'help', jobs: 'jobs', status: 'status', start: 'start', stop: 'stop', retry: 'retry', history: 'history', repos: 'repos' } },
  { lang: 'ja', locale: 'ja-JP', words: { help: 'ヘルプ', jobs: 'ジョブ', status: '状態', start: '開始', stop: '停止', retry: '再試行', history: '履歴', repos: 'リポジトリ' } },
])('$lang', ({ lang, locale, words }) => {
  const ja = lang === 'ja';
  const say = (text: string) => h.say(text, { locale, timezone: ja ? 'Asia/Tokyo' : 'Europe/Berlin' });

  test('help lists every command with an example', async () => {
    const { cards } = await say(words.help);
    const text = cardText(cards[0]);
    for (const w of Object.values(words)) expect(text).toContain(w);
    expect(text).toContain(ja ? '例:' : 'Example:');
  });

  test('jobs: live list from Veeam, failed first, zone named', async () => {
    const { cards } = await say(words.jobs);
    const text = cardText(cards[0]);
    expect(text).toContain(ja ? 'バックアップ ジョブ' : 'Backup jobs');
    expect(text).toContain(ja ? 'Asia/Tokyo' : 'Europe/Berlin');
    const failed = h.sim!.state.jobs.filter((j) => j.lastResult === 'Failed').map((j) => j.name);
    expect(failed.length).toBeGreaterThan(0);
    const names = h.sim!.state.jobs.map((j) => j.name).filter((n) => text.includes(n));
    // Failed jobs come before the others.
    const positions = names.map((n) => ({ n, at: text.indexOf(`**${n}**`), failed: failed.includes(n) }));
    const lastFailed = Math.max(...positions.filter((p) => p.failed).map((p) => p.at));
    const firstOk = Math.min(...positions.filter((p) => !p.failed && h.sim!.state.jobs.find((j) => j.name === p.n)!.lastResult === 'Success').map((p) => p.at));
    expect(lastFailed).toBeLessThan(firstOk);
  });

  test('jobs <text> filters', async () => {
    const { cards } = await say(`${words.jobs} ファイル`);
    const text = cardText(cards[0]);
    expect(text).toContain('本社ファイルサーバー バックアップ');
    expect(text).not.toContain('VM Backup Job 1');
  });

  test('status <job>: last session with result and sizes', async () => {
    const { cards } = await say(`${words.status} vm backup job 1`);
    const text = cardText(cards[0]);
    expect(text).toContain('VM Backup Job 1');
    expect(text).toContain(ja ? '所要時間' : 'Duration');
    expect(text).toContain(ja ? '転送サイズ' : 'Transferred');
  });

  test('start <job>: a confirmation card with Confirm and Cancel, nothing started yet', async () => {
    const before = h.sim!.state.startsOf('VM Backup Job 2');
    const { cards } = await say(`${words.start} VM Backup Job 2`);
    expect(cardText(cards[0])).toContain(ja ? 'VM Backup Job 2 を開始しますか？' : 'Start VM Backup Job 2?');
    expect(actionsOf(cards[0]).map((a) => a.verb)).toEqual([VERBS.startConfirm, VERBS.actionCancel]);
    expect(h.sim!.state.startsOf('VM Backup Job 2')).toBe(before);
  });

  test('stop and retry ask for confirmation too', async () => {
    const stop = await say(`${words.stop} VM Backup Job 2`);
    expect(actionsOf(stop.cards[0])[0].verb).toBe(VERBS.stopConfirm);
    const retry = await say(`${words.retry} VM Backup Job 2`);
    expect(actionsOf(retry.cards[0])[0].verb).toBe(VERBS.retryConfirm);
  });

  test('history: newest first from the store', async () => {
    const { cards } = await say(`${words.history} VM Backup Job 1`);
    const text = cardText(cards[0]);
    expect(text).toContain(ja ? 'VM Backup Job 1 の履歴' : 'History of VM Backup Job 1');
    expect(text.indexOf(ja ? '成功' : 'Success')).toBeLessThan(text.indexOf(ja ? '失敗' : 'Failed'));
    expect(text).not.toContain('File Server Backup');
  });

  test('history failed N', async () => {
    const { cards } = await say(`${words.history} ${ja ? '失敗' : 'failed'} 5`);
    const text = cardText(cards[0]);
    expect(text).toContain(ja ? '失敗のみ' : 'Failures only');
    expect(text).toContain('VM Backup Job 1');
    expect(text).not.toContain('File Server Backup');
  });

  test('repos: capacity, free space and a bar', async () => {
    const { cards } = await say(words.repos);
    const text = cardText(cards[0]);
    expect(text).toContain('Default Backup Repository');
    expect(text).toMatch(ja ? /空き .+／容量/ : /free of/);
    expect(JSON.stringify(cards[0])).toContain('"type":"ColumnSet"');
  });

  test('an unknown word gets "did you mean" and the help, never silence', async () => {
    const { cards } = await say(ja ? 'ジョプ' : 'jbos');
    const text = cardText(cards[0]);
    expect(text).toContain(ja ? '「ジョプ」というコマンドはありません' : 'I don\u2019t know "jbos"');
    expect(text).toContain(ja ? '「ジョブ」のことですか' : 'Did you mean "jobs"?');
    expect(text).toContain(ja ? '使えるコマンド' : 'Here is what I can do');
  });
});

test('commands are case-insensitive and full-width letters work', async () => {
  const { cards } = await h.say('ＨＥＬＰ');
  expect(cardText(cards[0])).toContain('Veeam Backup bot: commands');
  const { cards: c2 } = await h.say('JoBs');
  expect(cardText(c2[0])).toContain('Backup jobs');
});

test('a Japanese command without a space before the job name', async () => {
  const { cards } = await h.say('状態VM Backup Job 1', { locale: 'ja-JP' });
  expect(cardText(cards[0])).toContain('VM Backup Job 1: 直近のセッション');
});

test('jobs "more" pages through a long list in place', async () => {
  const big = await startBotHarness({ scenario: { jobs: 40 } });
  try {
    const { cards } = await big.say('jobs');
    const more = actionsOf(cards[0]).find((a) => a.verb === VERBS.jobsMore)!;
    expect(more.data).toEqual({ filter: '', offset: 15 });
    const next = await big.click(more.verb, more.data);
    expect(cardText(next)).toContain('Showing 16\u201330 of 40');
  } finally {
    await big.close();
  }
});

test('history "next" continues after the last run shown', async () => {
  const { cards } = await h.say('history 1');
  const next = actionsOf(cards[0]).find((a) => a.verb === VERBS.historyMore)!;
  expect(cardText(cards[0])).toContain('VM Backup Job 1');
  const page2 = await h.click(next.verb, next.data);
  expect(cardText(page2)).toContain('VM Backup Job 1');
  const page3 = await h.click(next.verb, actionsOf(page2).find((a) => a.verb === VERBS.historyMore)!.data);
  expect(cardText(page3)).toContain('File Server Backup');
});
