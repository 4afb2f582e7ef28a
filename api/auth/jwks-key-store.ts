/**
 * The signing keys of an Entra tenant (its JWKS), fetched over HTTPS and cached.
 *
 * Why not jwks-rsa: jwks-rsa 4 converts keys with `jose` 6, which is ESM-only; Node 20.19+ can require() it, but
 * jest (our test runner) cannot, so every test touching the API would fail to load. Node's own crypto imports a JWK
 * directly (createPublicKey({ format: 'jwk' })), so this file does the same job without the dependency:
 *   - keys are cached for `cacheMaxAgeMs` (default 6 h) and refetched after that;
 *   - an unknown `kid` (Entra rotated its keys) triggers one refetch, at most once per `unknownKidRefetchMs`
 *     (default 60 s), so a flood of bogus kids cannot make us hammer the endpoint;
 *   - concurrent lookups share one fetch; a fetch has a timeout (default 10 s);
 *   - if the endpoint fails, keys fetched within `staleGraceMs` (default 24 h) keep working.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface JwksKeyStoreOptions {
  jwksUri: string;
  cacheMaxAgeMs?: number;
  unknownKidRefetchMs?: number;
  staleGraceMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** The key set could not be fetched or read. */
export class JwksUnavailableError extends Error {
  override name = 'JwksUnavailableError';
}

/** No key with this kid in the (fresh) set. */
export class SigningKeyNotFoundError extends Error {
  override name = 'SigningKeyNotFoundError';
}

export interface JwksKeyStore {
  getKey(kid: string): Promise<KeyObject>;
}

export function createJwksKeyStore(options: JwksKeyStoreOptions): JwksKeyStore {
  const maxAge = options.cacheMaxAgeMs ?? 6 * 3_600_000;
  const unknownKidRefetch = options.unknownKidRefetchMs ?? 60_000;
  const staleGrace = options.staleGraceMs ?? 24 * 3_600_000;
  const timeout = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;

  let keys = new Map<string, KeyObject>();
  let fetchedAt = -Infinity;
  let lastAttemptAt = -Infinity;
  let lastFailureAt = -Infinity;
  let lastFailure: Error | undefined;
  let inFlight: Promise<void> | undefined;

  async function fetchKeys(): Promise<void> {
    lastAttemptAt = now();
    let body: unknown;
    try {
      const res = await fetch(options.jwksUri, { signal: AbortSignal.timeout(timeout), headers: { accept: 'application/json' } });
      if (!res.ok) throw new JwksUnavailableError(`JWKS endpoint answered HTTP ${res.status}`);
      body = await res.json();
    } catch (err) {
      if (err instanceof JwksUnavailableError) throw err;
      throw new JwksUnavailableError(`JWKS endpoint unreachable: ${(err as Error).message}`, { cause: err });
    }
    const list = (body as { keys?: unknown })?.keys;
    if (!Array.isArray(list)) throw new JwksUnavailableError('JWKS answer has no "keys" array');
    const next = new Map<string, KeyObject>();
    for (const jwk of list as Array<JsonWebKey & { kid?: string; use?: string }>) {
      if (!jwk || typeof jwk.kid !== 'string' || jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
      try {
        next.set(jwk.kid, createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' }));
      } catch {
        /* a key we cannot read is skipped; the others still work */
      }
    }
    keys = next;
    fetchedAt = now();
  }

  function refresh(): Promise<void> {
    // After a failure, wait a few seconds before trying again (every request would otherwise retry a dead endpoint).
    if (!inFlight && lastFailure && now() - lastFailureAt < 5_000) return Promise.reject(lastFailure);
    inFlight ??= fetchKeys().then(
      () => {
        lastFailure = undefined;
      },
      (err: Error) => {
        lastFailure = err;
        lastFailureAt = now();
        throw err;
      },
    ).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    async getKey(kid) {
      const age = now() - fetchedAt;
      if (age >= maxAge || (!keys.has(kid) && now() - lastAttemptAt >= unknownKidRefetch)) {
        try {
          await refresh();
        } catch (err) {
          // Serve what we had, for a while, if the endpoint is down.
          if (!(keys.has(kid) && now() - fetchedAt < maxAge + staleGrace)) throw err;
        }
      }
      const key = keys.get(kid);
      if (!key) throw new SigningKeyNotFoundError(`No signing key with kid ${kid}`);
      return key;
    },
  };
}
