/**
 * The ONE place errors become what a person sees: any error → a Problem (rendered by cards/problem-card.ts).
 * Only Veeam's own message text ever passes through, clipped; never a stack, token, URL with credentials or
 * the error's own message (which may name internal hosts). Unknown errors get a short reference to find the log line.
 */
import { randomBytes } from 'node:crypto';
import { StoreUnavailableError } from '../errors';
import type { Problem } from '../cards/problem-card';
import { VeeamApiError, VeeamError } from '../veeam/errors';
import { assertNever } from '../errors';

/** Removes anything that looks like a secret from Veeam's message before it is shown. */
function scrubVeeamMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  return message
    .replace(/(bearer|token|password|passwd|pwd|secret|authorization)\s*[:=]?\s*\S+/gi, '$1 [hidden]')
    .replace(/[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,}/g, '[hidden]')
    .slice(0, 500);
}

export function explainError(err: unknown, context: { jobName?: string } = {}): Problem {
  if (err instanceof StoreUnavailableError) return { kind: 'store' };
  if (err instanceof VeeamError) {
    const code = err.code;
    switch (code) {
      case 'VEEAM_UNREACHABLE':
        return { kind: 'unreachable' };
      case 'VEEAM_TLS':
        return { kind: 'tls' };
      case 'VEEAM_AUTH':
        return { kind: 'auth' };
      case 'VEEAM_FORBIDDEN':
        return { kind: 'forbidden' };
      case 'VEEAM_NOT_FOUND':
        return { kind: 'notFound', jobName: context.jobName };
      case 'VEEAM_NOT_SUPPORTED':
        return { kind: 'notSupported' };
      case 'VEEAM_OUTCOME_UNKNOWN':
        return { kind: 'outcomeUnknown', jobName: context.jobName };
      case 'VEEAM_ERROR':
        return { kind: 'veeam', veeamMessage: scrubVeeamMessage(err instanceof VeeamApiError ? err.veeamMessage : undefined), jobName: context.jobName };
      default:
        return assertNever(code);
    }
  }
  return { kind: 'unknown', ref: randomBytes(3).toString('hex') };
}
