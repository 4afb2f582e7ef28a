/** GET /healthz (process alive) and GET /readyz (store writable: 200, else 503). */
import type { Request, Response, Server } from 'restify';
import type { Store } from '../../store/store';

export function registerHealthRoutes(server: Server, store: Store): void {
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await store.ping();
      res.send(200, { status: 'ready', store: store.kind });
    } catch {
      res.send(503, { status: 'unavailable', store: store.kind });
    }
  });
}
