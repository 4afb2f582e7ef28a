/** POST /api/messages — hands each Bot Framework request to the CloudAdapter, nothing else. */
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import '../quiet-restify-warning';
import restify, { type Request, type Response, type Server } from 'restify';

export function registerMessagesRoute(server: Server, adapter: CloudAdapter, bot: ActivityHandler): void {
  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }),
    async (req: Request, res: Response) => {
      // CloudAdapter needs a parsed object body (restify's bodyParser above provides it).
      await adapter.process(req, res, (context) => bot.run(context));
    },
  );
}
