/** Faults a test can switch on while the simulator runs (programmatically or via POST /__sim/inject). */
export interface FaultRule {
  /** Only requests whose path contains this text (e.g. '/start', 'action=start', '/jobs/states'). */
  path?: string;
  method?: string;
  flavor?: 'vbr' | 'em';
  /** How many matching requests it applies to; default 1. */
  count?: number;
}

export interface FaultInjection {
  /** Added to every answer from now on, real ms. */
  latencyMs?: number;
  /** Answer the next matching requests with this HTTP status (500, 503, 429 …). */
  failNext?: FaultRule & { status: number };
  /** Delay the next matching requests by `ms` real ms. */
  slowNext?: FaultRule & { ms: number };
  /**
   * Drop the connection on the next matching requests. `afterHandling: true` lets the server act
   * first (a job really starts) and then loses the answer.
   */
  dropNext?: FaultRule & { afterHandling?: boolean };
  /** Every VBR token and EM logon session issued so far stops working (as if expired). */
  expireTokens?: boolean;
  /** The next run of this job (id or name) hangs in Working. */
  hangJob?: string;
  /** The next run of this job ends with this result. */
  forceResult?: { job: string; result: 'Success' | 'Warning' | 'Failed' };
  /** Take a repository (id or name) offline or back online. */
  repositoryOnline?: { repository: string; online: boolean };
  /** Remove every pending rule. */
  clear?: boolean;
}

interface Pending<T> {
  rule: T & FaultRule;
  left: number;
}

export class FaultBox {
  latencyMs = 0;
  private fail: Pending<{ status: number }>[] = [];
  private slow: Pending<{ ms: number }>[] = [];
  private drop: Pending<{ afterHandling?: boolean }>[] = [];

  add(f: FaultInjection): void {
    if (f.clear) {
      this.fail = [];
      this.slow = [];
      this.drop = [];
      this.latencyMs = 0;
    }
    if (f.latencyMs !== undefined) this.latencyMs = f.latencyMs;
    if (f.failNext) this.fail.push({ rule: f.failNext, left: f.failNext.count ?? 1 });
    if (f.slowNext) this.slow.push({ rule: f.slowNext, left: f.slowNext.count ?? 1 });
    if (f.dropNext) this.drop.push({ rule: f.dropNext, left: f.dropNext.count ?? 1 });
  }

  takeFail(method: string, url: string, flavor: 'vbr' | 'em') {
    return take(this.fail, method, url, flavor);
  }
  takeSlow(method: string, url: string, flavor: 'vbr' | 'em') {
    return take(this.slow, method, url, flavor);
  }
  takeDrop(method: string, url: string, flavor: 'vbr' | 'em') {
    return take(this.drop, method, url, flavor);
  }
}

function take<T>(list: Pending<T>[], method: string, url: string, flavor: 'vbr' | 'em'): (T & FaultRule) | undefined {
  for (const p of list) {
    const r = p.rule;
    if (p.left <= 0) continue;
    if (r.flavor && r.flavor !== flavor) continue;
    if (r.method && r.method.toUpperCase() !== method) continue;
    if (r.path && !url.includes(r.path)) continue;
    p.left--;
    return r;
  }
  return undefined;
}
