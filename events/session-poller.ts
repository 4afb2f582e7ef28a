/**
 * Alerts without scripts: every VEEAM_POLLING_INTERVAL the poller reads the sessions that ended since its stored
 * checkpoint and feeds each into the same door as the webhook (handleJobEvent, source 'poller', runKey
 * session:<id>), so a session reported by both is one record and one card. Only the instance holding the
 * 'session-poller' lease polls when several share a database; the checkpoint survives restarts.
 */
import type { Logger } from '../logger';
import type { LeaseStore } from '../store/lease-store';
import type { VeeamClient, VeeamSession } from '../veeam/veeam-client';
import { handleJobEvent, type JobEventDeps } from './handle-job-event';
import { jobRunFromSession } from './job-run-from-session';

export const POLLER_LEASE = 'session-poller';
export const POLLER_CHECKPOINT = 'session-poller.endedAfter';

export interface SessionPollerOptions {
  veeam: VeeamClient;
  leases: LeaseStore;
  events: JobEventDeps;
  logger: Logger;
  intervalMs: number;
  owner: string;
  /** Where a first-ever poll starts (default: one interval ago, so old history is not alerted). */
  initialLookbackMs?: number;
  /** Sessions are re-read this far before the checkpoint (late-arriving end times); duplicates are free. */
  overlapMs?: number;
  pageSize?: number;
  now?: () => Date;
}

export class SessionPoller {
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<number> | undefined;
  private readonly now: () => Date;

  constructor(private readonly o: SessionPollerOptions) {
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.pollOnce(), this.o.intervalMs);
    this.timer.unref?.();
    void this.pollOnce();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.busy?.catch(() => undefined);
    await this.o.leases.release(POLLER_LEASE, this.o.owner).catch(() => undefined);
  }

  /** One poll (if this instance holds the lease). Returns how many sessions were handed to the pipeline. */
  pollOnce(): Promise<number> {
    this.busy ??= this.poll().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private async poll(): Promise<number> {
    const o = this.o;
    const started = this.now();
    try {
      // The lease outlives a few intervals so a slow poll is not taken over mid-way; a dead holder's lease expires.
      if (!(await o.leases.tryAcquire(POLLER_LEASE, o.owner, o.intervalMs * 3, started))) return 0;
      const stored = await o.leases.getCheckpoint(POLLER_CHECKPOINT);
      const checkpoint = stored ? new Date(stored) : new Date(started.getTime() - (o.initialLookbackMs ?? o.intervalMs));
      const endedAfter = new Date(checkpoint.getTime() - (o.overlapMs ?? 60_000));
      const sessions: VeeamSession[] = [];
      const limit = o.pageSize ?? 100;
      for (let skip = 0; ; skip += limit) {
        const page = await o.veeam.listEndedSessions({ endedAfter, limit, skip });
        sessions.push(...page);
        if (page.length < limit) break;
      }
      let newest = checkpoint;
      let handled = 0;
      // Oldest first, so the checkpoint only moves past sessions that are stored.
      for (const s of sessions.filter((x) => x.finished).sort((a, b) => (a.endTime?.getTime() ?? 0) - (b.endTime?.getTime() ?? 0))) {
        const details = await o.veeam.getSessionDetails(s.id);
        await handleJobEvent(jobRunFromSession(details, this.now()), o.events);
        handled += 1;
        if (s.endTime && s.endTime > newest) newest = s.endTime;
      }
      if (newest > checkpoint) await o.leases.setCheckpoint(POLLER_CHECKPOINT, newest.toISOString(), this.now());
      if (handled) o.logger.info({ sessions: handled, checkpoint: newest.toISOString() }, 'session poller handed ended sessions to the pipeline');
      return handled;
    } catch (err) {
      o.logger.warn({ err }, 'session poll failed; will try again at the next interval');
      return 0;
    }
  }
}
