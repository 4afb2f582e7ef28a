/** Settings both adapters take; `fromConfig` builds them from the bot's parsed configuration. */
import fs from 'node:fs';
import type { Config } from '../config/config';
import type { Logger } from '../logger';
import type { TlsSettings } from './tls-agent';

export interface VeeamClientOptions {
  /** e.g. https://vbr.example.local:9419 (a trailing /api or /api/v1 is ignored). */
  baseUrl: string;
  username: string;
  password: string;
  flavor?: 'auto' | 'vbr' | 'em';
  /** VBR revision (1.2-rev1 …), EM version (v1_7, latest) or auto. */
  apiVersion?: string;
  tls?: Partial<TlsSettings>;
  connectTimeoutMs?: number;
  timeoutMs?: number;
  retryCount?: number;
  retryDelayMs?: number;
  /** Page size for list calls. */
  pageSize?: number;
  /** EM task polling after start/stop/retry. */
  taskPollIntervalMs?: number;
  taskTimeoutMs?: number;
  /** EM: how far back to look for each job's last session when listing jobs (days). */
  emSessionLookbackDays?: number;
  logger: Logger;
}

export type ResolvedOptions = Required<Omit<VeeamClientOptions, 'tls'>> & { tls: TlsSettings };

export function resolveOptions(o: VeeamClientOptions): ResolvedOptions {
  return {
    flavor: 'auto',
    apiVersion: 'auto',
    connectTimeoutMs: 10_000,
    timeoutMs: 60_000,
    retryCount: 3,
    retryDelayMs: 5_000,
    pageSize: 500,
    taskPollIntervalMs: 1_000,
    taskTimeoutMs: 120_000,
    emSessionLookbackDays: 8,
    ...o,
    baseUrl: normalizeBaseUrl(o.baseUrl),
    tls: { verify: o.tls?.verify ?? true, caPem: o.tls?.caPem, fingerprint: o.tls?.fingerprint },
  };
}

export function normalizeBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '').replace(/\/api(\/v1)?$/i, '');
}

/** The bot's VEEAM_* settings as client options. */
export function veeamOptionsFromConfig(config: Config, logger: Logger): VeeamClientOptions {
  return {
    baseUrl: config.VEEAM_API_URL ?? '',
    username: config.VEEAM_USERNAME ?? '',
    password: config.VEEAM_PASSWORD ?? '',
    flavor: config.VEEAM_API_FLAVOR,
    apiVersion: config.VEEAM_API_VERSION,
    tls: {
      verify: config.VEEAM_VERIFY_SSL,
      caPem: config.VEEAM_CA_BUNDLE ? fs.readFileSync(config.VEEAM_CA_BUNDLE, 'utf8') : undefined,
      fingerprint: config.VEEAM_CERT_FINGERPRINT,
    },
    retryCount: config.VEEAM_RETRY_COUNT,
    retryDelayMs: config.VEEAM_RETRY_DELAY * 1000,
    logger,
  };
}
