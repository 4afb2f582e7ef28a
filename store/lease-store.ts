/**
 * Small coordination records shared by bot instances: named leases (only one instance polls Veeam at a time)
 * and named checkpoints (where the session poller stopped).
 */
export interface LeaseStore {
  /** Takes the lease when it is free, expired or already held by `owner` (then it is renewed). */
  tryAcquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Lets the lease go if `owner` holds it. */
  release(name: string, owner: string): Promise<void>;
  getCheckpoint(name: string): Promise<string | undefined>;
  setCheckpoint(name: string, value: string, at: Date): Promise<void>;
}
