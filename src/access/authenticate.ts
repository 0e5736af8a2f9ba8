import type { HubEnvironment } from '../config/index.ts';
import type { Clock } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { openSecrets, validStoredSecrets } from './access-secrets.ts';
import { acceptsOAuth1, acceptsOAuth2, findAccessByKey, getAccess, type IntegrationAccess } from './accesses.ts';
import { isAccessInForce } from './in-force.ts';
import { loadScope } from './load-scope.ts';
import { rememberNonce } from './nonces.ts';
import { verifyOAuth1Request } from './oauth1.ts';
import type { AccessScope } from './scope.ts';
import type { SecretBox } from './secret-box.ts';
import { findLiveToken } from './tokens.ts';

export interface ApiRequest {
  readonly method: string;
  /** The URL the client used (scheme, host and port as it sent them). */
  readonly url: URL;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body, only for application/x-www-form-urlencoded requests (OAuth 1.0a signs it). */
  readonly formBody?: string;
}

export interface AuthDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly environment: HubEnvironment;
  /** Needed to open sealed secrets for OAuth 1.0a; undefined when no master key is configured. */
  readonly box: SecretBox | undefined;
}

export type AuthFailureCode =
  | 'missing_credentials'
  | 'invalid_token'
  | 'invalid_signature'
  | 'auth_type_not_allowed'
  | 'access_not_in_force';

export type AuthOutcome =
  | { ok: true; access: IntegrationAccess; scope: AccessScope; grantedScopes: readonly string[]; method: 'oauth2' | 'oauth1' }
  | { ok: false; status: 401 | 403; code: AuthFailureCode; message: string; scheme: 'Bearer' | 'OAuth' };

/**
 * Authenticates one API request. Everything is read from the store on every call — the access,
 * its in-force state, its secrets, its token — so a deactivation, expiry or revocation refuses the
 * very next request. 401 = the credentials are missing or wrong; 403 = the credentials are right
 * but the access is not in force (inactive, not yet effective, expired).
 */
export async function authenticateApiRequest(request: ApiRequest, deps: AuthDeps): Promise<AuthOutcome> {
  const authorization = header(request.headers, 'authorization');
  const suppress = header(request.headers, 'suppress-development-permissions')?.toLowerCase() === 'true';
  if (authorization !== undefined && /^\s*Bearer\s/i.test(authorization)) return bearer(authorization, deps, suppress);
  if (authorization !== undefined && /^\s*OAuth(\s|$)/i.test(authorization)) return oauth1(request, authorization, deps, suppress);
  return { ok: false, status: 401, code: 'missing_credentials', message: 'send an OAuth 2.0 bearer token or an OAuth 1.0a signed Authorization header', scheme: 'Bearer' };
}

async function bearer(authorization: string, deps: AuthDeps, suppress: boolean): Promise<AuthOutcome> {
  const now = deps.clock.now();
  const token = authorization.trim().replace(/^Bearer\s+/i, '').trim();
  const stored = token === '' ? undefined : await findLiveToken(deps.db, token, now);
  const access = stored === undefined ? undefined : await getAccess(deps.db, stored.accessId);
  if (stored === undefined || access === undefined) {
    return { ok: false, status: 401, code: 'invalid_token', message: 'the access token is unknown, expired or revoked', scheme: 'Bearer' };
  }
  if (!acceptsOAuth2(access)) {
    return { ok: false, status: 401, code: 'auth_type_not_allowed', message: 'this access no longer accepts OAuth 2.0', scheme: 'Bearer' };
  }
  const refused = notInForce(access, deps, now, 'Bearer');
  if (refused !== undefined) return refused;
  const scope = await loadScope(deps.db, access, deps.environment, suppress);
  // A configuration narrowed after the token was issued narrows the token too.
  const grantedScopes = stored.scopes.filter((s) => scope.oauthScopes.includes(s));
  return { ok: true, access, scope, grantedScopes, method: 'oauth2' };
}

async function oauth1(request: ApiRequest, authorization: string, deps: AuthDeps, suppress: boolean): Promise<AuthOutcome> {
  const now = deps.clock.now();
  // Filled by lookupSecrets, which the verifier calls once with the header's key.
  const found: { access?: IntegrationAccess } = {};
  const verification = await verifyOAuth1Request(
    { method: request.method, url: request.url, authorization, ...(request.formBody === undefined ? {} : { formBody: request.formBody }) },
    {
      now,
      lookupSecrets: async (key) => {
        const candidate = await findAccessByKey(deps.db, key);
        if (candidate === undefined || !acceptsOAuth1(candidate)) return [];
        found.access = candidate;
        return openSecrets(deps.box, candidate.id, await validStoredSecrets(deps.db, candidate.id));
      },
      rememberNonce: (key, nonce, timestamp) => rememberNonce(deps.db, now, key, nonce, timestamp),
    },
  );
  const access = found.access;
  if (!verification.ok || access === undefined) {
    const message = verification.ok ? 'the consumer key is not known' : verification.message;
    return { ok: false, status: 401, code: 'invalid_signature', message, scheme: 'OAuth' };
  }
  const refused = notInForce(access, deps, now, 'OAuth');
  if (refused !== undefined) return refused;
  const scope = await loadScope(deps.db, access, deps.environment, suppress);
  return { ok: true, access, scope, grantedScopes: scope.oauthScopes, method: 'oauth1' };
}

function notInForce(access: IntegrationAccess, deps: AuthDeps, now: Date, scheme: 'Bearer' | 'OAuth'): AuthOutcome | undefined {
  const state = isAccessInForce(access, now, deps.timeZone);
  if (state.inForce) return undefined;
  const why = state.reason === 'inactive' ? 'is not active' : state.reason === 'not_yet_effective' ? `is not effective until ${access.effectiveDate}` : `expired after ${access.expirationDate ?? ''}`;
  return { ok: false, status: 403, code: 'access_not_in_force', message: `the integration access ${why}`, scheme };
}

function header(headers: ApiRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
