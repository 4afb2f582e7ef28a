/** Simulated time: runs `speed` times faster than the wall clock and can be jumped forward by tests. */
export class SimClock {
  private readonly realStart = Date.now();
  private offsetMs = 0;

  constructor(
    private readonly startMs: number,
    public speed: number,
  ) {}

  now(): number {
    return this.startMs + (Date.now() - this.realStart) * this.speed + this.offsetMs;
  }

  /** Jumps simulated time forward (seconds). */
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
