/**
 * HTTP(S) agents for talking to Veeam: connect timeout, trust of a private CA bundle, and an optional
 * SHA-256 certificate pin checked before a single byte of the request (credentials!) is sent.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface TlsSettings {
  /** false accepts any certificate (development only; warn at start-up). */
  verify: boolean;
  /** PEM text of a private CA (or the server's own self-signed certificate). */
  caPem?: string;
  /** SHA-256 fingerprint, hex with or without colons. */
  fingerprint?: string;
}

export class CertificatePinError extends Error {
  readonly code = 'CERT_PIN_MISMATCH';
}

export class ConnectTimeoutError extends Error {
  readonly code = 'ECONNECTTIMEOUT';
}

export function normalizeFingerprint(fp: string): string {
  return fp.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

type Callback = (err: Error | null, socket?: net.Socket) => void;

function withConnectTimeout(socket: net.Socket, readyEvent: string, ms: number, cb: Callback, check?: () => Error | undefined): void {
  let done = false;
  const finish = (err: Error | null) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeListener('error', onError);
    if (err) {
      socket.destroy();
      cb(err);
    } else cb(null, socket);
  };
  const onError = (e: Error) => finish(e);
  const timer = setTimeout(() => finish(new ConnectTimeoutError(`No connection within ${ms} ms`)), ms);
  socket.once('error', onError);
  socket.once(readyEvent, () => finish(check?.() ?? null));
}

/**
 * The socket is handed to the HTTP layer only after the handshake and the pin check, so nothing is
 * written to a server that failed them.
 */
export function createAgent(baseUrl: string, settings: TlsSettings, connectTimeoutMs: number): http.Agent {
  const isHttps = baseUrl.toLowerCase().startsWith('https:');
  if (!isHttps) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    (agent as unknown as { createConnection: (o: net.NetConnectOpts, cb: Callback) => undefined }).createConnection = (options, cb) => {
      const socket = net.connect(options);
      withConnectTimeout(socket, 'connect', connectTimeoutMs, cb);
      return undefined;
    };
    return agent;
  }
  const pin = settings.fingerprint ? normalizeFingerprint(settings.fingerprint) : undefined;
  // With only a pin, the chain cannot be verified (self-signed): the pin is the trust decision instead.
  const rejectUnauthorized = settings.verify && !(pin && !settings.caPem);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 16, maxCachedSessions: 0 });
  (agent as unknown as { createConnection: (o: tls.ConnectionOptions, cb: Callback) => undefined }).createConnection = (options, cb) => {
    const socket = tls.connect({
      ...options,
      ca: settings.caPem ? [settings.caPem] : undefined,
      rejectUnauthorized,
      // A pinned self-signed certificate rarely names the host the bot uses; the pin already proves identity.
      checkServerIdentity: pin && !settings.caPem ? () => undefined : tls.checkServerIdentity,
    });
    withConnectTimeout(socket, 'secureConnect', connectTimeoutMs, cb, () => {
      if (!pin || !settings.verify) return undefined;
      const seen = normalizeFingerprint(socket.getPeerCertificate().fingerprint256 ?? '');
      return seen === pin ? undefined : new CertificatePinError('The server certificate does not match VEEAM_CERT_FINGERPRINT');
    });
    return undefined;
  };
  return agent;
}
