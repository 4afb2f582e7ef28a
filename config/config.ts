/**
 * Every setting the bot reads, parsed once at start-up by one zod schema.
 * A bad value stops start-up with one line per bad variable (name + what was expected);
 * values are never echoed, so a mistyped password cannot leak into a log.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ConfigError } from '../errors';

const bool = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (['true', '1', 'yes', 'on'].includes(v)) return true;
      if (['false', '0', 'no', 'off'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true or false' });
      return z.NEVER;
    });

const int = (fallback: number, min: number, max: number, unit = '') =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}${unit}` });
        return z.NEVER;
      }
      return Number(v);
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const httpUrl = (what: string) =>
  optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), {
    message: `expected ${what}, e.g. https://vbr.example.local:9419`,
  });

/** A file (not a folder) that can be read and holds at least one PEM block — existence alone let a directory through. */
function isReadablePem(file: string): boolean {
  try {
    return fs.statSync(file).isFile() && fs.readFileSync(file, 'utf8').includes('-----BEGIN ');
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone.trim() });
    return true;
  } catch {
    return false;
  }
}

/** VBR REST revisions (x-api-version) from Veeam's versioning table; EM accepts v1_5…v1_7 and latest. */
export const VBR_API_REVISIONS = [
  '1.0-rev1', '1.0-rev2', '1.1-rev0', '1.1-rev1', '1.1-rev2', '1.2-rev0', '1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2',
] as const;
export const EM_API_VERSIONS = ['latest', 'v1_5', 'v1_6', 'v1_7'] as const;

const apiVersion = optionalText.transform((v, ctx) => {
  if (v === undefined || v.toLowerCase() === 'auto') return 'auto';
  if ((VBR_API_REVISIONS as readonly string[]).includes(v) || (EM_API_VERSIONS as readonly string[]).includes(v)) return v;
  const hint = /^1\.4$|^v?1[._]4$/.test(v)
    ? 'API 1.4 (Enterprise Manager of VBR 9.5) is no longer supported; use auto, or v1_7 / latest for Enterprise Manager, or a VBR revision such as 1.2-rev1'
    : `expected auto, a VBR REST revision (${VBR_API_REVISIONS.join(', ')}) or an Enterprise Manager version (${EM_API_VERSIONS.join(', ')})`;
  ctx.addIssue({ code: 'custom', message: hint });
  return z.NEVER;
});

const cidrList = optionalText.transform((v) =>
  v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean),
);

/** A comma-separated list of values (TAB_AUTH_*). */
const commaList = optionalText.transform((v) =>
  v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean),
);

const idList = optionalText.transform((v) =>
  v === undefined ? [] : v.split(/[,;\s]+/).map((s) => s.trim().toLowerCase()).filter(Boolean),
);

export const ConfigSchema = z.object({
  // --- Veeam (names kept from the customer's guide) ---
  VEEAM_ENABLED: bool(false),
  VEEAM_API_URL: httpUrl('the Veeam server URL'),
  VEEAM_USERNAME: optionalText,
  VEEAM_PASSWORD: optionalText,
  VEEAM_SESSION_TIMEOUT: int(3600, 60, 86400, ' seconds'),
  VEEAM_RETRY_COUNT: int(3, 0, 10),
  VEEAM_RETRY_DELAY: int(5, 0, 300, ' seconds'),
  VEEAM_API_VERSION: apiVersion,
  VEEAM_API_FLAVOR: optionalText.pipe(
    z.enum(['auto', 'vbr', 'em'], { message: 'expected auto, vbr (VBR REST API, port 9419) or em (Enterprise Manager, port 9398)' }).optional(),
  ).transform((v) => v ?? 'auto'),
  VEEAM_POLLING_INTERVAL: int(30, 1, 3600, ' seconds'),
  VEEAM_POLLING_TIMEOUT: int(3600, 10, 86400, ' seconds'),
  VEEAM_VERIFY_SSL: bool(true),
  VEEAM_CA_BUNDLE: optionalText.refine((v) => v === undefined || isReadablePem(v), {
    message: 'expected the path of a readable PEM file',
  }),
  VEEAM_CERT_FINGERPRINT: optionalText.refine(
    (v) => v === undefined || /^([0-9a-f]{2}:?){32}$/i.test(v.trim()),
    { message: 'expected a SHA-256 certificate fingerprint (64 hex digits, colons allowed)' },
  ),
  VEEAM_POLL_SESSIONS: bool(false),

  // --- Bot Framework (names read by botbuilder itself) ---
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: optionalText.pipe(
    z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { message: 'expected SingleTenant, MultiTenant or UserAssignedMSI' }).optional(),
  ),
  MicrosoftAppTenantId: optionalText,

  // --- ours ---
  PORT: int(3978, 0, 65535),
  HOST: optionalText,
  PUBLIC_URL: httpUrl('the public https URL of the bot'),
  MONGODB_URI: optionalText.refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), {
    message: 'expected a mongodb:// or mongodb+srv:// connection string',
  }),
  MONGODB_DB: optionalText,
  DATA_DIR: optionalText.transform((v) => path.resolve(v ?? './data')),
  STORE_BUSY_TIMEOUT_MS: int(1000, 0, 60000, ' ms'),
  HISTORY_RETENTION_DAYS: int(0, 0, 36500, ' days (0 keeps history forever)'),
  WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'expected at least 16 characters (generate one with: openssl rand -hex 32)',
  }),
  WEBHOOK_ALLOWED_IPS: cidrList,
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'expected fatal, error, warn, info, debug, trace or silent' }).optional(),
  ).transform((v) => v ?? 'info'),
  BOT_OPERATORS: idList,
  ALERT_STORM_THRESHOLD: int(5, 1, 1000),
  ALERT_STORM_WINDOW: int(600, 10, 86400, ' seconds'),
  /** How often the alert worker looks for due sends when idle. */
  ALERT_POLL_INTERVAL_MS: int(1000, 10, 60000, ' ms'),
  /** First retry delay of a failed alert send; doubles per attempt (with jitter) up to 15 minutes. */
  ALERT_RETRY_BASE_MS: int(2000, 10, 600000, ' ms'),
  /** Failed attempts before an alert send is given up; 0 (default) retries until Teams takes it. */
  ALERT_MAX_ATTEMPTS: int(0, 0, 100000),
  DEFAULT_TIMEZONE: optionalText
    .refine((v) => v === undefined || isTimeZone(v), { message: 'expected an IANA time zone, e.g. UTC or Asia/Tokyo' })
    .transform((v) => v ?? 'UTC'),

  // --- History tab SSO (api/auth/tab-auth.ts; defaults derive from MicrosoftAppId, MicrosoftAppTenantId, PUBLIC_URL) ---
  /** Extra accepted token audiences (comma list); default api://<PUBLIC_URL host>/<MicrosoftAppId> and MicrosoftAppId. */
  TAB_AUTH_AUDIENCES: commaList,
  /** Signing keys of the tenant; default https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys (tests: a local key set). */
  TAB_AUTH_JWKS_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), {
    message: 'expected the URL of a JSON Web Key Set, e.g. https://login.microsoftonline.com/<tenant id>/discovery/v2.0/keys',
  }),
  /** Accepted issuers (comma list); default the tenant's v2.0 and v1 (sts.windows.net) issuers. */
  TAB_AUTH_ISSUERS: commaList,
});

export type Config = z.infer<typeof ConfigSchema>;

/** Variables whose values must never be printed anywhere. */
export const SECRET_VARIABLES = ['VEEAM_PASSWORD', 'MicrosoftAppPassword', 'WEBHOOK_SECRET', 'MONGODB_URI'] as const;

export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const v = config[name];
    if (typeof v === 'string' && v.length >= 4) values.push(v);
  }
  // A MongoDB URI may carry a password inside it.
  const uriPassword = config.MONGODB_URI?.match(/^mongodb(?:\+srv)?:\/\/[^:/@]+:([^@]+)@/)?.[1];
  if (uriPassword) {
    values.push(uriPassword);
    try {
      values.push(decodeURIComponent(uriPassword));
    } catch {
      /* a malformed %-escape: the raw form is all there is to hide */
    }
  }
  return values;
}

function validateCidrs(list: string[]): string | undefined {
  // Imported lazily to keep this module light for scripts that only print config help.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ipaddr = require('ipaddr.js') as typeof import('ipaddr.js');
  const bad = list.filter((entry) => {
    try {
      if (entry.includes('/')) ipaddr.parseCIDR(entry);
      else ipaddr.parse(entry);
      return false;
    } catch {
      return true;
    }
  });
  return bad.length ? `expected comma-separated IP addresses or CIDR ranges (e.g. 10.0.0.5, 192.168.1.0/24); ${bad.length} entr${bad.length === 1 ? 'y is' : 'ies are'} not valid` : undefined;
}

/**
 * Parses the environment (plus `.env` when present, which never overrides real environment variables).
 * Throws ConfigError listing every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenvPath?: string | false } = {}): Config {
  const merged: Record<string, string | undefined> = { ...env };
  if (options.dotenvPath !== false) {
    const file = options.dotenvPath ?? path.resolve('.env');
    if (fs.existsSync(file)) {
      const parsed = dotenv.parse(fs.readFileSync(file));
      for (const [k, v] of Object.entries(parsed)) if (merged[k] === undefined) merged[k] = v;
    }
  }
  const result = ConfigSchema.safeParse(merged);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${issue.path.join('.') || '(config)'}: ${issue.message}`);
    }
  }
  // Rules across variables read the raw values, so they are reported together with per-variable problems.
  const has = (name: string) => (merged[name] ?? '').trim() !== '';
  const isTrue = (name: string) => ['true', '1', 'yes', 'on'].includes((merged[name] ?? '').trim().toLowerCase());
  const cidrProblem = validateCidrs(cidrList.parse(merged.WEBHOOK_ALLOWED_IPS));
  if (cidrProblem) problems.push(`WEBHOOK_ALLOWED_IPS: ${cidrProblem}`);
  if (isTrue('VEEAM_ENABLED')) {
    if (!has('VEEAM_API_URL')) problems.push('VEEAM_API_URL: required when VEEAM_ENABLED=true (e.g. https://vbr.example.local:9419)');
    if (!has('VEEAM_USERNAME')) problems.push('VEEAM_USERNAME: required when VEEAM_ENABLED=true');
    if (!has('VEEAM_PASSWORD')) problems.push('VEEAM_PASSWORD: required when VEEAM_ENABLED=true');
  }
  if (has('MicrosoftAppId') && (merged.MicrosoftAppType ?? '').trim() === 'SingleTenant' && !has('MicrosoftAppTenantId')) {
    problems.push('MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant (your Entra tenant id)');
  }
  if (has('MicrosoftAppId') && (merged.MicrosoftAppType ?? '').trim() !== 'UserAssignedMSI' && !has('MicrosoftAppPassword')) {
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set (the client secret of the bot registration)');
  }
  if (isTrue('VEEAM_POLL_SESSIONS') && !isTrue('VEEAM_ENABLED')) {
    problems.push('VEEAM_POLL_SESSIONS: needs VEEAM_ENABLED=true and the Veeam connection settings');
  }
  if (problems.length) throw new ConfigError(problems);
  return (result as { data: Config }).data;
}
