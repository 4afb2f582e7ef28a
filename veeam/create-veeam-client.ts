/**
 * Builds the VeeamClient for the configured server. With flavor auto the server's own answers decide:
 * VBR REST answers GET /api/v1/serverTime (no token needed, x-api-version required); Enterprise Manager
 * answers GET /api/ with its logon links. The port only decides which question is asked first.
 */
import type { AxiosInstance } from 'axios';
import type { Logger } from '../logger';
import { VeeamNotSupportedError, VeeamUnreachableError } from './errors';
import { EmRestClient } from './em-rest-client';
import { createTransport } from './http-transport';
import { mapVeeamError } from './map-veeam-error';
import { resolveOptions, type ResolvedOptions, type VeeamClientOptions } from './veeam-client-options';
import { VbrRestClient } from './vbr-rest-client';
import type { VeeamClient, VeeamFlavor } from './veeam-client';

async function answersAsVbr(http: AxiosInstance): Promise<boolean> {
  const res = await http.get('/api/v1/serverTime', { headers: { 'x-api-version': '1.1-rev0' }, validateStatus: () => true, 'axios-retry': { retries: 0 } });
  const d = res.data as Record<string, unknown> | undefined;
  return res.status === 200 && typeof d?.serverTime === 'string';
}

async function answersAsEm(http: AxiosInstance): Promise<boolean> {
  const res = await http.get('/api/', { validateStatus: () => true, 'axios-retry': { retries: 0 } });
  const text = JSON.stringify(res.data ?? '');
  return res.status === 200 && /sessionMngr|SupportedVersions|EnterpriseManager/i.test(text);
}

export async function detectFlavor(o: ResolvedOptions, http: AxiosInstance): Promise<VeeamFlavor> {
  const port = new URL(o.baseUrl).port;
  const order: VeeamFlavor[] = port === '9398' ? ['em', 'vbr'] : ['vbr', 'em'];
  for (const flavor of order) {
    try {
      if (flavor === 'vbr' ? await answersAsVbr(http) : await answersAsEm(http)) return flavor;
    } catch (e) {
      // A TLS or network failure will be the same for the other question; report it as it is.
      throw mapVeeamError(e, 'detecting the Veeam API', o.baseUrl);
    }
  }
  throw new VeeamNotSupportedError(
    `${o.baseUrl} answers neither as the VBR REST API (port 9419, /api/v1) nor as Enterprise Manager (port 9398, /api). Check VEEAM_API_URL.`,
  );
}

export async function createVeeamClient(options: VeeamClientOptions): Promise<VeeamClient> {
  const o = resolveOptions(options);
  if (!o.baseUrl) throw new VeeamUnreachableError('VEEAM_API_URL is not set.');
  warnIfInsecure(o.tls.verify, o.logger);
  const http = createTransport({ ...o, tls: o.tls });
  let flavor: VeeamFlavor;
  if (o.flavor !== 'auto') flavor = o.flavor;
  else if (/^v1_\d$/.test(o.apiVersion)) flavor = 'em';
  else if (/^\d\.\d-rev\d$/.test(o.apiVersion)) flavor = 'vbr';
  else flavor = await detectFlavor(o, http);
  o.logger.info({ flavor, server: o.baseUrl }, 'Veeam API selected');
  return flavor === 'vbr' ? new VbrRestClient(o, http) : new EmRestClient(o, http);
}

function warnIfInsecure(verify: boolean, logger: Logger): void {
  if (verify) return;
  logger.warn('VEEAM_VERIFY_SSL=false: the Veeam server certificate is NOT checked. Use only for development; set VEEAM_CA_BUNDLE or VEEAM_CERT_FINGERPRINT instead.');
}


