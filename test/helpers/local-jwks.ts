/**
 * A stand-in for an Entra tenant's signing keys: an RSA key pair made here, its public half published as a JWKS on
 * a loopback HTTP server, and a token issuer shaped like Teams SSO access tokens. No request leaves the machine.
 */
import http from 'node:http';
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

export const TEST_TENANT_ID = '7c0d7e3a-2f4b-4a51-9d8e-5b1f0c2a9e11';
export const TEST_APP_ID = '4f6a2b8c-1d3e-4f50-8a9b-0c1d2e3f4a5b';
export const TEST_PUBLIC_HOST = 'veeam-bot.contoso.example';
export const TEST_AUDIENCE = `api://${TEST_PUBLIC_HOST}/${TEST_APP_ID}`;

export interface LocalJwks {
  /** e.g. http://127.0.0.1:PORT/discovery/v2.0/keys */
  jwksUri: string;
  kid: string;
  /** How many times the key set was fetched (to check caching). */
  fetches(): number;
  /** A token as Teams SSO would hand it to the tab; claims and options override the defaults. */
  issue(claims?: Record<string, unknown>, options?: IssueOptions): string;
  /** Settings for startTestApp so the bot checks tokens against this key set. */
  appEnv(): Record<string, string>;
  close(): Promise<void>;
}

export interface IssueOptions {
  /** Sign with another key (not in the set) under the same kid. */
  foreignKey?: boolean;
  kid?: string | null;
  expiresInSec?: number;
  notBeforeSec?: number;
  algorithm?: jwt.Algorithm;
}

function rsaKeyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

export async function startLocalJwks(): Promise<LocalJwks> {
  const kid = `test-key-${randomUUID().slice(0, 8)}`;
  const own = rsaKeyPair();
  const foreign = rsaKeyPair();
  const jwk = { ...own.publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256', kty: 'RSA' };
  let fetches = 0;

  const server = http.createServer((req, res) => {
    if (req.url === '/discovery/v2.0/keys') {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const jwksUri = `http://127.0.0.1:${port}/discovery/v2.0/keys`;

  return {
    jwksUri,
    kid,
    fetches: () => fetches,
    issue(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        aud: TEST_AUDIENCE,
        iss: `https://login.microsoftonline.com/${TEST_TENANT_ID}/v2.0`,
        iat: now - 60,
        nbf: now - 60 + (options.notBeforeSec ?? 0),
        exp: now + (options.expiresInSec ?? 3600),
        tid: TEST_TENANT_ID,
        oid: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        preferred_username: 'dana@contoso.example',
        name: '運用 ダナ',
        scp: 'access_as_user',
        azp: '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
        ver: '2.0',
        ...claims,
      };
      for (const [k, v] of Object.entries(payload)) if (v === undefined) delete (payload as Record<string, unknown>)[k];
      const algorithm = options.algorithm ?? 'RS256';
      const key = algorithm.startsWith('HS') ? 'shared-secret-not-a-key' : (options.foreignKey ? foreign : own).privateKey;
      const header: jwt.JwtHeader = { alg: algorithm, typ: 'JWT' };
      if (options.kid !== null) header.kid = options.kid ?? kid;
      return jwt.sign(payload, key, { algorithm, header, noTimestamp: true });
    },
    appEnv() {
      return {
        MicrosoftAppId: TEST_APP_ID,
        MicrosoftAppPassword: 'test-client-secret-not-used',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TEST_TENANT_ID,
        PUBLIC_URL: `https://${TEST_PUBLIC_HOST}`,
        TAB_AUTH_JWKS_URL: jwksUri,
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
