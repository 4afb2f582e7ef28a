/**
 * The behaviour every AuditStore adapter must have. Run by sqlite-audit-store.test.ts always and by
 * mongo-audit-store.test.ts when MONGODB_URI is set. `open` may be called twice for the same database, to
 * stand for two bot instances sharing it.
 */
import { randomUUID } from 'node:crypto';
import type { AuditStore, NewAuditRecord } from '../../store/audit-store';

export interface OpenedAudit {
  audit: AuditStore;
  close(): Promise<void>;
}

export function makeAudit(overrides: Partial<NewAuditRecord> = {}): NewAuditRecord {
  return {
    action: 'start',
    jobId: 'job-1',
    jobName: 'VM Backup Job 1',
    actor: { id: '29:dana', name: 'Dana Ops', aadObjectId: 'aad-dana' },
    conversationId: 'a:conv',
    outcome: 'pending',
    ...overrides,
  };
}

export function auditStoreContract(name: string, openShared: () => Promise<{ first: OpenedAudit; second: OpenedAudit; dispose(): Promise<void> }>): void {
  describe(`AuditStore contract: ${name}`, () => {
    let first: OpenedAudit;
    let second: OpenedAudit;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ first, second, dispose } = await openShared());
    });
    afterEach(async () => {
      await dispose();
    });

    test('the first claim of a key wins; a second claim returns the existing record and writes nothing', async () => {
      const key = `claim-${randomUUID()}`;
      const a = await first.audit.claim(key, makeAudit());
      expect(a.claimed).toBe(true);
      const b = await first.audit.claim(key, makeAudit({ actor: { id: '29:other' } }));
      expect(b.claimed).toBe(false);
      if (b.claimed || !a.claimed) throw new Error('unreachable');
      expect(b.existing.id).toBe(a.record.id);
      expect(b.existing.actor.id).toBe('29:dana');
      expect(await first.audit.list({ limit: 200 })).toHaveLength(1);
    });

    test('concurrent claims of one key from two instances: exactly one wins', async () => {
      const key = `claim-${randomUUID()}`;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? second : first).audit.claim(key, makeAudit({ detail: `attempt ${i}` }))),
      );
      expect(results.filter((r) => r.claimed)).toHaveLength(1);
      const winner = results.find((r) => r.claimed);
      for (const r of results) if (!r.claimed && winner?.claimed) expect(r.existing.id).toBe(winner.record.id);
    });

    test('records without a claim key never conflict', async () => {
      await first.audit.append(makeAudit({ outcome: 'refused' }));
      await first.audit.append(makeAudit({ outcome: 'refused' }));
      const list = await first.audit.list({});
      expect(list.map((r) => r.outcome)).toEqual(['refused', 'refused']);
      expect(list[0].claimKey).toBeUndefined();
    });

    test('update changes the outcome and keeps who/what/when', async () => {
      const claimed = await first.audit.claim('k-update', makeAudit({ at: new Date('2026-01-10T02:00:00Z') }));
      if (!claimed.claimed) throw new Error('not claimed');
      const updated = await first.audit.update(claimed.record.id, { outcome: 'accepted', sessionId: 'sess-1' });
      expect(updated).toMatchObject({ outcome: 'accepted', sessionId: 'sess-1', jobName: 'VM Backup Job 1', action: 'start' });
      const got = await second.audit.get(claimed.record.id);
      expect(got?.at).toEqual(new Date('2026-01-10T02:00:00Z'));
      expect(got?.updatedAt.getTime()).toBeGreaterThanOrEqual(got!.at.getTime());
      expect(got?.actor).toEqual({ id: '29:dana', name: 'Dana Ops', aadObjectId: 'aad-dana' });
      expect((await second.audit.getByClaimKey('k-update'))?.outcome).toBe('accepted');
      expect(await first.audit.update('no-such-id', { outcome: 'failed' })).toBeUndefined();
    });

    test('list is newest first and filters by job name', async () => {
      await first.audit.append(makeAudit({ at: new Date('2026-01-01T00:00:00Z'), jobName: 'A' }));
      await first.audit.append(makeAudit({ at: new Date('2026-01-03T00:00:00Z'), jobName: 'B' }));
      await first.audit.append(makeAudit({ at: new Date('2026-01-02T00:00:00Z'), jobName: 'A' }));
      expect((await first.audit.list()).map((r) => r.at.toISOString().slice(0, 10))).toEqual(['2026-01-03', '2026-01-02', '2026-01-01']);
      expect((await first.audit.list({ jobName: 'A' })).map((r) => r.jobName)).toEqual(['A', 'A']);
      expect(await first.audit.list({ limit: 1 })).toHaveLength(1);
    });
  });
}
