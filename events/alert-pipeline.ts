/**
 * Assembles the alert path behind the one door (handleJobEvent): the stored-run listener (finished → decide;
 * in progress → complete from Veeam), the outbox worker, the optional session poller, and the start-up re-scan
 * of runs whose decision was still owed when the process stopped. app.ts builds it from config and the Notifier.
 */
import { randomUUID } from 'node:crypto';
import { decideAlerts, isAlertable } from '../alerts/decide-alerts';
import type { Notifier } from '../alerts/notifier';
import { OutboxWorker } from '../alerts/outbox-worker';
import type { BackoffPolicy } from '../alerts/retry-delay';
import type { Logger } from '../logger';
import type { StormRule } from '../store/outbox-store';
import type { Store } from '../store/store';
import type { VeeamClient } from '../veeam/veeam-client';
import { PendingRunCompleter } from './complete-pending-runs';
import type { StoredRunListener } from './handle-job-event';
import type { JobRun } from './job-run';
import { SessionPoller } from './session-poller';

export interface AlertPipelineOptions {
  store: Pick<Store, 'history' | 'conversations' | 'outbox' | 'leases'>;
  notifier: Notifier;
  logger: Logger;
  /** Present when the Veeam API is configured: in-progress runs are completed from it, and the poller may run. */
  veeam?: VeeamClient;
  storm: StormRule;
  defaultTimeZone: string;
  worker?: { pollIntervalMs?: number; backoff?: BackoffPolicy; maxAttempts?: number; leaseMs?: number };
  veeamPolling: { intervalMs: number; timeoutMs: number };
  pollSessions: boolean;
  /** How far back the start-up re-scan looks for runs still owed a decision. Default 72 h. */
  rescanWindowMs?: number;
  /**
   * How often runs still owed a decision are looked for while running (a decision that failed on a transient store
   * or Veeam error is retried without waiting for a restart). Default 60 s; only runs received over 30 s ago and
   * within the last 6 h are taken, so a decision in flight is not raced.
   */
  rescanIntervalMs?: number;
  now?: () => Date;
}

export interface AlertPipeline {
  /** Plug into handleJobEvent's listeners. */
  listener: StoredRunListener;
  worker: OutboxWorker;
  poller?: SessionPoller;
  completer?: PendingRunCompleter;
  /** Re-scan owed decisions, then start the worker (and the poller). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Decides again every run still marked alertPending (at start-up, then every rescanIntervalMs). */
  rescanPending(scan?: { windowMs?: number; minAgeMs?: number }): Promise<number>;
}

export function createAlertPipeline(o: AlertPipelineOptions): AlertPipeline {
  const now = o.now ?? (() => new Date());
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const worker = new OutboxWorker({
    outbox: o.store.outbox,
    conversations: o.store.conversations,
    history: o.store.history,
    notifier: o.notifier,
    logger: o.logger.child({ component: 'outbox-worker' }),
    storm: o.storm,
    defaultTimeZone: o.defaultTimeZone,
    owner: `worker-${owner}`,
    now,
    ...o.worker,
  });

  const decide = async (run: JobRun): Promise<void> => {
    const decision = await decideAlerts(run, { ...o.store, storm: o.storm, logger: o.logger, now });
    if (decision.queued.length || decision.folded.length || decision.recoveries) worker.wake();
  };

  const completer = o.veeam
    ? new PendingRunCompleter({ history: o.store.history, veeam: o.veeam, logger: o.logger, decide, ...o.veeamPolling, now })
    : undefined;

  const listener: StoredRunListener = async (run) => {
    if (isAlertable(run)) await decide(run);
    else completer?.watch(run);
  };

  const poller =
    o.veeam && o.pollSessions
      ? new SessionPoller({
          veeam: o.veeam,
          leases: o.store.leases,
          events: { history: o.store.history, logger: o.logger, listeners: [listener] },
          logger: o.logger.child({ component: 'session-poller' }),
          intervalMs: o.veeamPolling.intervalMs,
          owner: `poller-${owner}`,
          now,
        })
      : undefined;

  async function rescanPending(scan: { windowMs?: number; minAgeMs?: number } = {}): Promise<number> {
    const from = new Date(now().getTime() - (scan.windowMs ?? o.rescanWindowMs ?? 72 * 3600_000));
    const receivedBefore = now().getTime() - (scan.minAgeMs ?? 0);
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await o.store.history.list({ from, limit: 200, cursor });
      for (const run of page.items) {
        if (!run.alertPending || run.receivedAt.getTime() > receivedBefore) continue;
        n += 1;
        try {
          await listener(run);
        } catch (err) {
          o.logger.error({ err, runId: run.id }, 'owed alert decision failed again; it is retried on the next re-scan');
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    if (n) o.logger.info({ runs: n }, 'owed alert decisions were made');
    return n;
  }

  let rescanTimer: NodeJS.Timeout | undefined;
  let rescanning: Promise<unknown> | undefined;

  return {
    listener,
    worker,
    poller,
    completer,
    async start() {
      await rescanPending();
      worker.start();
      poller?.start();
      rescanTimer = setInterval(() => {
        rescanning ??= rescanPending({ windowMs: 6 * 3600_000, minAgeMs: 30_000 })
          .catch((err: unknown) => o.logger.warn({ err }, 're-scan of owed alert decisions failed; next time'))
          .finally(() => (rescanning = undefined));
      }, o.rescanIntervalMs ?? 60_000);
      rescanTimer.unref?.();
    },
    async stop() {
      if (rescanTimer) clearInterval(rescanTimer);
      await rescanning;
      await poller?.stop();
      await completer?.stop();
      await worker.stop();
    },
    rescanPending,
  };
}
