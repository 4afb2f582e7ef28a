/** The few pieces of HTTP plumbing the simulator's two API front-ends share. */
import type { IncomingMessage } from 'node:http';

export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw path + query, as sent. */
  rawUrl: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  params: string[];
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  /** Set by a handler that acted (job started …) — a drop-after-handling fault then loses the answer. */
  acted?: boolean;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  /** OpenAPI path template (VBR) for response validation. */
  operation?: string;
}

export function route(method: string, pattern: RegExp, handler: Handler, operation?: string): Route {
  return { method, pattern, handler, operation };
}

export function json(status: number, body?: unknown, headers?: Record<string, string | string[]>): SimResponse {
  return { status, body, headers };
}

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: string[] } | 'method' | undefined {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method === method) return { route: r, params: m.slice(1).map((p) => decodeURIComponent(p ?? '')) };
  }
  return pathMatched ? 'method' : undefined;
}

/** skip/limit paging over an array, the VBR way. */
export function page<T>(items: T[], query: URLSearchParams, maxPage: number): { data: T[]; pagination: { total: number; count: number; skip?: number; limit?: number } } {
  const skipRaw = query.get('skip');
  const limitRaw = query.get('limit');
  const skip = skipRaw ? Math.max(0, Number(skipRaw) || 0) : 0;
  const limit = limitRaw ? Math.max(0, Number(limitRaw) || 0) : undefined;
  const take = Math.min(limit ?? maxPage, maxPage);
  const data = items.slice(skip, skip + take);
  const pagination: { total: number; count: number; skip?: number; limit?: number } = { total: items.length, count: data.length };
  if (skipRaw !== null) pagination.skip = skip;
  if (limitRaw !== null) pagination.limit = limit;
  return { data, pagination };
}

export function compareRev(a: string, b: string): number {
  const n = (r: string) => {
    const m = /^(\d+)\.(\d+)-rev(\d+)$/.exec(r);
    return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : -1;
  };
  return n(a) - n(b);
}
