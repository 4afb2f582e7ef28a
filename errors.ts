/**
 * Errors with names and stable codes. `api/` maps them to HTTP statuses in one function,
 * `bot/` maps them to a friendly card in one function. Messages never contain secrets.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'STORE_UNAVAILABLE'
  | 'WEBHOOK_REJECTED'
  | 'WEBHOOK_UNAUTHORIZED'
  | 'WEBHOOK_FORBIDDEN'
  | 'UNKNOWN';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode | string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Start-up configuration problems, one line per bad variable. */
export class ConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** The history store cannot be reached or written right now; callers should retry later. */
export class StoreUnavailableError extends AppError {
  constructor(message = 'The history store is unavailable', options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

export interface FieldProblem {
  field: string;
  problem: string;
}

/** A webhook request that cannot be accepted; `status` is the HTTP status to answer with. */
export class WebhookRejectedError extends AppError {
  constructor(
    readonly status: 400 | 401 | 403 | 413 | 415,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(status === 401 ? 'WEBHOOK_UNAUTHORIZED' : status === 403 ? 'WEBHOOK_FORBIDDEN' : 'WEBHOOK_REJECTED', message);
  }
}

/** Wraps anything unknown once so handlers see one shape. */
export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('UNKNOWN', message, { cause: err });
}

/** Keeps `switch` statements over unions exhaustive. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
