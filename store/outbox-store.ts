/**
 * The alert outbox: one entry per (event, target), written before anything is sent, so a crash or a Teams outage
 * never loses an alert and a duplicate event never adds one (the key is unique). Workers claim due entries with a
 * lease, so several bot instances sharing one database never send the same entry twice at the same time.
 */

/** alert: one run's card; digest: the storm card many runs fold into; recovery: update of an alert card. */
export type OutboxKind = 'alert' | 'digest' | 'recovery';

/**
 * pending: to be sent (or, for a digest that already has an activityId, to be updated);
 * sent: done; folded: an alert that went into a digest instead of its own card;
 * failed: given up (permanent error or too many attempts); skipped: nothing to do (target gone, original never sent).
 */
export type OutboxStatus = 'pending' | 'sent' | 'folded' | 'failed' | 'skipped';

export interface OutboxEntry {
  id: string;
  /** Unique: alert:<runId>:<targetId>, digest:<targetId>:<firstRunId>, recovery:<alertEntryId>. */
  key: string;
  kind: OutboxKind;
  targetId: string;
  /** alert: the run; recovery: the later successful run; digest: the run that opened it. */
  runId?: string;
  jobId?: string;
  /** recovery: the alert entry whose card is updated. */
  refEntryId?: string;
  /** A folded alert: the digest entry it went into. */
  digestId?: string;
  status: OutboxStatus;
  /** Failed send attempts so far. */
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner?: string;
  leaseUntil?: Date;
  lastError?: string;
  /** Teams' id for the posted card (for updates in place). */
  activityId?: string;
  /** The conversation the card lives in (for a channel: the new thread's id). */
  conversationId?: string;
  /** Set on an alert once a later success of the same job queued a recovery update. */
  recoveredByRunId?: string;
  /** Bumped whenever the content changes (a run folded into a digest); a send completes only the version it rendered. */
  version: number;
  /** Digest: when the last run folded in (the storm is over once the window passes without one). */
  lastFoldAt?: Date;
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
}

export interface StormRule {
  /** More than this many alerts for one target within the window fold into a digest. */
  threshold: number;
  windowMs: number;
}

export interface EnqueueAlertInput {
  runId: string;
  jobId: string;
  targetId: string;
  now: Date;
  storm: StormRule;
}

export interface EnqueueAlertOutcome {
  /** queued: its own card; folded: into a digest (the digest entry is pending again); duplicate: already there. */
  outcome: 'queued' | 'folded' | 'duplicate';
  entry: OutboxEntry;
  digest?: OutboxEntry;
}

export interface DeliveredMessage {
  activityId: string;
  conversationId: string;
}

export interface OutboxStore {
  /** Decides atomically between an own card and the target's digest, and writes the entry. Idempotent per (run, target). */
  enqueueAlert(input: EnqueueAlertInput): Promise<EnqueueAlertOutcome>;
  /**
   * For a successful run: every alert of the same job in that target that is not recovered yet gets a recovery entry
   * (idempotent). Returns the entries created now.
   */
  enqueueRecoveries(input: { jobId: string; targetId: string; runId: string; now: Date }): Promise<OutboxEntry[]>;
  /** Claims up to `limit` due, unleased, pending entries for `owner` until now + leaseMs. Oldest due first. */
  claimDue(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxEntry[]>;
  /** The claimed send succeeded. Becomes sent, or pending again when the entry changed (version) meanwhile. */
  complete(id: string, owner: string, delivered: DeliveredMessage, version: number, now: Date): Promise<void>;
  /** Gives the claim back; tries again at nextAttemptAt. `failed` counts an attempt and records the error. */
  reschedule(id: string, owner: string, nextAttemptAt: Date, now: Date, failed?: { error: string }): Promise<void>;
  /** Ends the entry without sending (failed or skipped). */
  finish(id: string, owner: string, status: 'failed' | 'skipped', reason: string, now: Date): Promise<void>;
  get(id: string): Promise<OutboxEntry | undefined>;
  getByKey(key: string): Promise<OutboxEntry | undefined>;
  /** The alerts folded into a digest, oldest first. */
  listFolded(digestId: string): Promise<OutboxEntry[]>;
  /** Counts by status for one target (shown by the `alerts` command). */
  countByStatus(targetId: string): Promise<Record<OutboxStatus, number>>;
}

export function emptyStatusCounts(): Record<OutboxStatus, number> {
  return { pending: 0, sent: 0, folded: 0, failed: 0, skipped: 0 };
}

export const alertKey = (runId: string, targetId: string) => `alert:${runId}:${targetId}`;
export const digestKey = (targetId: string, firstRunId: string) => `digest:${targetId}:${firstRunId}`;
export const recoveryKey = (alertEntryId: string) => `recovery:${alertEntryId}`;
