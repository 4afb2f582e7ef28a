/** The restify server: request logging (no bodies) and graceful close. Routes are registered by the caller. */
import './quiet-restify-warning';
import restify, { type Server } from 'restify';
import type { Logger } from '../logger';

export interface HttpServer {
  server: Server;
  listen(port: number, host?: string): Promise<string>;
  /** The port actually bound (PORT=0 picks a free one). */
  port(): number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then closes what is left. */
  close(graceMs?: number): Promise<void>;
}

const started = new WeakMap<object, bigint>();

export function createHttpServer(logger: Logger): HttpServer {
  const server = restify.createServer({ name: 'veeam-teams-bot', handleUncaughtExceptions: false });
  // A client that never finishes its request (slowloris) is cut off after 30 s instead of Node's 300 s default.
  server.server.requestTimeout = 30_000;
  server.server.headersTimeout = 20_000;
  server.pre((req, _res, next) => {
    started.set(req, process.hrtime.bigint());
    next();
  });
  server.on('after', (req: restify.Request, res: restify.Response) => {
    const t0 = started.get(req);
    const durationMs = t0 ? Number(process.hrtime.bigint() - t0) / 1e6 : undefined;
    logger.info(
      { method: req.method, path: req.getPath(), status: res.statusCode, durationMs: durationMs && Math.round(durationMs * 10) / 10 },
      'request',
    );
  });
  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, cb: () => void) => {
    // Let restify's own 404/405 answers through, without stack or internals.
    (err as { toJSON?: () => unknown }).toJSON = () => ({ error: err.message });
    cb();
  });

  return {
    server,
    port: () => server.address().port,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host ?? '0.0.0.0', () => {
          const addr = server.address();
          const shownHost = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
          resolve(`http://${shownHost}:${addr.port}`);
        });
      });
    },
    async close(graceMs = 10_000) {
      const http = server.server;
      const done = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const timer = setTimeout(() => http.closeAllConnections(), graceMs);
      await done;
      clearTimeout(timer);
    },
  };
}
