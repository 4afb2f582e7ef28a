/**
 * Sends what the outbox holds. Each tick claims due entries with a lease (atomic in the store, so instances sharing
 * a database never send one entry twice), renders the card, keeps each conversation within Teams' per-thread rate
 * limits, and records the outcome: sent (with the Teams activity id), retried later with backoff and jitter
 * (429 honours Retry-After; 412, 5xx and network errors back off), or given up. A 403 marks the conversation
 * unreachable (shown by `alerts`) instead of retrying forever. Pending entries survive a restart: they are rows.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { ConversationStore } from '../store/conversation-store';
import type { HistoryStore } from '../store/history-store';
import type { OutboxEntry, OutboxStore, StormRule } from '../store/outbox-store';
import { describeFailure, type DeliveryResult, type Notifier } from './notifier';
import { ConversationRateLimiter } from './rate-limiter';
import { renderOutboxEntry } from './render-outbox-entry';
import { retryDelayMs, type BackoffPolicy } from './retry-delay';

export interface OutboxWorkerOptions {
  outbox: OutboxStore;
  conversations: ConversationStore;
  history: HistoryStore;
  notifier: Notifier;
  logger: Logger;
  storm: StormRule;
  defaultTimeZone: string;
  /** How often to look for due entries when idle (ms). Default 1000. */
  pollIntervalMs?: number;
  /** Backoff for failed sends. Default base 2 s, max 15 min. */
  backoff?: BackoffPolicy;
  /** Failed attempts before an entry is given up. Default 20 (about 2 hours with the default backoff). */
  maxAttempts?: number;
  /** How long a claim holds before another instance may take the entry (ms). Default 120 s. */
  leaseMs?: number;
  batchSize?: number;
  /** How long a "wait" (recovery before its alert is out) defers an entry (ms). Default 5 s. */
  waitMs?: number;
  limiter?: ConversationRateLimiter;
  now?: () => Date;
  random?: () => number;
  /** Unique per process; defaults to a random id. */
  owner?: string;
}

export class OutboxWorker {
  readonly owner: string;
  private readonly limiter: ConversationRateLimiter;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private wakeRequested = false;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.owner = o.owner ?? `worker-${randomUUID()}`;
    this.limiter = o.limiter ?? new ConversationRateLimiter();
    this.now = o.now ?? (() => new Date());
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops after the entries in hand are finished (their outcome is recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** New entries were written: look now instead of at the next poll. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** One pass: claim what is due and process it. Returns how many entries were handled. */
  async runOnce(): Promise<number> {
    const o = this.o;
    const entries = await o.outbox.claimDue(this.owner, this.now(), o.leaseMs ?? 120_000, o.batchSize ?? 20);
    if (!entries.length) return 0;
    // Entries for one conversation go in order; different conversations go side by side.
    const byTarget = new Map<string, OutboxEntry[]>();
    for (const e of entries) byTarget.set(e.targetId, [...(byTarget.get(e.targetId) ?? []), e]);
    await Promise.all(
      [...byTarget.values()].map(async (list) => {
        for (const entry of list) {
          try {
            await this.process(entry);
          } catch (err) {
            // A store or rendering error: give the entry back for a later try rather than lose it.
            o.logger.error({ err, entryId: entry.id }, 'outbox entry could not be processed; will retry');
            await o.outbox
              .reschedule(entry.id, this.owner, new Date(this.now().getTime() + this.delay(entry.attempts + 1)), this.now(), { error: String(err).slice(0, 500) })
              .catch(() => undefined);
          }
        }
      }),
    );
    return entries.length;
  }

  private async process(entry: OutboxEntry): Promise<void> {
    const o = this.o;
    const log = o.logger.child({ entryId: entry.id, kind: entry.kind, targetId: entry.targetId, runId: entry.runId });
    const target = await o.conversations.get(entry.targetId);
    if (!target || target.status !== 'active') {
      await o.outbox.finish(entry.id, this.owner, 'skipped', `conversation ${target?.status ?? 'unknown'}${target?.statusReason ? ` (${target.statusReason})` : ''}`, this.now());
      log.warn({ status: target?.status }, 'alert not sent: the conversation is not active');
      return;
    }
    const rendered = await renderOutboxEntry(entry, target, { history: o.history, outbox: o.outbox, storm: o.storm, defaultTimeZone: o.defaultTimeZone });
    if (rendered.action === 'skip') {
      await o.outbox.finish(entry.id, this.owner, 'skipped', rendered.reason, this.now());
      log.info({ reason: rendered.reason }, 'outbox entry skipped');
      return;
    }
    if (rendered.action === 'wait') {
      await o.outbox.reschedule(entry.id, this.owner, new Date(this.now().getTime() + (o.waitMs ?? 5000)), this.now());
      return;
    }
    const wait = this.limiter.reserve(target.id, this.now().getTime());
    if (wait > 0) {
      await o.outbox.reschedule(entry.id, this.owner, new Date(this.now().getTime() + wait), this.now());
      log.debug({ waitMs: wait }, 'rate limit for this conversation reached; entry deferred');
      return;
    }
    const result: DeliveryResult =
      rendered.action === 'send' ? await o.notifier.send(target, rendered.card) : await o.notifier.update(target, rendered.message, rendered.card);
    const now = this.now();
    if (result.ok) {
      await o.outbox.complete(entry.id, this.owner, result.message, entry.version, now);
      log.info({ activityId: result.message.activityId, action: rendered.action, attempts: entry.attempts }, 'alert delivered to Teams');
      return;
    }
    const f = result.failure;
    const error = describeFailure(f);
    switch (f.kind) {
      case 'forbidden':
        await o.conversations.setStatus(target.id, 'unreachable', f.code ?? 'Forbidden', now);
        await o.outbox.finish(entry.id, this.owner, 'failed', error, now);
        log.warn({ code: f.code }, 'Teams refused the alert (403): conversation marked unreachable, alerts to it stop');
        return;
      case 'permanent':
        await o.outbox.finish(entry.id, this.owner, 'failed', error, now);
        log.error({ status: f.status, code: f.code }, 'alert cannot be delivered; given up');
        return;
      case 'throttled':
      case 'transient': {
        const attempt = entry.attempts + 1;
        // 0 (the default) never gives up: an alert waits out any Teams outage rather than being dropped.
        if ((o.maxAttempts ?? 0) > 0 && attempt >= (o.maxAttempts ?? 0)) {
          await o.outbox.finish(entry.id, this.owner, 'failed', `gave up after ${attempt} attempts; last: ${error}`, now);
          log.error({ attempts: attempt, status: f.status }, 'alert given up after too many attempts');
          return;
        }
        const retryAfter = f.kind === 'throttled' ? f.retryAfterMs ?? 0 : 0;
        if (f.kind === 'throttled') this.limiter.pause(target.id, now.getTime() + retryAfter);
        const delay = this.delay(attempt, retryAfter);
        await o.outbox.reschedule(entry.id, this.owner, new Date(now.getTime() + delay), now, { error });
        log.warn({ status: f.status, attempt, retryInMs: delay }, 'alert send failed; will retry');
        return;
      }
    }
  }

  private delay(attempt: number, atLeastMs = 0): number {
    return retryDelayMs(attempt, this.o.backoff ?? { baseMs: 2000, maxMs: 15 * 60_000 }, this.o.random, atLeastMs);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.loop().finally(() => {
        this.running = undefined;
      });
    }, ms);
    this.timer.unref?.();
  }

  private async loop(): Promise<void> {
    let handled = 0;
    try {
      handled = await this.runOnce();
    } catch (err) {
      this.o.logger.error({ err }, 'outbox worker pass failed; retrying at the next poll');
    }
    const again = handled > 0 || this.wakeRequested;
    this.wakeRequested = false;
    this.schedule(again ? 0 : this.o.pollIntervalMs ?? 1000);
  }
}
