/**
 * Veeam errors the bot can explain to a person. Each has a stable code; messages carry Veeam's own
 * wording where there is one, and never a password, token or session id.
 */
import { AppError } from '../errors';

export type VeeamErrorCode =
  | 'VEEAM_UNREACHABLE'
  | 'VEEAM_TLS'
  | 'VEEAM_AUTH'
  | 'VEEAM_FORBIDDEN'
  | 'VEEAM_NOT_FOUND'
  | 'VEEAM_NOT_SUPPORTED'
  | 'VEEAM_ERROR'
  | 'VEEAM_OUTCOME_UNKNOWN';

export abstract class VeeamError extends AppError {
  declare readonly code: VeeamErrorCode;
  constructor(code: VeeamErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** DNS, refused, reset, timeout: the server could not be talked to. */
export class VeeamUnreachableError extends VeeamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEEAM_UNREACHABLE', message, options);
  }
}

/** The certificate was not trusted, did not match the pin, or the handshake failed. */
export class VeeamTlsError extends VeeamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEEAM_TLS', message, options);
  }
}

/** User name or password rejected (or the session could not be renewed). */
export class VeeamAuthError extends VeeamError {
  constructor(message = 'Veeam rejected the user name or password', options?: { cause?: unknown }) {
    super('VEEAM_AUTH', message, options);
  }
}

/** Logged in, but the account's role does not allow this. */
export class VeeamForbiddenError extends VeeamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEEAM_FORBIDDEN', message, options);
  }
}

export class VeeamNotFoundError extends VeeamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEEAM_NOT_FOUND', message, options);
  }
}

/** The operation does not exist in this server's API (e.g. retry before VBR REST 1.3). */
export class VeeamNotSupportedError extends VeeamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEEAM_NOT_SUPPORTED', message, options);
  }
}

/** Veeam answered with an error; `veeamMessage` is Veeam's own text. */
export class VeeamApiError extends VeeamError {
  constructor(
    message: string,
    readonly status?: number,
    readonly veeamCode?: string,
    readonly veeamMessage?: string,
    options?: { cause?: unknown },
  ) {
    super('VEEAM_ERROR', message, options);
  }
}

/**
 * A job action (start/stop/retry) whose answer was lost after it may have reached the server.
 * It is deliberately not retried: the person should check the job before trying again.
 */
export class VeeamOutcomeUnknownError extends VeeamError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('VEEAM_OUTCOME_UNKNOWN', message, options);
  }
}
