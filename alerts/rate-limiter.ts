/**
 * Keeps sends to one conversation within Teams' documented per-bot-per-thread limits (7 per 1 s, 8 per 2 s,
 * 60 per 30 s, 1800 per hour) on purpose: before each send the worker reserves a slot and, when none is free,
 * puts the entry back until one is. A 429 pauses the conversation for Retry-After. In-process: each instance
 * keeps its own count (see the report on several instances).
 */
export interface RateWindow {
  ms: number;
  max: number;
}

export const TEAMS_THREAD_LIMITS: RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1800 },
];

export class ConversationRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly longest: number;

  constructor(private readonly windows: RateWindow[] = TEAMS_THREAD_LIMITS) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** 0 when a send may go now (and it is counted); otherwise how many ms until one may. */
  reserve(key: string, now: number): number {
    const paused = this.pausedUntil.get(key) ?? 0;
    if (paused > now) return paused - now;
    const times = (this.sent.get(key) ?? []).filter((t) => t > now - this.longest);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max] + w.ms - now);
    }
    if (wait > 0) {
      this.sent.set(key, times);
      return wait;
    }
    times.push(now);
    this.sent.set(key, times);
    return 0;
  }

  /** Teams said 429: nothing goes to this conversation before `until`. */
  pause(key: string, until: number): void {
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }
}
