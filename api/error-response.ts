/** Maps errors to HTTP answers in one place. Bodies never carry internals or secrets. */
import { StoreUnavailableError, WebhookRejectedError, type FieldProblem } from '../errors';

export interface HttpErrorAnswer {
  status: number;
  body: { error: string; details?: FieldProblem[] };
  headers?: Record<string, string>;
}

export function errorToHttp(err: unknown): HttpErrorAnswer {
  if (err instanceof WebhookRejectedError) {
    return { status: err.status, body: err.details.length ? { error: err.message, details: err.details } : { error: err.message } };
  }
  if (err instanceof StoreUnavailableError) {
    return { status: 503, body: { error: 'History store unavailable; retry later' }, headers: { 'Retry-After': '30' } };
  }
  return { status: 500, body: { error: 'Internal error' } };
}
