/**
 * Turns whatever axios threw into one of our Veeam errors, with a message a person can act on.
 * The axios error is not kept as `cause`: its config carries headers (tokens, Basic credentials).
 */
import axios from 'axios';
import {
  VeeamApiError, VeeamAuthError, VeeamError, VeeamForbiddenError, VeeamNotFoundError, VeeamTlsError, VeeamUnreachableError,
} from './errors';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_PIN_MISMATCH', 'EPROTO', 'ERR_SSL_WRONG_VERSION_NUMBER', 'HOSTNAME_MISMATCH',
]);

export function isTlsErrorCode(code: string | undefined): boolean {
  return !!code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'));
}

/** Network codes that prove the request never reached the server. */
export function neverReachedServer(code: string | undefined): boolean {
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNECTTIMEOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || isTlsErrorCode(code);
}

/** Veeam's own error text: VBR `{errorCode, message}`, EM `{StatusCode, Message}`. */
export function veeamMessageOf(data: unknown): { code?: string; message?: string } {
  if (!data || typeof data !== 'object') return {};
  const d = data as Record<string, unknown>;
  const message = typeof d.message === 'string' ? d.message : typeof d.Message === 'string' ? d.Message : undefined;
  const code = typeof d.errorCode === 'string' ? d.errorCode : undefined;
  return { code, message };
}

export function errorCodeOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string' && e.code !== 'ERR_BAD_RESPONSE' && e.code !== 'ERR_BAD_REQUEST') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

export function mapVeeamError(err: unknown, what: string, server: string): VeeamError {
  if (err instanceof VeeamError) return err;
  if (axios.isAxiosError(err) && err.response) {
    const status = err.response.status;
    const v = veeamMessageOf(err.response.data);
    const said = v.message ? ` Veeam says: ${v.message}` : '';
    if (status === 401) return new VeeamAuthError(`Veeam did not accept the credentials while ${what}.${said}`);
    if (status === 403) return new VeeamForbiddenError(`The Veeam account is not allowed to do this (${what}); check its role.${said}`);
    if (status === 404) return new VeeamNotFoundError(`Not found while ${what}.${said}`);
    return new VeeamApiError(`Veeam answered ${status} while ${what}.${said}`, status, v.code, v.message);
  }
  const code = errorCodeOf(err);
  if (isTlsErrorCode(code)) {
    return new VeeamTlsError(
      `TLS check failed for ${server} (${code}). Set VEEAM_CA_BUNDLE to the CA (or the server's own certificate) or VEEAM_CERT_FINGERPRINT to its SHA-256 fingerprint.`,
    );
  }
  const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host name not found' : code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ECONNECTTIMEOUT' ? 'timed out' : code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_SOCKET_CLOSED' ? 'connection dropped' : code ?? 'network error';
  return new VeeamUnreachableError(`Cannot reach Veeam at ${server} while ${what} (${why}).`);
}
