/**
 * Who may call the History tab's data API (/api/history*). Pure of restify: takes headers and the peer address.
 *
 *   entra         MicrosoftAppId is set. Every request needs `Authorization: Bearer <Teams SSO token>`, verified
 *                 by verify-teams-token.ts against the tenant's keys. No exceptions for loopback.
 *   loopback-dev  MicrosoftAppId is empty (local demo, tests). Requests without a token are answered only when they
 *                 come straight from this machine (127.0.0.0/8, ::1) and carry no proxy headers (a reverse proxy on
 *                 the same host would make remote users look local). Logged as a warning at start-up.
 *   unconfigured  MicrosoftAppId is set but the tenant is unknown (MicrosoftAppTenantId empty): nothing is answered
 *                 (503) until it is set; logged as an error at start-up. Fails closed.
 */
import ipaddr from 'ipaddr.js';
import type { Config } from '../../config/config';
import { AppError } from '../../errors';
import {
  createTeamsTokenVerifier,
  entraDefaults,
  TokenRejectedError,
  type TeamsTokenVerifier,
  type TeamsUser,
} from './verify-teams-token';

export type TabAuthMode = 'entra' | 'loopback-dev' | 'unconfigured';

export interface TabRequest {
  headers: Record<string, string | string[] | undefined>;
  remoteAddress: string | undefined;
}

export interface TabCaller {
  mode: TabAuthMode;
  /** Present in entra mode. */
  user?: TeamsUser;
}

export interface TabAuth {
  mode: TabAuthMode;
  /** One line for the start-up log saying how the API is protected. */
  startupMessage: string;
  authenticate(req: TabRequest): Promise<TabCaller>;
}

/** Tab sign-in is not set up on the server; answered with 503 so it is not mistaken for a user problem. */
export class TabAuthUnconfiguredError extends AppError {
  constructor(message: string) {
    super('TAB_AUTH_UNCONFIGURED', message);
  }
}

/** The settings that decide the mode, derived from the configuration. */
export interface TabAuthSettings {
  mode: TabAuthMode;
  tenantId?: string;
  audiences: string[];
  issuers: string[];
  jwksUri?: string;
}

export function tabAuthSettings(config: Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppTenantId' | 'PUBLIC_URL' | 'TAB_AUTH_AUDIENCES' | 'TAB_AUTH_JWKS_URL' | 'TAB_AUTH_ISSUERS'>): TabAuthSettings {
  const appId = config.MicrosoftAppId?.trim();
  if (!appId) return { mode: 'loopback-dev', audiences: [], issuers: [] };
  const audiences = [appId];
  if (config.PUBLIC_URL) audiences.unshift(`api://${new URL(config.PUBLIC_URL).host}/${appId}`);
  for (const a of config.TAB_AUTH_AUDIENCES) if (!audiences.includes(a)) audiences.push(a);
  const tenantId = config.MicrosoftAppTenantId?.trim();
  if (!tenantId) return { mode: 'unconfigured', audiences, issuers: [] };
  const defaults = entraDefaults(tenantId);
  return {
    mode: 'entra',
    tenantId,
    audiences,
    issuers: config.TAB_AUTH_ISSUERS.length ? config.TAB_AUTH_ISSUERS : defaults.issuers,
    jwksUri: config.TAB_AUTH_JWKS_URL ?? defaults.jwksUri,
  };
}

export function bearerToken(headers: TabRequest['headers']): string | undefined {
  const raw = headers.authorization;
  const value = Array.isArray(raw) ? raw[0] : raw;
  const m = value?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host'];

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  try {
    const parsed = ipaddr.process(address);
    return parsed.range() === 'loopback';
  } catch {
    return false;
  }
}

export function createTabAuth(settings: TabAuthSettings, verifier?: TeamsTokenVerifier): TabAuth {
  switch (settings.mode) {
    case 'entra': {
      const verify =
        verifier ??
        createTeamsTokenVerifier({
          tenantId: settings.tenantId as string,
          audiences: settings.audiences,
          issuers: settings.issuers,
          jwksUri: settings.jwksUri as string,
        });
      return {
        mode: 'entra',
        startupMessage: `History tab API: Teams SSO tokens required (tenant ${settings.tenantId}, audience ${settings.audiences.join(' or ')}, keys from ${settings.jwksUri})`,
        async authenticate(req) {
          const token = bearerToken(req.headers);
          if (!token) throw new TokenRejectedError('missing');
          return { mode: 'entra', user: await verify(token) };
        },
      };
    }
    case 'loopback-dev':
      return {
        mode: 'loopback-dev',
        startupMessage:
          'History tab API: LOCAL DEVELOPMENT MODE (MicrosoftAppId is empty) — answers requests from this machine (loopback, not proxied) without sign-in and refuses all others. Set MicrosoftAppId and MicrosoftAppTenantId for Teams SSO.',
        async authenticate(req) {
          const proxied = PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
          if (!isLoopback(req.remoteAddress) || proxied) throw new TokenRejectedError('missing');
          return { mode: 'loopback-dev' };
        },
      };
    case 'unconfigured':
      return {
        mode: 'unconfigured',
        startupMessage:
          'History tab API: DISABLED — MicrosoftAppTenantId is empty, so Teams SSO tokens cannot be checked. Set MicrosoftAppTenantId (your Entra tenant id) to enable the History tab.',
        async authenticate() {
          throw new TabAuthUnconfiguredError('Tab sign-in is not configured on the bot (MicrosoftAppTenantId is empty)');
        },
      };
  }
}
