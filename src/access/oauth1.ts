import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Two-legged OAuth 1.0a request verification (RFC 5849), as OneRoster 1.1 clients use it:
 * no token step, signing key = percent-encoded consumer secret + '&'.
 * Everything here is pure except `verifyOAuth1Request`, whose I/O (secret lookup, nonce store)
 * and clock are passed in. See docs/decisions/0002-oauth1-verifier.md.
 */

export type OAuth1SignatureMethod = 'HMAC-SHA1' | 'HMAC-SHA256';

export type OAuth1FailureReason =
  | 'missing'
  | 'malformed'
  | 'unsupported_signature_method'
  | 'unsupported_version'
  | 'unknown_key'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'replayed_nonce';

export type OAuth1Verification =
  | { ok: true; consumerKey: string; signatureMethod: OAuth1SignatureMethod }
  | { ok: false; reason: OAuth1FailureReason; message: string };

export interface OAuth1Request {
  /** HTTP method as received; compared upper-cased. */
  method: string;
  /** The URL the client used (behind a proxy: rebuilt from trusted forwarded headers by the caller). */
  url: URL;
  authorization: string | undefined;
  /** Raw body, only when the content type is application/x-www-form-urlencoded. */
  formBody?: string;
}

export interface OAuth1Dependencies {
  now: Date;
  /** Valid secrets of the key: two while a rotation is in progress, [] when the key is unknown or not in force. */
  lookupSecrets(consumerKey: string): Promise<string[]>;
  /** Records the nonce; false when this (key, nonce, timestamp) was already seen. */
  rememberNonce(consumerKey: string, nonce: string, timestamp: number): Promise<boolean>;
}

/** Clock skew accepted around `now` (the values Canvas recommends for OneRoster). */
export const MAX_TIMESTAMP_AGE_MS = 10 * 60 * 1000;
export const MAX_TIMESTAMP_LEAD_MS = 5 * 60 * 1000;
/** Longest nonce accepted, so the nonce store cannot be filled with arbitrarily large values. */
export const MAX_NONCE_LENGTH = 255;

const SIGNATURE_METHODS: Record<OAuth1SignatureMethod, 'sha1' | 'sha256'> = {
  'HMAC-SHA1': 'sha1',
  'HMAC-SHA256': 'sha256',
};
const REQUIRED_PARAMETERS = [
  'oauth_consumer_key',
  'oauth_signature_method',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
] as const;

/** RFC 5849 §3.6: unreserved characters kept, every other UTF-8 byte as %XX (uppercase hex). */
export function percentEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const unreserved =
      (byte >= 0x41 && byte <= 0x5a) || // A-Z
      (byte >= 0x61 && byte <= 0x7a) || // a-z
      (byte >= 0x30 && byte <= 0x39) || // 0-9
      byte === 0x2d || // -
      byte === 0x2e || // .
      byte === 0x5f || // _
      byte === 0x7e; // ~
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Parameters of an `Authorization: OAuth k="v", …` header (RFC 5849 §3.5.1), values
 * percent-decoded, `realm` left out. Undefined when the scheme is not OAuth or the header does
 * not parse (unquoted values, bad percent-encoding, a parameter given twice).
 */
export function parseAuthorizationHeader(header: string): Record<string, string> | undefined {
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(header);
  if (!scheme) return undefined;
  const params = new Map<string, string>();
  const pair = /\s*([^\s=,"]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  pair.lastIndex = scheme[0].length;
  while (pair.lastIndex < header.length) {
    const match = pair.exec(header);
    if (!match) return undefined;
    const name = percentDecode(match[1] ?? '');
    const value = percentDecode(match[2] ?? '');
    if (name === undefined || value === undefined || params.has(name)) return undefined;
    params.set(name, value);
  }
  params.delete('realm');
  return Object.fromEntries(params);
}

/**
 * RFC 5849 §3.4.1.2 base string URI: lowercase scheme and host, port only when it is not the
 * scheme's default, path as given, no query, no fragment, no user info.
 */
export function normalizeBaseUrl(url: URL): string {
  const scheme = url.protocol.toLowerCase();
  const host = url.hostname.toLowerCase();
  // WHATWG URL already leaves `port` empty for the scheme's default (80 for http, 443 for https).
  const port = url.port === '' ? '' : `:${url.port}`;
  const path = url.pathname === '' ? '/' : url.pathname;
  return `${scheme}//${host}${port}${path}`;
}

export interface SignatureParameterSources {
  /** Raw query string without '?'. */
  query: string;
  /** Raw application/x-www-form-urlencoded body, only when the request has that content type. */
  formBody?: string;
  /** Protocol parameters from the Authorization header. */
  oauthParams: Record<string, string>;
}

/**
 * RFC 5849 §3.4.1.3: the normalized request parameter string. Query and form body are decoded as
 * application/x-www-form-urlencoded ('+' is a space; every repetition kept); the header's
 * parameters join them; `oauth_signature` (anywhere) and the header's `realm` are left out. Each
 * name and value is re-encoded with `percentEncode`, pairs are sorted by encoded name then encoded
 * value (byte order), and joined as `name=value&…`.
 */
export function collectSignatureParameters(sources: SignatureParameterSources): string {
  const decoded: Array<[string, string]> = [
    ...new URLSearchParams(sources.query),
    ...(sources.formBody === undefined ? [] : new URLSearchParams(sources.formBody)),
    ...Object.entries(sources.oauthParams).filter(([name]) => name !== 'realm'),
  ];
  return decoded
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]): [string, string] => [percentEncode(name), percentEncode(value)])
    .sort(([nameA, valueA], [nameB, valueB]) => compareBytes(nameA, nameB) || compareBytes(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** RFC 5849 §3.4.1.1: METHOD&encoded base URI&encoded normalized parameters. */
export function signatureBaseString(method: string, baseUrl: string, normalizedParams: string): string {
  return `${method.toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(normalizedParams)}`;
}

/** RFC 5849 §3.4.2 HMAC signature (base64); two-legged requests have an empty token secret. */
export function sign(
  method: OAuth1SignatureMethod,
  baseString: string,
  consumerSecret: string,
  tokenSecret = '',
): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac(SIGNATURE_METHODS[method], key).update(baseString, 'utf8').digest('base64');
}

/**
 * Verifies a two-legged OAuth 1.0a request. Bad input of any kind is a value, never a throw;
 * only failures of `deps` (secret lookup, nonce store) reject. Order: header shape, version,
 * signature method, timestamp window, key, signature against each valid secret, and only then
 * the nonce, so unsigned requests cannot fill the nonce store. Messages never carry secrets or
 * signatures. An `oauth_token`, if a client sends one, is signed over like any parameter; its
 * secret is taken as empty (the hub issues no tokens).
 */
export async function verifyOAuth1Request(input: OAuth1Request, deps: OAuth1Dependencies): Promise<OAuth1Verification> {
  if (input.authorization === undefined || !/^\s*OAuth(?:\s|$)/i.test(input.authorization)) {
    return fail('missing', 'no OAuth 1.0a Authorization header');
  }
  const params = parseAuthorizationHeader(input.authorization);
  if (params === undefined) return fail('malformed', 'the OAuth Authorization header could not be parsed');
  const absent = REQUIRED_PARAMETERS.filter((name) => !params[name]);
  if (absent.length > 0) return fail('malformed', `the OAuth Authorization header lacks ${absent.join(', ')}`);
  const consumerKey = params['oauth_consumer_key'] ?? '';
  const nonce = params['oauth_nonce'] ?? '';
  const providedSignature = params['oauth_signature'] ?? '';
  const timestampText = params['oauth_timestamp'] ?? '';
  const methodName = params['oauth_signature_method'] ?? '';
  const version = params['oauth_version'];

  if (version !== undefined && version !== '1.0') {
    return fail('unsupported_version', 'oauth_version must be 1.0 when present');
  }
  if (!isSignatureMethod(methodName)) {
    return fail('unsupported_signature_method', 'oauth_signature_method must be HMAC-SHA256 or HMAC-SHA1');
  }
  if (nonce.length > MAX_NONCE_LENGTH) return fail('malformed', `oauth_nonce is longer than ${MAX_NONCE_LENGTH}`);
  if (!/^[0-9]{1,12}$/.test(timestampText)) return fail('malformed', 'oauth_timestamp must be whole seconds');
  const timestamp = Number(timestampText);
  const ageMs = deps.now.getTime() - timestamp * 1000;
  if (!Number.isFinite(ageMs) || ageMs > MAX_TIMESTAMP_AGE_MS || ageMs < -MAX_TIMESTAMP_LEAD_MS) {
    return fail('stale_timestamp', 'oauth_timestamp is outside the accepted window (10 minutes past, 5 minutes ahead)');
  }

  const secrets = await deps.lookupSecrets(consumerKey);
  if (secrets.length === 0) return fail('unknown_key', 'the consumer key is not known or not in force');

  const baseString = signatureBaseString(
    input.method,
    normalizeBaseUrl(input.url),
    collectSignatureParameters({
      query: input.url.search.replace(/^\?/, ''),
      ...(input.formBody === undefined ? {} : { formBody: input.formBody }),
      oauthParams: params,
    }),
  );
  let matched = false;
  for (const secret of secrets) {
    // No early exit: the time taken does not tell which of the secrets matched.
    if (constantTimeEqual(sign(methodName, baseString, secret), providedSignature)) matched = true;
  }
  if (!matched) return fail('bad_signature', 'the OAuth signature does not match the request');

  if (!(await deps.rememberNonce(consumerKey, nonce, timestamp))) {
    return fail('replayed_nonce', 'this oauth_nonce was already used with this timestamp');
  }
  return { ok: true, consumerKey, signatureMethod: methodName };
}

function fail(reason: OAuth1FailureReason, message: string): OAuth1Verification {
  return { ok: false, reason, message };
}

function isSignatureMethod(value: string): value is OAuth1SignatureMethod {
  return Object.hasOwn(SIGNATURE_METHODS, value);
}

function percentDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Byte order of ASCII strings (the encoded parameters), not locale order. */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The expected signature's length is public (fixed per method); its content is compared in constant time. */
function constantTimeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
