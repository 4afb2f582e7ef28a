/** Resident memory of a process (Linux /proc), sampled over a scenario to find its peak. */
import fs from 'node:fs';

export interface ProcMemory {
  /** Current resident set, MiB. */
  rssMiB: number;
  /** Highest resident set since the process started (VmHWM), MiB. */
  hwmMiB: number;
}

export function readMemory(pid: number): ProcMemory | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; `peakMiB` is the highest sample. */
export class RssSampler {
  peakMiB = 0;
  lastMiB = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, everyMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  sample(): number {
    const m = readMemory(this.pid);
    if (m) {
      this.lastMiB = m.rssMiB;
      this.peakMiB = Math.max(this.peakMiB, m.rssMiB);
    }
    return this.lastMiB;
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peakMiB;
  }
}
