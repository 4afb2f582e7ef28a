/**
 * The audit log of job actions (start / stop / retry): who asked, what, when, and how it ended.
 * It is also where an action is *claimed*: the claim key (one per confirm card) is unique in the database,
 * so a re-delivered activity or a double-clicked button — on this instance or another sharing the database —
 * can never run the same action twice.
 */
export const AUDIT_ACTIONS = ['start', 'stop', 'retry'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * pending: claimed, Veeam not asked yet · accepted: Veeam took it (a session exists) · refused: the person may
 * not do this · failed: Veeam (or the bot) could not do it · finished: the session ended (see `finalResult`).
 */
export type AuditOutcome = 'pending' | 'accepted' | 'refused' | 'failed' | 'finished';

export interface AuditActor {
  /** Teams user id (29:…). */
  id: string;
  name?: string;
  aadObjectId?: string;
  userPrincipalName?: string;
}

export interface AuditRecord {
  id: string;
  /** Unique when present: the action's idempotency key. */
  claimKey?: string;
  at: Date;
  updatedAt: Date;
  action: AuditAction;
  jobId?: string;
  jobName: string;
  actor: AuditActor;
  conversationId?: string;
  outcome: AuditOutcome;
  /** Veeam's session id once the action was accepted. */
  sessionId?: string;
  /** Veeam's result once the session ended (Success / Warning / Failed). */
  finalResult?: string;
  /** A short, secret-free explanation (error code, refusal reason). */
  detail?: string;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at' | 'updatedAt' | 'claimKey'> & { at?: Date };

export type AuditUpdate = Partial<Pick<AuditRecord, 'outcome' | 'sessionId' | 'finalResult' | 'detail'>>;

export type ClaimOutcome = { claimed: true; record: AuditRecord } | { claimed: false; existing: AuditRecord };

export interface AuditQuery {
  /** Exact job name. */
  jobName?: string;
  /** 1..200, default 20. */
  limit?: number;
}

export interface AuditStore {
  /** Writes the record only if no record has this claim key yet (atomically, in the database). */
  claim(claimKey: string, record: NewAuditRecord): Promise<ClaimOutcome>;
  /** Writes a record that claims nothing (e.g. a refused attempt). */
  append(record: NewAuditRecord): Promise<AuditRecord>;
  update(id: string, update: AuditUpdate): Promise<AuditRecord | undefined>;
  get(id: string): Promise<AuditRecord | undefined>;
  getByClaimKey(claimKey: string): Promise<AuditRecord | undefined>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<AuditRecord[]>;
}

export function clampAuditLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 20;
  return Math.min(200, Math.max(1, Math.floor(limit)));
}
