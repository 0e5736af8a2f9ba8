import type { Version } from '../model/index.ts';
import { validatePathLayout, type PathLayout, type PathsInput } from './path-layout.ts';
import { isSftpLocation } from './sftp/sftp-location.ts';
import { validateSftp, type SftpInput, type SftpSettings } from './sftp/sftp-settings.ts';

/**
 * What a connection holds, and the pure rules that check it. Every problem is listed at once, so
 * an admin fixes a connection in one pass; nothing here touches the database or the network.
 */
export const CONNECTION_KINDS = ['oneroster-rest', 'oneroster-csv'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const REST_AUTH_METHODS = ['oauth2', 'oauth1'] as const;
export type RestAuth = (typeof REST_AUTH_METHODS)[number];

/** import: the SIS feeds the hub; two-way: also push the hub's gradebook writes back to the SIS. */
export const SYNC_MODES = ['import', 'two-way'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

const REST_VERSIONS: readonly Version[] = ['1.1', '1.2'];

/** SIS vendors ask consumers for serial requests at peak and at most 5 in flight (field-lessons §0.9). */
export const CONCURRENCY = { default: 2, max: 5 } as const;
/** 10 000 is what Google Classroom asks of providers; most cap there. */
export const PAGE_SIZE = { default: 1000, max: 10_000 } as const;
export const TIMEOUT_MS = { default: 30_000, min: 1_000, max: 600_000 } as const;

export interface RestSettings {
  readonly version: Version;
  /** Where `/ims/oneroster/…` lives, e.g. `https://district.skyward.com/API`; no trailing slash. */
  readonly baseUrl: string;
  /** OAuth 2.0 token endpoint; null for OAuth 1.0a, which has no token step. */
  readonly tokenUrl: string | null;
  readonly clientId: string;
  readonly auth: RestAuth;
  /** OAuth 2.0 scopes to ask for (space-separated); null = whatever the provider grants by default. */
  readonly scope: string | null;
  readonly pageSize: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** Where the provider serves each service under the base URL: standard, flat, or per-service bases. */
  readonly paths: PathLayout;
}

export interface CsvSettings {
  /** A local zip or folder, or an `sftp://user@host:port/path` to a zip or a folder (ending in `/`). */
  readonly location: string;
  /** Only for an sftp:// location: how to log in and which host key to trust. */
  readonly sftp?: SftpSettings;
}

export interface RestInput {
  version: string;
  baseUrl: string;
  tokenUrl?: string | null;
  clientId: string;
  auth?: string;
  scope?: string | null;
  pageSize?: number;
  concurrency?: number;
  timeoutMs?: number;
  paths?: PathsInput;
}

export type KindSettings = { kind: 'oneroster-rest'; rest: RestSettings } | { kind: 'oneroster-csv'; csv: CsvSettings };

export interface ConnectionFields {
  readonly name: string;
  /** The hub district the source feeds. */
  readonly districtId: string;
  readonly mode: SyncMode;
}

export type ConnectionInput = {
  name: string;
  districtId: string;
  mode?: string;
} & (
    | { kind: 'oneroster-rest'; rest: RestInput; clientSecret: string }
    // sftpSecret: the SFTP password or OpenSSH private key; left out when re-checking a stored row.
    | { kind: 'oneroster-csv'; csv: { location: string; sftp?: SftpInput }; sftpSecret?: string }
  );

/** clientSecret: what is sealed — the REST client secret, or the SFTP password or private key. */
export type ValidConnection = ConnectionFields & KindSettings & { clientSecret: string | null };

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}$/;
const DISTRICT = /^[^\s]{1,128}$/;

/** The input checked and completed with defaults, or every problem found. `secretStored`: a stored row, whose sealed SFTP credential is not re-checked. */
export function validateConnection(input: ConnectionInput, options: { secretStored?: boolean } = {}): { ok: true; value: ValidConnection } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const name = input.name.trim();
  if (!NAME.test(name)) problems.push('name must be 1–80 letters, digits, spaces, dots, underscores or dashes, starting with a letter or digit');
  if (!DISTRICT.test(input.districtId)) problems.push('district is required (the hub district id, without spaces)');
  const mode = SYNC_MODES.find((m) => m === (input.mode ?? 'import'));
  if (mode === undefined) problems.push(`mode must be one of ${SYNC_MODES.join(', ')}`);
  const fields = { name, districtId: input.districtId, mode: mode ?? 'import' };

  if (input.kind === 'oneroster-csv') {
    const location = input.csv.location.trim();
    if (location === '') problems.push('location is required (a zip file, a folder, or an sftp:// address)');
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) && !isSftpLocation(location)) problems.push('location must be a local path or an sftp:// address');
    if (location === '' || !isSftpLocation(location)) {
      if (input.csv.sftp !== undefined || input.sftpSecret !== undefined) problems.push('SFTP settings and credentials belong only to an sftp:// location');
      return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { ...fields, kind: 'oneroster-csv', csv: { location }, clientSecret: null } };
    }
    const sftp = validateSftp(location, input.csv.sftp, options.secretStored === true ? undefined : (input.sftpSecret ?? ''), problems);
    if (problems.length > 0 || sftp === undefined) return { ok: false, problems };
    return { ok: true, value: { ...fields, kind: 'oneroster-csv', csv: { location, sftp }, clientSecret: input.sftpSecret ?? null } };
  }
  if (input.kind !== 'oneroster-rest') {
    return { ok: false, problems: [...problems, `kind must be one of ${CONNECTION_KINDS.join(', ')}`] };
  }
  const rest = validateRest(input.rest, problems);
  if (input.clientSecret === '') problems.push('a client secret is required');
  if (/[\r\n]/.test(input.clientSecret)) problems.push('the client secret must be one line');
  if (problems.length > 0 || rest === undefined) return { ok: false, problems };
  return { ok: true, value: { ...fields, kind: 'oneroster-rest', rest, clientSecret: input.clientSecret } };
}

function validateRest(input: RestInput, problems: string[]): RestSettings | undefined {
  const version = REST_VERSIONS.find((v) => v === input.version.trim());
  if (version === undefined) problems.push(`OneRoster version must be 1.1 or 1.2, not '${input.version}'`);
  const auth = REST_AUTH_METHODS.find((a) => a === (input.auth ?? 'oauth2'));
  if (auth === undefined) problems.push(`auth must be one of ${REST_AUTH_METHODS.join(', ')}`);
  const baseUrl = httpUrl(input.baseUrl, 'service base URL', problems)?.replace(/\/+$/, '');
  const tokenText = input.tokenUrl?.trim() ?? '';
  let tokenUrl: string | null = null;
  if (auth === 'oauth2') {
    if (tokenText === '') problems.push('a token URL is required for OAuth 2.0 (often <base URL>/oauth/token)');
    else tokenUrl = httpUrl(tokenText, 'token URL', problems) ?? null;
  } else if (tokenText !== '') {
    problems.push('OAuth 1.0a has no token URL: leave it out');
  }
  const clientId = input.clientId.trim();
  if (clientId === '' || /[\s:]/.test(clientId)) problems.push('client id is required, without spaces or colons');
  const scope = input.scope?.trim() || null;
  if (scope !== null && auth === 'oauth1') problems.push('OAuth 1.0a has no scopes: leave scope out');
  const pageSize = bounded(input.pageSize, PAGE_SIZE.default, 1, PAGE_SIZE.max, 'page size', problems);
  const concurrency = bounded(input.concurrency, CONCURRENCY.default, 1, CONCURRENCY.max, 'concurrency', problems);
  const timeoutMs = bounded(input.timeoutMs, TIMEOUT_MS.default, TIMEOUT_MS.min, TIMEOUT_MS.max, 'request timeout (ms)', problems);
  const paths = validatePathLayout(input.paths, version, problems);
  if (version === undefined || auth === undefined || baseUrl === undefined || paths === undefined) return undefined;
  return { version, baseUrl, tokenUrl, clientId, auth, scope, pageSize, concurrency, timeoutMs, paths };
}

function httpUrl(text: string, label: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    problems.push(`${label} is not a URL`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`${label} must be http:// or https://`);
  if (url.username !== '' || url.password !== '') problems.push(`${label} must not carry credentials; use the client id and secret`);
  if (url.search !== '' || url.hash !== '') problems.push(`${label} must not have a query or fragment`);
  return url.toString();
}

function bounded(value: number | undefined, fallback: number, min: number, max: number, label: string, problems: string[]): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${label} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}
