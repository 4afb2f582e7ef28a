/**
 * POST /api/veeam/job-complete — the receiver only translates: auth, size, parse, validate, then hands the run
 * to events/handleJobEvent and answers 200 once it is durably stored. It never calls Veeam or Teams.
 */
import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import { WebhookRejectedError, type FieldProblem } from '../../errors';
import { JobEventSchema } from '../../events/job-event-schema';
import { jobRunFromEvent } from '../../events/job-run-from-event';
import { handleJobEvent, type JobEventDeps } from '../../events/handle-job-event';
import type { Logger } from '../../logger';
import { errorToHttp } from '../error-response';
import { readJsonBody, DEFAULT_BODY_LIMIT } from '../read-json-body';
import { checkWebhookSecret, createAddressMatcher } from '../webhook-auth';

export interface JobCompleteRouteOptions {
  secret?: string;
  allowedIps: string[];
  bodyLimit?: number;
  events: JobEventDeps;
  logger: Logger;
  now?: () => Date;
}

export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : '(body)',
    problem: issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'required' : issue.message,
  }));
}

export function registerJobCompleteRoute(server: Server, options: JobCompleteRouteOptions): void {
  const allowed = createAddressMatcher(options.allowedIps);
  const now = options.now ?? (() => new Date());

  server.post('/api/veeam/job-complete', async (req: Request, res: Response) => {
    try {
      if (!allowed(req.socket.remoteAddress)) throw new WebhookRejectedError(403, 'Forbidden');
      checkWebhookSecret(req.headers, options.secret);
      const body = await readJsonBody(req, options.bodyLimit ?? DEFAULT_BODY_LIMIT);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new WebhookRejectedError(400, 'Body must be a JSON object', [{ field: '(body)', problem: 'expected a JSON object' }]);
      }
      const parsed = JobEventSchema.safeParse(body);
      if (!parsed.success) throw new WebhookRejectedError(400, 'Invalid job-complete event', zodProblems(parsed.error));
      const outcome = await handleJobEvent(jobRunFromEvent(parsed.data, now()), options.events);
      res.send(200, { success: true, id: outcome.id, duplicate: outcome.duplicate });
    } catch (err) {
      const answer = errorToHttp(err);
      if (answer.status >= 500) options.logger.error({ err }, 'job-complete event not stored');
      else options.logger.warn({ status: answer.status, problem: answer.body.error, details: answer.body.details }, 'job-complete event rejected');
      if (answer.headers) for (const [k, v] of Object.entries(answer.headers)) res.header(k, v);
      res.send(answer.status, answer.body);
    }
  });
}
