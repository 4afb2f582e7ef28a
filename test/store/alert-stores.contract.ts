/**
 * The behaviour every adapter of the conversation, outbox and lease repositories must have. Run by
 * sqlite-alert-stores.test.ts always and by mongo-alert-stores.test.ts when MONGODB_URI is set.
 */
import type { ConversationStore, SeenConversation } from '../../store/conversation-store';
import type { LeaseStore } from '../../store/lease-store';
import type { OutboxStore, StormRule } from '../../store/outbox-store';

export interface AlertStores {
  conversations: ConversationStore;
  outbox: OutboxStore;
  leases: LeaseStore;
  close(): Promise<void>;
}

export function seenChannel(overrides: Partial<SeenConversation> = {}): SeenConversation {
  return {
    id: '19:chan-a@thread.tacv2',
    kind: 'channel',
    serviceUrl: 'https://smba.example/amer/',
    tenantId: 'tenant-1',
    teamId: '19:team-1@thread.tacv2',
    teamName: 'Backup Ops',
    channelId: '19:chan-a@thread.tacv2',
    bot: { id: '28:bot', name: 'Veeam Bot' },
    reference: { conversation: { id: '19:chan-a@thread.tacv2' } },
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    ...overrides,
  };
}

const T0 = new Date('2026-03-01T02:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const STORM: StormRule = { threshold: 3, windowMs: 600_000 };

export function alertStoresContract(name: string, open: () => Promise<AlertStores>): void {
  describe(`alert repositories contract: ${name}`, () => {
    let s: AlertStores;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(async () => {
      await s.close();
    });

    describe('conversations', () => {
      test('first sight creates with the default subscription; later sights refresh but keep settings', async () => {
        const first = await s.conversations.upsertSeen(seenChannel(), T0, { enabled: true, level: 'failed' });
        expect(first.created).toBe(true);
        expect(first.target).toMatchObject({ status: 'active', subscription: { enabled: true, level: 'failed' }, timeZone: 'Asia/Tokyo' });
        await s.conversations.setSubscription(first.target.id, { enabled: true, level: 'warning', jobFilter: 'SQL' }, at(1));
        const again = await s.conversations.upsertSeen(seenChannel({ serviceUrl: 'https://smba.example/emea/', timeZone: undefined }), at(2), { enabled: true, level: 'all' });
        expect(again.created).toBe(false);
        expect(again.target.serviceUrl).toBe('https://smba.example/emea/');
        expect(again.target.timeZone).toBe('Asia/Tokyo');
        expect(again.target.subscription).toEqual({ enabled: true, level: 'warning', jobFilter: 'SQL' });
        expect(again.target.createdAt).toEqual(T0);
      });

      test('listSubscribed returns active, enabled conversations only', async () => {
        await s.conversations.upsertSeen(seenChannel({ id: 'a' }), T0, { enabled: true, level: 'failed' });
        await s.conversations.upsertSeen(seenChannel({ id: 'b' }), T0);
        await s.conversations.upsertSeen(seenChannel({ id: 'c' }), T0, { enabled: true, level: 'all' });
        await s.conversations.upsertSeen(seenChannel({ id: 'd' }), T0, { enabled: false, level: 'all' });
        await s.conversations.setStatus('c', 'unreachable', 'BotNotInConversationRoster', at(1));
        expect((await s.conversations.listSubscribed()).map((t) => t.id)).toEqual(['a']);
        expect(await s.conversations.get('c')).toMatchObject({ status: 'unreachable', statusReason: 'BotNotInConversationRoster', statusChangedAt: at(1) });
      });

      test('a message after a removal makes the conversation active again; after a 403 it stays unreachable until re-enabled', async () => {
        await s.conversations.upsertSeen(seenChannel(), T0, { enabled: true, level: 'failed' });
        await s.conversations.setStatus(seenChannel().id, 'removed', 'uninstalled', at(1));
        expect((await s.conversations.upsertSeen(seenChannel(), at(2))).target).toMatchObject({ status: 'active', statusChangedAt: at(2) });
        await s.conversations.setStatus(seenChannel().id, 'unreachable', 'BotNotInConversationRoster', at(3));
        const still = await s.conversations.upsertSeen(seenChannel(), at(4));
        expect(still.target).toMatchObject({ status: 'unreachable', statusReason: 'BotNotInConversationRoster', statusChangedAt: at(3) });
        await s.conversations.setStatus(seenChannel().id, 'active', undefined, at(5));
        expect(await s.conversations.get(seenChannel().id)).toMatchObject({ status: 'active' });
        expect((await s.conversations.get(seenChannel().id))?.statusReason).toBeUndefined();
      });

      test('removing the bot from a team marks every channel of the team removed and allows a new welcome', async () => {
        await s.conversations.upsertSeen(seenChannel({ id: 'x' }), T0);
        await s.conversations.upsertSeen(seenChannel({ id: 'y' }), T0);
        await s.conversations.upsertSeen(seenChannel({ id: 'z', teamId: 'other' }), T0);
        expect(await s.conversations.claimWelcome('x', T0)).toBe(true);
        expect(await s.conversations.claimWelcome('x', at(1))).toBe(false);
        expect(await s.conversations.markTeamRemoved(seenChannel().teamId!, 'uninstalled', at(2))).toBe(2);
        expect((await s.conversations.get('x'))?.status).toBe('removed');
        expect((await s.conversations.get('z'))?.status).toBe('active');
        await s.conversations.upsertSeen(seenChannel({ id: 'x' }), at(3));
        expect(await s.conversations.claimWelcome('x', at(3))).toBe(true);
      });

      test('only one of many concurrent welcome claims wins', async () => {
        await s.conversations.upsertSeen(seenChannel(), T0);
        const wins = await Promise.all(Array.from({ length: 8 }, () => s.conversations.claimWelcome(seenChannel().id, T0)));
        expect(wins.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('outbox', () => {
      const enqueue = (runId: string, when: Date, targetId = 't1', jobId = 'job-1') => s.outbox.enqueueAlert({ runId, jobId, targetId, now: when, storm: STORM });

      test('one entry per (run, target): a repeat is a duplicate', async () => {
        const a = await enqueue('r1', T0);
        const b = await enqueue('r1', at(1));
        const c = await enqueue('r1', at(1), 't2');
        expect(a.outcome).toBe('queued');
        expect(b).toMatchObject({ outcome: 'duplicate', entry: { id: a.entry.id } });
        expect(c.outcome).toBe('queued');
        expect(a.entry).toMatchObject({ kind: 'alert', status: 'pending', attempts: 0, version: 1, nextAttemptAt: T0, targetId: 't1', runId: 'r1' });
      });

      test('above the threshold within the window, alerts fold into one digest that is reopened on each fold', async () => {
        for (let i = 0; i < 3; i++) expect((await enqueue(`r${i}`, at(i))).outcome).toBe('queued');
        const f1 = await enqueue('r3', at(3));
        expect(f1.outcome).toBe('folded');
        const digestId = f1.digest!.id;
        expect(f1.digest).toMatchObject({ kind: 'digest', status: 'pending', targetId: 't1' });
        // The digest is sent; the next fold makes it pending again, with a new version.
        const [claimed] = (await s.outbox.claimDue('w', at(4), 60_000, 10)).filter((e) => e.id === digestId);
        await s.outbox.complete(digestId, 'w', { activityId: 'act-d', conversationId: 'conv-d' }, claimed.version, at(4));
        expect((await s.outbox.get(digestId))?.status).toBe('sent');
        const f2 = await enqueue('r4', at(5));
        expect(f2).toMatchObject({ outcome: 'folded', digest: { id: digestId, status: 'pending', activityId: 'act-d' } });
        expect(f2.digest!.version).toBeGreaterThan(claimed.version);
        expect((await s.outbox.listFolded(digestId)).map((e) => e.runId)).toEqual(['r3', 'r4']);
        // Another target is not affected by this storm.
        expect((await enqueue('r5', at(6), 't2')).outcome).toBe('queued');
        // After a quiet window the storm is over: a new alert gets its own card.
        expect((await enqueue('r6', at(5 + 601))).outcome).toBe('queued');
      });

      test('a send that completes an older version leaves the entry pending (a fold arrived meanwhile)', async () => {
        for (let i = 0; i < 4; i++) await enqueue(`r${i}`, at(i));
        const digestId = (await enqueue('r4', at(4))).digest!.id;
        const [claimed] = (await s.outbox.claimDue('w', at(5), 60_000, 10)).filter((e) => e.id === digestId);
        await enqueue('r5', at(6));
        await s.outbox.complete(digestId, 'w', { activityId: 'a', conversationId: 'c' }, claimed.version, at(7));
        expect(await s.outbox.get(digestId)).toMatchObject({ status: 'pending', activityId: 'a' });
      });

      test('claims are exclusive until the lease ends; reschedule and finish need the owner', async () => {
        await enqueue('r1', T0);
        await enqueue('r2', at(1));
        const [a, b] = await Promise.all([s.outbox.claimDue('A', at(2), 30_000, 10), s.outbox.claimDue('B', at(2), 30_000, 10)]);
        expect(a.length + b.length).toBe(2);
        expect(new Set([...a, ...b].map((e) => e.id)).size).toBe(2);
        expect(await s.outbox.claimDue('C', at(3), 30_000, 10)).toEqual([]);
        const stolen = await s.outbox.claimDue('C', at(33), 300_000, 10);
        expect(stolen).toHaveLength(2);
        const e = stolen[0];
        await s.outbox.reschedule(e.id, 'A', at(100), at(34), { error: 'late owner' });
        expect((await s.outbox.get(e.id))?.attempts).toBe(0);
        await s.outbox.reschedule(e.id, 'C', at(100), at(34), { error: '429 Too Many Requests' });
        expect(await s.outbox.get(e.id)).toMatchObject({ attempts: 1, lastError: '429 Too Many Requests', nextAttemptAt: at(100), status: 'pending' });
        expect(await s.outbox.claimDue('C', at(99), 30_000, 10)).toEqual([]);
        expect((await s.outbox.claimDue('C', at(100), 30_000, 10)).map((x) => x.id)).toEqual([e.id]);
        await s.outbox.finish(e.id, 'C', 'failed', '403 BotNotInConversationRoster', at(101));
        expect(await s.outbox.get(e.id)).toMatchObject({ status: 'failed', attempts: 2 });
        await s.outbox.complete(stolen[1].id, 'C', { activityId: 'x', conversationId: 'y' }, stolen[1].version, at(102));
        expect(await s.outbox.countByStatus('t1')).toMatchObject({ failed: 1, sent: 1, pending: 0 });
      });

      test('claimDue returns the oldest due entries first and respects the limit', async () => {
        await enqueue('r1', at(5));
        await enqueue('r2', at(1));
        await enqueue('r3', at(2), 't2');
        const got = await s.outbox.claimDue('w', at(10), 1000, 2);
        expect(got.map((e) => e.runId)).toEqual(['r2', 'r3']);
      });

      test('a success queues one recovery per unrecovered alert of that job in that target, once', async () => {
        await enqueue('r1', T0);
        await enqueue('r2', at(1), 't1', 'job-2');
        const first = await s.outbox.enqueueRecoveries({ jobId: 'job-1', targetId: 't1', runId: 'ok1', now: at(2) });
        expect(first).toHaveLength(1);
        expect(first[0]).toMatchObject({ kind: 'recovery', status: 'pending', runId: 'ok1', refEntryId: (await s.outbox.getByKey('alert:r1:t1'))!.id });
        expect(await s.outbox.enqueueRecoveries({ jobId: 'job-1', targetId: 't1', runId: 'ok2', now: at(3) })).toEqual([]);
        expect((await s.outbox.getByKey('alert:r1:t1'))?.recoveredByRunId).toBe('ok1');
      });
    });

    describe('leases and checkpoints', () => {
      test('one holder at a time; renewable by the holder; free after expiry or release', async () => {
        expect(await s.leases.tryAcquire('poller', 'A', 10_000, T0)).toBe(true);
        expect(await s.leases.tryAcquire('poller', 'B', 10_000, at(1))).toBe(false);
        expect(await s.leases.tryAcquire('poller', 'A', 10_000, at(5))).toBe(true);
        expect(await s.leases.tryAcquire('poller', 'B', 10_000, at(14))).toBe(false);
        expect(await s.leases.tryAcquire('poller', 'B', 10_000, at(15))).toBe(true);
        await s.leases.release('poller', 'A');
        expect(await s.leases.tryAcquire('poller', 'A', 10_000, at(16))).toBe(false);
        await s.leases.release('poller', 'B');
        expect(await s.leases.tryAcquire('poller', 'A', 10_000, at(16))).toBe(true);
      });

      test('concurrent acquisition: exactly one winner', async () => {
        const wins = await Promise.all(['A', 'B', 'C', 'D'].map((o) => s.leases.tryAcquire('x', o, 10_000, T0)));
        expect(wins.filter(Boolean)).toHaveLength(1);
      });

      test('checkpoints round-trip', async () => {
        expect(await s.leases.getCheckpoint('poller')).toBeUndefined();
        await s.leases.setCheckpoint('poller', '2026-03-01T02:00:00.000Z', T0);
        await s.leases.setCheckpoint('poller', '2026-03-01T03:00:00.000Z', at(1));
        expect(await s.leases.getCheckpoint('poller')).toBe('2026-03-01T03:00:00.000Z');
      });
    });
  });
}
