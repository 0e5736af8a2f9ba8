import type { RestAuth } from './connection-settings.ts';
import { layoutWords, type PathLayout } from './path-layout.ts';

/**
 * What Test connection found, as data, and the plain words an admin reads. The wording is pure so
 * every sentence has a test; the checks themselves are in test-connection.ts.
 */
export type CheckProblem = 'refused' | 'missing_envelope' | 'not_json' | 'timeout' | 'network' | 'skipped';

export interface EndpointCheck {
  /** The collection, e.g. `demographics`. */
  readonly endpoint: string;
  readonly path: string;
  /** An HTTP answer came back at all. */
  readonly reachable: boolean;
  /** 200 with the collection's list. */
  readonly ok: boolean;
  readonly status: number | null;
  /** X-Total-Count, when the provider sends it. */
  readonly totalCount: number | null;
  readonly latencyMs: number | null;
  readonly codeMinor: string | null;
  readonly attempts: number;
  readonly problem: CheckProblem | null;
  /** For unreachable endpoints: "could not connect (ECONNREFUSED)", "no answer within 30 s". */
  readonly explanation: string | null;
}

export interface TokenCheck {
  readonly ok: boolean;
  readonly status: number | null;
  /** The OAuth 2.0 `error` code of a refusal (invalid_client, invalid_scope …). */
  readonly error: string | null;
  readonly latencyMs: number | null;
  readonly attempts: number;
  readonly problem: CheckProblem | null;
  readonly explanation: string | null;
}

/** The standard paths answered 404 everywhere, but another layout answers: what to set. */
export interface PathHint {
  /** The collection tried under each layout. */
  readonly endpoint: string;
  /** Its standard path, which answered 404. */
  readonly refused: string;
  /** Its path under `layout`, which answered. */
  readonly answered: string;
  readonly layout: PathLayout;
}

export interface RestTestReport {
  readonly kind: 'oneroster-rest';
  readonly connection: string;
  readonly auth: RestAuth;
  readonly ok: boolean;
  /** null for OAuth 1.0a, which has no token step. */
  readonly token: TokenCheck | null;
  readonly endpoints: readonly EndpointCheck[];
  /** Only when every endpoint answered 404 and another layout answers; never applied by itself. */
  readonly pathHint: PathHint | null;
  readonly summary: readonly string[];
}

export function describeToken(check: TokenCheck): string {
  if (check.ok) return `token: obtained${latency(check.latencyMs)}`;
  if (check.problem === 'timeout' || check.problem === 'network') return `token: unreachable — ${check.explanation ?? 'no answer'}${tries(check.attempts)}`;
  if (check.problem === 'missing_envelope' || check.problem === 'not_json') return 'token: 200 but no access_token in the answer — is the token URL right?';
  const status = check.status ?? 0;
  if (status === 401 || check.error === 'invalid_client' || check.error === 'unauthorized_client') return `token: ${status} — the client id or secret is wrong`;
  if (check.error === 'invalid_scope') return `token: ${status} — the provider refused the requested scope`;
  if (status === 404 || status === 405) return `token: ${status} — there is no token endpoint at this URL`;
  return `token: ${status} — the token request was refused${check.error === null ? '' : ` (${check.error})`}${serverHint(status)}`;
}

export function describeEndpoint(check: EndpointCheck, auth: RestAuth): string {
  const name = check.endpoint;
  if (check.ok) {
    const count = check.totalCount === null ? 'the provider does not report a count' : `${check.totalCount} record${check.totalCount === 1 ? '' : 's'}`;
    return `${name}: reachable — ${count}${latency(check.latencyMs)}`;
  }
  switch (check.problem) {
    case 'skipped':
      return `${name}: not checked — authentication failed first`;
    case 'timeout':
    case 'network':
      return `${name}: unreachable — ${check.explanation ?? 'no answer'}${tries(check.attempts)}`;
    case 'missing_envelope':
      return `${name}: 200 but no '${name}' list — not a OneRoster answer; check the base URL and the version`;
    case 'not_json':
      return `${name}: 200 but not JSON — not a OneRoster answer; check the base URL`;
    default:
      return `${name}: ${refusal(check, auth)}`;
  }
}

function refusal(check: EndpointCheck, auth: RestAuth): string {
  const status = check.status ?? 0;
  const code = check.codeMinor === null ? '' : ` (${check.codeMinor})`;
  if (status === 401) {
    return auth === 'oauth1'
      ? '401 — the signature was refused: the client id or secret is wrong (or the clocks differ by minutes)'
      : '401 — the token was refused even when fresh: the access may be inactive or expired';
  }
  if (status === 403) return `403 — the access has no ${check.endpoint} scope`;
  if (status === 404) return `404 — the provider does not serve ${check.path}; check the base URL and the version`;
  if (status === 429) return `429 — the provider kept asking us to slow down${tries(check.attempts)}`;
  return `${status} — refused${code}${serverHint(status)}${tries(check.attempts)}`;
}

/** What to set, in plain words and in the CLI's and the API's terms. */
export function describePathHint(hint: PathHint): string {
  const words = layoutWords(hint.layout);
  const how =
    typeof hint.layout === 'string'
      ? `set paths to ${words} (--paths ${words}; "rest": { "paths": "${words}" })`
      : `set the path bases ${words} (${words.split(', ').map((b) => `--path-base ${b}`).join(' ')}; "rest": { "paths": ${JSON.stringify(hint.layout)} })`;
  return `${hint.refused}: 404; ${hint.answered} answers: ${how}`;
}

/** The report's headline first, then one line for the token (if any), one per endpoint, and the path hint (if any). */
export function summarize(token: TokenCheck | null, endpoints: readonly EndpointCheck[], auth: RestAuth, pathHint: PathHint | null = null): string[] {
  const answered = endpoints.filter((e) => e.ok).length;
  let headline: string;
  if (token !== null && !token.ok) headline = 'Connection failed: could not get a token, so no endpoint was read.';
  else if (answered === endpoints.length) headline = `Connection works: all ${endpoints.length} endpoints answered.`;
  else if (answered === 0) headline = `Connection failed: none of the ${endpoints.length} endpoints answered.`;
  else headline = `Connection works in part: ${answered} of ${endpoints.length} endpoints answered.`;
  return [headline, ...(token === null ? [] : [describeToken(token)]), ...endpoints.map((e) => describeEndpoint(e, auth)), ...(pathHint === null ? [] : [describePathHint(pathHint)])];
}

function latency(ms: number | null): string {
  return ms === null ? '' : `, ${Math.round(ms)} ms`;
}

function tries(attempts: number): string {
  return attempts > 1 ? ` (after ${attempts} attempts)` : '';
}

function serverHint(status: number): string {
  return status >= 500 ? ': the provider failed on its side; try again later' : '';
}
