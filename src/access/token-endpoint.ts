import type { HubEnvironment } from '../config/index.ts';
import type { Clock } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { matchSecret, validStoredSecrets } from './access-secrets.ts';
import { acceptsOAuth2, findAccessByKey } from './accesses.ts';
import { isAccessInForce } from './in-force.ts';
import { loadScope } from './load-scope.ts';
import { grantScopes } from './oauth-scopes.ts';
import type { SecretBox } from './secret-box.ts';
import { issueToken } from './tokens.ts';

export interface TokenRequest {
  /** The Authorization header, if any (HTTP Basic client authentication). */
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** Decoded form fields; a field sent twice is a list (RFC 6749 §3.2 forbids repeats). */
  readonly form: Readonly<Record<string, string | readonly string[] | undefined>>;
}

export interface TokenDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly environment: HubEnvironment;
  readonly box: SecretBox | undefined;
}

export type TokenErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

/** What the HTTP edge sends back: status, JSON body and extra headers. */
export interface TokenResponse {
  readonly status: number;
  readonly body: Record<string, string | number>;
  readonly headers: Readonly<Record<string, string>>;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * OAuth 2.0 client credentials grant (RFC 6749 §4.4) for integration accesses: the client is the
 * access' key and one of its valid secrets, by HTTP Basic or in the body (not both). Errors are
 * the RFC's JSON (§5.2); a failed client authentication is 401 with a WWW-Authenticate challenge.
 */
export async function handleTokenRequest(request: TokenRequest, deps: TokenDeps): Promise<TokenResponse> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.contentType ?? '')) {
    return error(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  }
  const repeated = Object.entries(request.form).filter(([, v]) => Array.isArray(v)).map(([k]) => k);
  if (repeated.length > 0) return error(400, 'invalid_request', `parameter ${repeated.join(', ')} given more than once`);
  const field = (name: string): string | undefined => {
    const value = request.form[name];
    return typeof value === 'string' ? value : undefined;
  };
  const grantType = field('grant_type');
  if (grantType === undefined) return error(400, 'invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') return error(400, 'unsupported_grant_type', 'only grant_type=client_credentials is supported');

  const basic = parseBasic(request.authorization);
  if (basic === 'malformed') return clientError('the Basic Authorization header could not be read');
  const bodyId = field('client_id');
  const bodySecret = field('client_secret');
  if (basic !== undefined && (bodyId !== undefined || bodySecret !== undefined)) {
    return error(400, 'invalid_request', 'authenticate the client with HTTP Basic or with client_id/client_secret, not both');
  }
  const clientId = basic?.id ?? bodyId;
  const clientSecret = basic?.secret ?? bodySecret;
  if (clientId === undefined || clientSecret === undefined || clientId === '' || clientSecret === '') return clientError('client authentication is required');

  const now = deps.clock.now();
  const access = await findAccessByKey(deps.db, clientId);
  const secrets = access === undefined ? [] : await validStoredSecrets(deps.db, access.id);
  const secret = access === undefined ? undefined : matchSecret(deps.box, access.id, secrets, clientSecret);
  if (access === undefined || secret === undefined) return clientError('unknown client or wrong secret');
  if (!acceptsOAuth2(access)) return error(400, 'unauthorized_client', 'this integration access accepts OAuth 1.0a only');
  const state = isAccessInForce(access, now, deps.timeZone);
  if (!state.inForce) return error(400, 'unauthorized_client', `this integration access is not in force (${state.reason ?? 'unknown'})`);

  const scope = await loadScope(deps.db, access, deps.environment);
  const outcome = grantScopes(field('scope'), scope.oauthScopes);
  if (!outcome.ok) return error(400, 'invalid_scope', outcome.message);
  const issued = await issueToken(deps.db, now, { accessId: access.id, secretId: secret.id, scopes: outcome.granted });
  return { status: 200, headers: NO_STORE, body: { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: outcome.granted.join(' ') } };
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding; decode both. */
function parseBasic(authorization: string | undefined): { id: string; secret: string } | 'malformed' | undefined {
  if (authorization === undefined || !/^\s*Basic\s/i.test(authorization)) return undefined;
  const decoded = Buffer.from(authorization.trim().replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '));
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

function clientError(description: string): TokenResponse {
  return { status: 401, headers: { ...NO_STORE, 'www-authenticate': 'Basic realm="rosterbridge", charset="UTF-8"' }, body: { error: 'invalid_client', error_description: description } };
}

function error(status: number, code: TokenErrorCode, description: string): TokenResponse {
  return { status, headers: NO_STORE, body: { error: code, error_description: description } };
}
