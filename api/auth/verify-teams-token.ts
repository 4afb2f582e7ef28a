/**
 * Verifies the Teams SSO token the History tab sends (authentication.getAuthToken): an Entra ID (Azure AD) access
 * token for our own API. Checks, with jsonwebtoken and the tenant's signing keys (jwks-key-store.ts, cached):
 *   - signature: RS256 only, key chosen by the token's `kid` from the tenant's JWKS;
 *   - issuer: the tenant's v2.0 issuer or its v1 (sts.windows.net) form;
 *   - audience: api://<host>/<appId> or the bare appId (v2 tokens carry the client id);
 *   - expiry and not-before, with a small clock tolerance;
 *   - tenant (`tid`) and the delegated scope `access_as_user` (`scp`).
 * Pure of restify: takes the raw token string, returns who signed in or throws TokenRejectedError.
 */
import jwt, { type JwtHeader, type JwtPayload, type SigningKeyCallback } from 'jsonwebtoken';
import { createJwksKeyStore, JwksUnavailableError, SigningKeyNotFoundError } from './jwks-key-store';
import { AppError } from '../../errors';

export const TEAMS_SSO_SCOPE = 'access_as_user';

export interface TeamsTokenVerifierOptions {
  /** The Entra tenant (directory) id the tab users sign in to. */
  tenantId: string;
  /** Accepted `aud` values. */
  audiences: string[];
  /** Accepted `iss` values. */
  issuers: string[];
  /** Where the tenant's signing keys are published. */
  jwksUri: string;
  /** Seconds of clock skew tolerated on exp/nbf (default 120). */
  clockToleranceSec?: number;
  /** For tests: the current time. */
  now?: () => Date;
}

/** Who the token says signed in. */
export interface TeamsUser {
  /** Entra object id of the user (`oid`). */
  objectId: string;
  tenantId: string;
  /** `preferred_username` (v2) or `upn` (v1), when present. */
  userName?: string;
  name?: string;
}

/** Why a token was refused. Short and safe to show to the caller; never contains the token. */
export type TokenProblem =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not yet valid'
  | 'bad signature'
  | 'unknown signing key'
  | 'wrong algorithm'
  | 'wrong issuer'
  | 'wrong audience'
  | 'wrong tenant'
  | 'missing scope'
  | 'missing user';

export class TokenRejectedError extends AppError {
  constructor(readonly problem: TokenProblem) {
    super('TAB_TOKEN_REJECTED', `Sign-in token rejected: ${problem}`);
  }
}

/** The signing keys could not be fetched (network, JWKS endpoint down): not the caller's fault. */
export class SigningKeysUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super('TAB_KEYS_UNAVAILABLE', 'The sign-in keys of the tenant could not be fetched; retry later', options);
  }
}

export type TeamsTokenVerifier = (token: string) => Promise<TeamsUser>;

/** The defaults for Entra ID in the public cloud. */
export function entraDefaults(tenantId: string): { issuers: string[]; jwksUri: string } {
  return {
    issuers: [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
    jwksUri: `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`,
  };
}

export function createTeamsTokenVerifier(options: TeamsTokenVerifierOptions): TeamsTokenVerifier {
  if (!options.tenantId || !options.audiences.length || !options.issuers.length || !options.jwksUri) {
    throw new Error('createTeamsTokenVerifier needs tenantId, audiences, issuers and jwksUri');
  }
  const keys = createJwksKeyStore({ jwksUri: options.jwksUri });
  const tolerance = options.clockToleranceSec ?? 120;
  const now = options.now ?? (() => new Date());

  /** A key lookup for one verification; jsonwebtoken flattens callback errors, so the cause is kept aside. */
  const keyLookup = () => {
    const state: { failure?: Error } = {};
    const getKey = (header: JwtHeader, callback: SigningKeyCallback): void => {
      if (!header.kid) {
        state.failure = new TokenRejectedError('unknown signing key');
        callback(state.failure);
        return;
      }
      keys.getKey(header.kid).then(
        (key) => callback(null, key),
        (err: unknown) => {
          state.failure = keyError(err);
          callback(state.failure);
        },
      );
    };
    return { getKey, state };
  };

  return async (token: string): Promise<TeamsUser> => {
    if (!token) throw new TokenRejectedError('missing');
    // Cheap structural checks before any key lookup.
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object') throw new TokenRejectedError('malformed');
    if (decoded.header.alg !== 'RS256') throw new TokenRejectedError('wrong algorithm');

    const { getKey, state } = keyLookup();
    const payload = await new Promise<JwtPayload>((resolve, reject) => {
      jwt.verify(
        token,
        getKey,
        {
          algorithms: ['RS256'],
          audience: options.audiences as [string, ...string[]],
          issuer: options.issuers as [string, ...string[]],
          clockTolerance: tolerance,
          clockTimestamp: Math.floor(now().getTime() / 1000),
        },
        (err, verified) => {
          if (err) reject(state.failure ?? verifyError(err));
          else if (!verified || typeof verified === 'string') reject(new TokenRejectedError('malformed'));
          else resolve(verified);
        },
      );
    });

    if (payload.exp === undefined) throw new TokenRejectedError('malformed');
    if (String(payload.tid ?? '').toLowerCase() !== options.tenantId.toLowerCase()) throw new TokenRejectedError('wrong tenant');
    const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
    if (!scopes.includes(TEAMS_SSO_SCOPE)) throw new TokenRejectedError('missing scope');
    if (typeof payload.oid !== 'string' || !payload.oid) throw new TokenRejectedError('missing user');
    return {
      objectId: payload.oid,
      tenantId: String(payload.tid),
      userName: stringClaim(payload.preferred_username) ?? stringClaim(payload.upn),
      name: stringClaim(payload.name),
    };
  };
}

function stringClaim(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function keyError(err: unknown): Error {
  if (err instanceof SigningKeyNotFoundError) return new TokenRejectedError('unknown signing key');
  if (err instanceof JwksUnavailableError) return new SigningKeysUnavailableError({ cause: err });
  return new SigningKeysUnavailableError({ cause: err });
}

/** jsonwebtoken's errors → our problems. */
function verifyError(err: Error): TokenRejectedError {
  if (err.name === 'TokenExpiredError') return new TokenRejectedError('expired');
  if (err.name === 'NotBeforeError') return new TokenRejectedError('not yet valid');
  const m = err.message;
  if (m.startsWith('jwt audience invalid')) return new TokenRejectedError('wrong audience');
  if (m.startsWith('jwt issuer invalid')) return new TokenRejectedError('wrong issuer');
  if (m === 'invalid signature') return new TokenRejectedError('bad signature');
  if (m === 'invalid algorithm') return new TokenRejectedError('wrong algorithm');
  return new TokenRejectedError('malformed');
}
