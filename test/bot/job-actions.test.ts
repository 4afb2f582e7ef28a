/** start → confirm → the same card updated in place until the result; safety: operators only, once only. */
import { startBotHarness, cardText, actionsOf, cardOf, OPERATOR, STRANGER, type BotHarness } from './bot-harness';
import { VERBS } from '../../cards/card-actions';

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness();
});
afterAll(() => h.close());
beforeEach(() => h.connector.reset());

async function confirmCard(text: string, user = OPERATOR) {
  const { cards, replies } = await h.say(text, { user });
  const cardReply = replies.find((r) => cardOf(r))!;
  return { card: cards[0], cardId: cardReply.assignedId!, confirm: actionsOf(cards[0])[0] };
}

test('start → confirm → progress PUT to the same message → final result; audited', async () => {
  const job = h.sim!.state.findJob('VM Backup Job 1')!;
  const before = h.sim!.state.startsOf(job.id);
  const { cardId, confirm } = await confirmCard('start VM Backup Job 1');
  expect(confirm.verb).toBe(VERBS.startConfirm);
  const answer = await h.click(confirm.verb, confirm.data, { replyToId: cardId });
  expect(cardText(answer)).toMatch(/Start: VM Backup Job 1/);
  await h.app.bot.idle();
  expect(h.sim!.state.startsOf(job.id)).toBe(before + 1);
  const updates = h.connector.calls.filter((c) => c.kind === 'update');
  expect(updates.length).toBeGreaterThanOrEqual(2);
  for (const u of updates) expect(u.activityId).toBe(cardId);
  const texts = updates.map((u) => cardText(cardOf(u)));
  expect(texts.some((t) => /Progress/.test(t))).toBe(true);
  const final = texts[texts.length - 1];
  const session = h.sim!.state.sessions.get(job.lastSessionId!)!;
  expect(final).toContain(`Finished: ${session.result === 'None' ? 'In progress' : session.result}`);
  const [audit] = await h.app.store.audit.list({ jobName: 'VM Backup Job 1' });
  expect(audit).toMatchObject({ action: 'start', outcome: 'finished', finalResult: session.result, sessionId: session.id, actor: { aadObjectId: OPERATOR.aadObjectId } });
});

test('a double-clicked Confirm starts the job once; the second click says it was already confirmed', async () => {
  const job = h.sim!.state.findJob('VM Backup Job 2')!;
  const before = h.sim!.state.startsOf(job.id);
  const { cardId, confirm } = await confirmCard('start VM Backup Job 2');
  const [a, b] = await Promise.all([h.click(confirm.verb, confirm.data, { replyToId: cardId }), h.click(confirm.verb, confirm.data, { replyToId: cardId })]);
  await h.app.bot.idle();
  expect(h.sim!.state.startsOf(job.id)).toBe(before + 1);
  expect([cardText(a), cardText(b)].filter((t) => t.includes('Already confirmed by'))).toHaveLength(1);
});

test('the same message delivered twice gives one answer, and both confirm cards would start the job once', async () => {
  const job = h.sim!.state.findJob('Physical Server Backup')!;
  const before = h.sim!.state.startsOf(job.id);
  const first = await h.say('start Physical Server Backup');
  const again = await h.post(first.activity);
  expect(again.status).toBe(200);
  const replies = h.connector.calls.filter((c) => c.body.type === 'message' && c.activityId === first.activity.id);
  expect(replies).toHaveLength(1);
  // Another instance (no shared memory) answering the re-delivery would build the same claim; clicking both confirms:
  const confirm = actionsOf(first.cards[0])[0];
  await h.click(confirm.verb, confirm.data);
  const second = await h.click(confirm.verb, confirm.data);
  await h.app.bot.idle();
  expect(cardText(second)).toContain('Already confirmed by');
  expect(h.sim!.state.startsOf(job.id)).toBe(before + 1);
});

test('a non-operator is refused: no confirm card, no session, refusal audited', async () => {
  const sessionsBefore = h.sim!.state.sessions.size;
  const { cards } = await h.say('start VM Backup Job 1', { user: STRANGER });
  expect(cardText(cards[0])).toContain('Only operators may start jobs');
  expect(actionsOf(cards[0])).toEqual([]);
  // Even with an operator's confirm card in hand, the click is refused.
  const { confirm, cardId } = await confirmCard('start File Server Backup');
  const answer = await h.click(confirm.verb, confirm.data, { user: STRANGER, replyToId: cardId });
  expect(cardText(answer)).toContain('Only operators may start jobs');
  await h.app.bot.idle();
  expect(h.sim!.state.sessions.size).toBe(sessionsBefore);
  const refusals = (await h.app.store.audit.list({ limit: 200 })).filter((r) => r.outcome === 'refused' && r.actor.id === STRANGER.id);
  expect(refusals.length).toBe(2);
});

test('cancel replaces the card and starts nothing', async () => {
  const sessionsBefore = h.sim!.state.sessions.size;
  const { card } = await confirmCard('stop VM Backup Job 1');
  const cancel = actionsOf(card).find((a) => a.verb === VERBS.actionCancel)!;
  const answer = await h.click(cancel.verb, cancel.data);
  expect(cardText(answer)).toContain('Stop of VM Backup Job 1 cancelled');
  expect(h.sim!.state.sessions.size).toBe(sessionsBefore);
});

test('stop of a job that is not running: Veeam\u2019s reason on a friendly card, audited as failed', async () => {
  const { cardId, confirm } = await confirmCard('stop SQL Server 日次バックアップ');
  await h.click(confirm.verb, confirm.data, { replyToId: cardId });
  await h.app.bot.idle();
  const last = h.connector.calls.filter((c) => c.kind === 'update').pop()!;
  const text = cardText(cardOf(last));
  expect(text).toContain('Veeam reported a problem');
  expect(text).toContain('is not running');
  const [audit] = await h.app.store.audit.list({ jobName: 'SQL Server 日次バックアップ' });
  expect(audit.outcome).toBe('failed');
});

test('an ambiguous name offers the candidates as buttons; picking one continues with that job', async () => {
  const { cards, replies } = await h.say('start backup job');
  const text = cardText(cards[0]);
  expect(text).toContain('"backup job" matches several jobs');
  const picks = actionsOf(cards[0]).filter((a) => a.verb === VERBS.pickJob);
  expect(picks.map((p) => p.title)).toEqual(expect.arrayContaining(['VM Backup Job 1', 'VM Backup Job 2']));
  const pick = picks.find((p) => p.title === 'VM Backup Job 2')!;
  const next = await h.click(pick.verb, pick.data, { replyToId: replies[0].assignedId });
  expect(cardText(next)).toContain('Start VM Backup Job 2?');
});

test('an unknown job name suggests the closest names', async () => {
  const { cards } = await h.say('status VM Bakup Jbo 1');
  const text = cardText(cards[0]);
  expect(text).toContain('No job is called "VM Bakup Jbo 1"');
  expect(actionsOf(cards[0]).map((a) => a.title)).toContain('VM Backup Job 1');
});

test('with BOT_OPERATORS empty, start is refused with how to enable it', async () => {
  const open = await startBotHarness({ env: { BOT_OPERATORS: '' } });
  try {
    const sessions = open.sim!.state.sessions.size;
    const { cards } = await open.say('開始 VM Backup Job 1', { locale: 'ja-JP' });
    expect(cardText(cards[0])).toContain('BOT_OPERATORS');
    expect(cardText(cards[0])).toContain('オペレーターが設定されていない');
    expect(open.sim!.state.sessions.size).toBe(sessions);
    // Read-only commands stay open.
    expect(cardText((await open.say('jobs')).cards[0])).toContain('Backup jobs');
  } finally {
    await open.close();
  }
});
