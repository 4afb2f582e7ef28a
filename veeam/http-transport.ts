/**
 * The axios instance both adapters use: timeouts, TLS agent, and retries with exponential backoff and
 * jitter for reads only. Writes opt in per request; job actions never do.
 */
import axios, { type AxiosError, type AxiosInstance } from 'axios';
import axiosRetry from 'axios-retry';
import type { Logger } from '../logger';
import { isTlsErrorCode, errorCodeOf } from './map-veeam-error';
import { createAgent, type TlsSettings } from './tls-agent';

export interface TransportOptions {
  baseUrl: string;
  tls: TlsSettings;
  connectTimeoutMs: number;
  timeoutMs: number;
  retryCount: number;
  retryDelayMs: number;
  logger: Logger;
}

/** Set on a request config to allow retrying a non-GET that is safe to repeat (logins). */
export const IDEMPOTENT = 'veeamIdempotent';

declare module 'axios' {
  interface AxiosRequestConfig {
    veeamIdempotent?: boolean;
  }
}

export function backoffDelay(attempt: number, baseMs: number, retryAfterSec?: number): number {
  const exp = baseMs * 2 ** (attempt - 1);
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, (retryAfterSec ?? 0) * 1000);
}

export function createTransport(o: TransportOptions): AxiosInstance {
  const agent = createAgent(o.baseUrl, o.tls, o.connectTimeoutMs);
  const instance = axios.create({
    baseURL: o.baseUrl,
    timeout: o.timeoutMs,
    httpAgent: agent,
    httpsAgent: agent,
    proxy: false,
    maxRedirects: 0,
    headers: { Accept: 'application/json' },
  });
  axiosRetry(instance, {
    retries: o.retryCount,
    retryCondition: (err: AxiosError) => {
      const method = (err.config?.method ?? 'get').toLowerCase();
      if (method !== 'get' && !err.config?.veeamIdempotent) return false;
      if (err.response) return err.response.status >= 500 || err.response.status === 429;
      return !isTlsErrorCode(errorCodeOf(err)) && err.code !== 'ERR_CANCELED';
    },
    retryDelay: (n, err) => {
      const ra = Number(err.response?.headers?.['retry-after']);
      return backoffDelay(n, o.retryDelayMs, Number.isFinite(ra) ? ra : undefined);
    },
    onRetry: (n, err, config) => {
      o.logger.warn({ attempt: n, method: config.method, path: pathOnly(config.url), status: err.response?.status, code: errorCodeOf(err) }, 'Veeam request failed; retrying');
    },
  });
  return instance;
}

/** Path without the query string, for logs. */
export function pathOnly(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}
