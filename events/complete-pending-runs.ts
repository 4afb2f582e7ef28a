/**
 * Completes runs stored while still in progress (result None, or a minimal event with only jobId + sessionId)
 * by reading their Veeam session until it ends, then updates the stored run (history.update) and runs the alert
 * decision. Runs that never end within VEEAM_POLLING_TIMEOUT stay "in progress" and never alert as failed.
 * The set of runs being watched lives in memory; at start-up, runs still marked alertPending are handed back.
 */
import type { Logger } from '../logger';
import type { HistoryStore } from '../store/history-store';
import type { VeeamClient } from '../veeam/veeam-client';
import type { JobRun } from './job-run';
import { VeeamNotFoundError } from '../veeam/errors';
import { completionFromSession } from './job-run-from-session';

export interface PendingRunCompleterOptions {
  history: HistoryStore;
  veeam: VeeamClient;
  logger: Logger;
  /** Runs the alert decision for a run that is now finished. */
  decide: (run: JobRun) => Promise<void>;
  intervalMs: number;
  timeoutMs: number;
  now?: () => Date;
}

export class PendingRunCompleter {
  private readonly watched = new Map<string, { sessionId: string; since: number }>();
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private readonly now: () => Date;

  constructor(private readonly o: PendingRunCompleterOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Starts watching a stored, unfinished run. Without a session id there is nothing to read: it stays in progress. */
  watch(run: JobRun): void {
    if (run.finished || !run.sessionId) return;
    if (!this.watched.has(run.id)) this.watched.set(run.id, { sessionId: run.sessionId, since: run.receivedAt.getTime() });
    this.ensureTimer();
    // The first look is immediate: a minimal event usually arrives after the session ended.
    void this.checkAll();
  }

  get size(): number {
    return this.watched.size;
  }

  async checkAll(): Promise<void> {
    if (this.busy) return this.busy;
    this.busy = (async () => {
      for (const [id, w] of [...this.watched]) await this.check(id, w);
    })().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.busy ?? Promise.resolve();
  }

  private async check(id: string, w: { sessionId: string; since: number }): Promise<void> {
    const log = this.o.logger.child({ runId: id, sessionId: w.sessionId });
    try {
      const stored = await this.o.history.get(id);
      if (!stored || stored.finished) {
        this.watched.delete(id);
        return;
      }
      const session = await this.o.veeam.getSessionDetails(w.sessionId);
      if (!session.finished) {
        if (this.now().getTime() - w.since > this.o.timeoutMs) {
          this.watched.delete(id);
          await this.o.history.update(id, { alertPending: false });
          log.warn('session still not finished after VEEAM_POLLING_TIMEOUT; the run stays "in progress" and will not alert');
        }
        return;
      }
      const updated = await this.o.history.update(id, { ...completionFromSession(stored, session), alertPending: true });
      this.watched.delete(id);
      log.info({ result: updated?.result }, 'in-progress run completed from the Veeam session');
      if (updated) await this.o.decide(updated);
    } catch (err) {
      if (err instanceof VeeamNotFoundError) {
        // Veeam does not know this session (a wrong id, or one already removed by retention): nothing to wait for.
        this.watched.delete(id);
        await this.o.history.update(id, { alertPending: false }).catch(() => undefined);
        log.warn('Veeam does not know this session; the run stays "in progress" and will not alert');
        return;
      }
      if (this.now().getTime() - w.since > this.o.timeoutMs) {
        this.watched.delete(id);
        log.warn({ err }, 'could not read the Veeam session within VEEAM_POLLING_TIMEOUT; the run stays "in progress"');
        return;
      }
      log.warn({ err }, 'could not read the Veeam session yet; will try again');
    }
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.watched.size) return;
      void this.checkAll();
    }, this.o.intervalMs);
    this.timer.unref?.();
  }
}
