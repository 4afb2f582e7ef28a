/**
 * Enterprise Manager logon: HTTP Basic to POST /api/sessionMngr/?v=…, then the X-RestSvcSessionId
 * header on every call. One logon is shared by concurrent callers; it is renewed after a 401 (the 15-minute
 * idle expiry) and logged off on close.
 */
import type { AxiosInstance } from 'axios';
import type { Logger } from '../logger';
import { VeeamAuthError } from './errors';
import { EmLogon } from './em-models';
import { mapVeeamError } from './map-veeam-error';

export class EmSessionManager {
  private session?: { token: string; id: string };
  private pending?: Promise<string>;
  userName?: string;

  constructor(
    private readonly http: AxiosInstance,
    private readonly creds: { username: string; password: string },
    private readonly version: string,
    private readonly logger: Logger,
    private readonly server: string,
  ) {}

  token(): Promise<string> {
    if (this.session) return Promise.resolve(this.session.token);
    this.pending ??= this.logon().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  invalidate(refused: string): void {
    if (this.session?.token === refused) this.session = undefined;
  }

  private async logon(): Promise<string> {
    const basic = Buffer.from(`${this.creds.username}:${this.creds.password}`, 'utf8').toString('base64');
    let res;
    try {
      res = await this.http.post(`/api/sessionMngr/?v=${encodeURIComponent(this.version)}`, undefined, {
        headers: { Authorization: `Basic ${basic}` },
        veeamIdempotent: true,
      });
    } catch (e) {
      const err = mapVeeamError(e, 'logging on to Enterprise Manager', this.server);
      if (err.code === 'VEEAM_AUTH') throw new VeeamAuthError(`Enterprise Manager rejected the user name or password for ${this.creds.username} (VEEAM_USERNAME / VEEAM_PASSWORD).`);
      throw err;
    }
    const token = String(res.headers['x-restsvcsessionid'] ?? '');
    const body = EmLogon.safeParse(res.data);
    if (!token || !body.success) throw new VeeamAuthError('Enterprise Manager answered the logon without a session.');
    this.session = { token, id: body.data.SessionId };
    this.userName = body.data.UserName ?? this.creds.username;
    this.logger.debug({ version: this.version }, 'Enterprise Manager logon');
    return token;
  }

  async logoff(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (!s) return;
    await this.http
      .delete(`/api/logonSessions/${encodeURIComponent(s.id)}`, { headers: { 'X-RestSvcSessionId': s.token }, 'axios-retry': { retries: 0 } })
      .then(() => this.logger.debug('Enterprise Manager logoff'))
      .catch(() => undefined);
  }
}
