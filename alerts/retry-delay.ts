/** Exponential backoff with jitter for a failed send; never shorter than what Teams asked for (Retry-After). */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number = Math.random, atLeastMs = 0): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  // "Equal jitter": half fixed, half random, so retries from many entries spread out but never collapse to 0.
  const jittered = Math.round(exp / 2 + random() * (exp / 2));
  return Math.max(atLeastMs, jittered);
}
