/**
 * VBR OAuth2 tokens: one login shared by concurrent callers, refresh before expires_in runs out,
 * password login again when the refresh fails. Tokens never leave this module except as a header value.
 */
import type { AxiosInstance } from 'axios';
import type { Logger } from '../logger';
import { VeeamAuthError } from './errors';
import { mapVeeamError } from './map-veeam-error';

interface Tokens {
  access: string;
  refresh?: string;
  /** Real time (ms) after which the access token should not be used any more. */
  renewAt: number;
}

export class VbrTokenManager {
  private tokens?: Tokens;
  private pending?: Promise<string>;
  userName?: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly creds: { username: string; password: string },
    private readonly apiVersion: () => string,
    private readonly logger: Logger,
    private readonly server: string,
  ) {}

  /** A valid access token, logging in or refreshing first when needed. */
  token(): Promise<string> {
    if (this.tokens && Date.now() < this.tokens.renewAt) return Promise.resolve(this.tokens.access);
    if (!this.pending) {
      this.pending = this.renew().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  /** Called after a 401 with the token that was refused; a newer token is kept. */
  invalidate(refused: string): void {
    if (this.tokens?.access === refused) this.tokens = { ...this.tokens, renewAt: 0 };
  }

  private async renew(): Promise<string> {
    const refresh = this.tokens?.refresh;
    if (refresh) {
      try {
        return await this.grant({ grant_type: 'refresh_token', refresh_token: refresh }, 'refreshing the Veeam token');
      } catch (e) {
        this.logger.info({ code: (e as { code?: string }).code }, 'Veeam token refresh failed; logging in again');
      }
    }
    return this.grant({ grant_type: 'password', username: this.creds.username, password: this.creds.password }, 'logging in to Veeam');
  }

  private async grant(form: Record<string, string>, what: string): Promise<string> {
    this.tokens = undefined;
    let data: Record<string, unknown>;
    try {
      const res = await this.http.post('/api/oauth2/token', new URLSearchParams(form).toString(), {
        headers: { 'x-api-version': this.apiVersion(), 'Content-Type': 'application/x-www-form-urlencoded' },
        veeamIdempotent: true,
      });
      data = res.data as Record<string, unknown>;
    } catch (e) {
      const err = mapVeeamError(e, what, this.server);
      if (err.code === 'VEEAM_AUTH' || (err.code === 'VEEAM_ERROR' && (err as { status?: number }).status === 400)) {
        throw new VeeamAuthError(`Veeam rejected the user name or password for ${this.creds.username} (VEEAM_USERNAME / VEEAM_PASSWORD).`);
      }
      throw err;
    }
    const access = typeof data.access_token === 'string' ? data.access_token : '';
    if (!access) throw new VeeamAuthError('Veeam answered the login without an access token.');
    const lifetimeMs = (typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 900) * 1000;
    // Renew when 80 % of the lifetime is gone (at most a minute early), so a request never carries a dying token.
    const margin = Math.min(60_000, lifetimeMs * 0.2);
    this.tokens = { access, refresh: typeof data.refresh_token === 'string' ? data.refresh_token : undefined, renewAt: Date.now() + lifetimeMs - margin };
    this.userName = this.creds.username;
    this.logger.debug({ grant: form.grant_type, expiresInSec: lifetimeMs / 1000 }, 'Veeam token obtained');
    return access;
  }

  async logout(): Promise<void> {
    const t = this.tokens;
    this.tokens = undefined;
    if (!t) return;
    await this.http
      .post('/api/oauth2/logout', '', { headers: { 'x-api-version': this.apiVersion(), Authorization: `Bearer ${t.access}` }, 'axios-retry': { retries: 0 } })
      .catch(() => undefined);
  }
}
