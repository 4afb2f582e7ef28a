/**
 * startVeeamSimulator: a real HTTPS (or HTTP) server pair speaking the VBR REST API and the
 * Enterprise Manager REST API over one shared, moving state. Used by tests, the demo and benchmarks.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { buildEmRoutes, EmAuth } from './em-api';
import { FaultBox, type FaultInjection } from './faults';
import { matchRoute, readBody, type Route, type SimRequest, type SimResponse } from './http-kit';
import { createOpenApiValidator, specFileFor, type OpenApiValidator } from './openapi-validator';
import { loadScenarioFile, parseScenario, type Scenario, type ScenarioInput } from './scenario';
import { SimState } from './sim-state';
import { buildVbrRoutes, VbrAuth } from './vbr-api';

export interface VeeamSimulatorOptions {
  /** Scenario values; override those read from `scenarioFile`. */
  scenario?: ScenarioInput;
  scenarioFile?: string;
  host?: string;
  /** 0 (default) picks a free port. */
  vbrPort?: number;
  emPort?: number;
  /** HTTPS with a generated self-signed certificate (default); false serves plain HTTP (demo only). */
  tls?: boolean;
  /** Folder with vbr_rest_<rev>.json; every documented VBR answer is then checked and problems kept in `violations`. */
  specDir?: string;
}

export interface RequestRecord {
  flavor: 'vbr' | 'em';
  method: string;
  url: string;
  status?: number;
  dropped?: boolean;
}

export interface VeeamSimulator {
  /** Same as vbrUrl. */
  url: string;
  vbrUrl: string;
  emUrl: string;
  /** PEM of the self-signed certificate (empty with tls: false); trust it as a CA bundle. */
  caPem: string;
  /** SHA-256 fingerprint of the certificate, colon-separated upper-case hex. */
  fingerprint: string;
  credentials: { username: string; password: string };
  scenario: Scenario;
  state: SimState;
  requests: RequestRecord[];
  /** Spec violations found in the simulator's own answers (only with specDir). */
  violations: string[];
  inject(fault: FaultInjection): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startVeeamSimulator(options: VeeamSimulatorOptions = {}): Promise<VeeamSimulator> {
  const fromFile = options.scenarioFile ? loadScenarioFile(options.scenarioFile) : {};
  const scenario = parseScenario({ ...fromFile, ...options.scenario });
  const state = new SimState(scenario);
  const faults = new FaultBox();
  faults.latencyMs = scenario.latencyMs;
  const vbrAuth = new VbrAuth();
  const emAuth = new EmAuth();
  const host = options.host ?? '127.0.0.1';
  const useTls = options.tls !== false;
  const requests: RequestRecord[] = [];
  const violations: string[] = [];
  const validators = new Map<string, OpenApiValidator>();
  if (options.specDir) {
    for (const rev of ['1.2-rev1', '1.3-rev0', '1.3-rev1']) {
      const file = specFileFor(options.specDir, rev);
      if (fs.existsSync(file)) validators.set(rev, createOpenApiValidator(file, rev));
    }
  }

  let caPem = '';
  let key = '';
  let fingerprint = '';
  if (useTls) {
    const pems = await selfsigned.generate([{ name: 'commonName', value: 'veeam-simulator' }], {
      keyType: 'ec',
      curve: 'P-256',
      notAfterDate: new Date(Date.now() + 365 * 86400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, ...(host !== '127.0.0.1' && host !== '0.0.0.0' ? [{ type: 2 as const, value: host }] : [])] },
      ],
    });
    caPem = pems.cert;
    key = pems.private;
    fingerprint = new crypto.X509Certificate(caPem).fingerprint256;
  }

  const inject = (f: FaultInjection) => {
    faults.add(f);
    if (f.expireTokens) {
      vbrAuth.expire(false);
      emAuth.expire();
    }
    if (f.hangJob) state.hangNext.add(state.findJob(f.hangJob)?.id ?? f.hangJob);
    if (f.forceResult) state.forceResult.set(state.findJob(f.forceResult.job)?.id ?? f.forceResult.job, f.forceResult.result);
    if (f.repositoryOnline) {
      const r = state.repositories.find((x) => x.id === f.repositoryOnline?.repository || x.name === f.repositoryOnline?.repository);
      if (r) r.online = f.repositoryOnline.online;
    }
  };

  let emUrl = '';
  const vbrRoutes = buildVbrRoutes(state, vbrAuth);
  const emRoutes = buildEmRoutes(state, emAuth, () => emUrl);

  const adminRoute = async (req: SimRequest): Promise<SimResponse | undefined> => {
    if (req.path === '/__sim/inject' && req.method === 'POST') {
      inject(JSON.parse(req.body || '{}') as FaultInjection);
      return { status: 200, body: { ok: true } };
    }
    if (req.path === '/__sim/state' && req.method === 'GET') {
      state.settle();
      return { status: 200, body: { now: new Date(state.clock.now()).toISOString(), counters: state.counters, jobs: state.jobs.length, sessions: state.sessions.size } };
    }
    if (req.path === '/__sim/advance' && req.method === 'POST') {
      state.clock.advance(Number(req.query.get('seconds') ?? 0));
      return { status: 200, body: { now: new Date(state.clock.now()).toISOString() } };
    }
    return undefined;
  };

  const handler = (flavor: 'vbr' | 'em', routes: Route[]) => async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const rawUrl = req.url ?? '/';
    const u = new URL(rawUrl, 'http://sim');
    const method = (req.method ?? 'GET').toUpperCase();
    const record: RequestRecord = { flavor, method, url: rawUrl };
    requests.push(record);
    try {
      const body = await readBody(req);
      const simReq: SimRequest = { method, path: u.pathname, rawUrl, query: u.searchParams, headers: req.headers, body, params: [] };
      const admin = await adminRoute(simReq);
      if (admin) return send(res, admin, record);
      const drop = faults.takeDrop(method, rawUrl, flavor);
      if (drop && !drop.afterHandling) {
        record.dropped = true;
        req.socket.destroy();
        return;
      }
      const slow = faults.takeSlow(method, rawUrl, flavor);
      const delay = faults.latencyMs + (slow?.ms ?? 0);
      if (delay > 0) await sleep(delay);
      const fail = faults.takeFail(method, rawUrl, flavor);
      if (fail) {
        const failBody = flavor === 'vbr'
          ? { errorCode: fail.status === 503 ? 'ServiceUnavailable' : 'UnknownError', message: `Simulated ${fail.status} failure.` }
          : { StatusCode: fail.status, Message: `Simulated ${fail.status} failure.` };
        return send(res, { status: fail.status, body: failBody, headers: fail.status === 429 || fail.status === 503 ? { 'Retry-After': '0' } : undefined }, record);
      }
      const m = matchRoute(routes, method, u.pathname);
      let out: SimResponse;
      if (m === undefined) out = notFound(flavor);
      else if (m === 'method') out = flavor === 'vbr' ? { status: 405, body: { errorCode: 'MethodNotAllowed', message: 'Method not allowed.' } } : { status: 405, body: { StatusCode: 405, Message: 'Method not allowed.' } };
      else {
        simReq.params = m.params;
        out = await m.route.handler(simReq);
        if (flavor === 'vbr' && m.route.operation) checkSpec(method, m.route.operation, String(req.headers['x-api-version'] ?? ''), out);
      }
      if (drop?.afterHandling) {
        record.dropped = true;
        req.socket.destroy();
        return;
      }
      send(res, out, record);
    } catch (e) {
      send(res, flavor === 'vbr'
        ? { status: 500, body: { errorCode: 'UnknownError', message: (e as Error).message } }
        : { status: 500, body: { StatusCode: 500, Message: (e as Error).message } }, record);
    }
  };

  const checkSpec = (method: string, operation: string, rev: string, out: SimResponse) => {
    const v = validators.get(rev);
    if (!v) return;
    for (const p of v.validateResponse(method, operation, out.status, out.body)) violations.push(`[${rev}] ${method} ${operation} ${out.status}: ${p}`);
  };

  const vbrServer = createServer(useTls, caPem, key, handler('vbr', vbrRoutes));
  const emServer = createServer(useTls, caPem, key, handler('em', emRoutes));
  const scheme = useTls ? 'https' : 'http';
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host;
  const vbrUrl = `${scheme}://${shownHost}:${await listen(vbrServer, host, options.vbrPort ?? 0)}`;
  emUrl = `${scheme}://${shownHost}:${await listen(emServer, host, options.emPort ?? 0)}`;

  const user = scenario.users[0];
  return {
    url: vbrUrl,
    vbrUrl,
    emUrl,
    caPem,
    fingerprint,
    credentials: { username: user.name, password: user.password },
    scenario,
    state,
    requests,
    violations,
    inject,
    close: async () => {
      await Promise.all([closeServer(vbrServer), closeServer(emServer)]);
    },
  };
}

function notFound(flavor: 'vbr' | 'em'): SimResponse {
  return flavor === 'vbr'
    ? { status: 404, body: { errorCode: 'NotFound', message: 'The requested resource was not found.' } }
    : { status: 404, body: { StatusCode: 404, Message: 'The requested resource was not found.' } };
}

function send(res: http.ServerResponse, out: SimResponse, record: RequestRecord): void {
  record.status = out.status;
  const headers: Record<string, string | string[]> = { ...(out.headers ?? {}) };
  let payload = '';
  if (out.body !== undefined && out.status !== 204) {
    payload = JSON.stringify(out.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

function createServer(useTls: boolean, cert: string, key: string, fn: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>) {
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => void fn(req, res);
  const server = useTls ? https.createServer({ cert, key }, listener) : http.createServer(listener);
  server.keepAliveTimeout = 5000;
  return server;
}

function listen(server: http.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
