import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { describe, expect, it } from 'vitest';
import {
  collectSignatureParameters,
  normalizeBaseUrl,
  parseAuthorizationHeader,
  percentEncode,
  signatureBaseString,
  verifyOAuth1Request,
  type OAuth1Dependencies,
  type OAuth1FailureReason,
  type OAuth1Verification,
} from '../../src/access/oauth1.ts';
import { createMemoryNonceStore } from './memory-nonce-store.ts';

// The independent client: ddo/oauth-1.0a signs every request below; the verifier never sees how.

const KEY = 'rb_k3y4vendor0000000001';
const SECRET = 'current-secret/with+chars&=';
const OLD_SECRET = 'previous-secret-still-valid';
const T0 = 1_750_000_000; // oauth_timestamp used by the client, in seconds
const NOW = new Date(T0 * 1000);
const BASE = 'https://sis.example.org/ims/oneroster/v1p1';

interface SignOptions {
  secret?: string;
  key?: string;
  signatureMethod?: string;
  version?: string;
  realm?: string;
  timestamp?: number;
}

function client(options: SignOptions = {}): OAuth {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA256';
  const algorithm = signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256';
  const oauth = new OAuth({
    consumer: { key: options.key ?? KEY, secret: options.secret ?? SECRET },
    signature_method: signatureMethod,
    hash_function: (base, key) => createHmac(algorithm, key).update(base).digest('base64'),
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.realm === undefined ? {} : { realm: options.realm }),
  });
  oauth.getTimeStamp = () => options.timestamp ?? T0;
  return oauth;
}

/** The Authorization header the client sends for this request. */
function authorize(request: OAuth.RequestOptions, options: SignOptions = {}): string {
  const oauth = client(options);
  return oauth.toHeader(oauth.authorize(request)).Authorization;
}

function dependencies(overrides: Partial<OAuth1Dependencies> = {}): OAuth1Dependencies {
  const nonces = createMemoryNonceStore();
  return {
    now: NOW,
    lookupSecrets: async (key) => (key === KEY ? [SECRET] : []),
    rememberNonce: nonces.rememberNonce,
    ...overrides,
  };
}

function verify(
  url: string,
  authorization: string | undefined,
  deps: OAuth1Dependencies = dependencies(),
  method = 'GET',
  formBody?: string,
): Promise<OAuth1Verification> {
  return verifyOAuth1Request(
    { method, url: new URL(url), authorization, ...(formBody === undefined ? {} : { formBody }) },
    deps,
  );
}

function expectAccepted(result: OAuth1Verification, signatureMethod = 'HMAC-SHA256'): void {
  expect(result).toEqual({ ok: true, consumerKey: KEY, signatureMethod });
}

function expectRefused(result: OAuth1Verification, reason: OAuth1FailureReason): void {
  expect(result).toMatchObject({ ok: false, reason });
  if (result.ok) return;
  expect(result.message.length).toBeGreaterThan(0);
  for (const secret of [SECRET, OLD_SECRET, percentEncode(SECRET)]) expect(result.message).not.toContain(secret);
}

function withSignature(authorization: string, change: (signature: string) => string): string {
  return authorization.replace(/oauth_signature="([^"]*)"/, (_all, encoded: string) => {
    return `oauth_signature="${percentEncode(change(decodeURIComponent(encoded)))}"`;
  });
}

const q = encodeURIComponent;

describe('verifyOAuth1Request accepts requests signed by oauth-1.0a', () => {
  it('HMAC-SHA256 with paging parameters', async () => {
    const url = `${BASE}/users?limit=100&offset=200`;
    expectAccepted(await verify(url, authorize({ url, method: 'GET' })));
  });

  it('HMAC-SHA1', async () => {
    const url = `${BASE}/users?limit=100`;
    expectAccepted(await verify(url, authorize({ url, method: 'GET' }, { signatureMethod: 'HMAC-SHA1' })), 'HMAC-SHA1');
  });

  it('an encoded filter with quotes, a plus sign, an @ and spaces', async () => {
    const url = `${BASE}/users?filter=${q("email='a+b@x.org' AND status='active'")}&limit=5`;
    expectAccepted(await verify(url, authorize({ url, method: 'GET' })));
  });

  it('a space the client sent as + (form-encoded query)', async () => {
    const signedUrl = `${BASE}/classes?filter=${q("title='Algebra I'")}`;
    const sentUrl = `${BASE}/classes?filter=title%3D'Algebra+I'`;
    expectAccepted(await verify(sentUrl, authorize({ url: signedUrl, method: 'GET' })));
  });

  it('repeated parameters, in any order', async () => {
    const url = `${BASE}/users?fields=sourcedId&fields=givenName&fields=email`;
    const authorization = authorize({ url, method: 'GET' });
    expectAccepted(await verify(url, authorization));
    const reordered = `${BASE}/users?fields=email&fields=sourcedId&fields=givenName`;
    expectAccepted(await verify(reordered, authorization));
  });

  it('a POST with an application/x-www-form-urlencoded body', async () => {
    const url = `${BASE}/lineItems?dryRun=true`;
    const data = { title: "Unit 1 test: it's a+b & c", resultValueMax: '100', 'class.sourcedId': 'cls-1' };
    const authorization = authorize({ url, method: 'POST', data: { ...data } });
    const body = new URLSearchParams(data).toString(); // spaces as '+', like browsers send forms
    expectAccepted(await verify(url, authorization, dependencies(), 'POST', body));
  });

  it('an uppercase scheme and host and an explicit default port on the server side', async () => {
    const url = `${BASE}/schools?limit=1`;
    const authorization = authorize({ url, method: 'GET' });
    expectAccepted(await verify('HTTPS://SIS.Example.ORG:443/ims/oneroster/v1p1/schools?limit=1', authorization));
    const plain = 'http://localhost/ims/oneroster/v1p1/schools';
    expectAccepted(await verify('http://LOCALHOST:80/ims/oneroster/v1p1/schools', authorize({ url: plain, method: 'get' })));
  });

  it('a realm in the header, which is not signed', async () => {
    const url = `${BASE}/orgs`;
    expectAccepted(await verify(url, authorize({ url, method: 'GET' }, { realm: 'Rosterbridge' })));
  });

  it('a header without oauth_version', async () => {
    const url = `${BASE}/orgs`;
    const oauth = client();
    const data = oauth.authorize({ url, method: 'GET' });
    // The library signs over exactly the keys the object has, so remove the version (and the old signature) and re-sign.
    Reflect.deleteProperty(data, 'oauth_version');
    Reflect.deleteProperty(data, 'oauth_signature');
    const header = oauth.toHeader({ ...data, oauth_signature: oauth.getSignature({ url, method: 'GET', data: {} }, undefined, data) });
    expect(header.Authorization).not.toContain('oauth_version');
    expectAccepted(await verify(url, header.Authorization));
  });

  it('the second valid secret during a rotation, and the first', async () => {
    const url = `${BASE}/users`;
    const deps = dependencies({ lookupSecrets: async () => [OLD_SECRET, SECRET] });
    expectAccepted(await verify(url, authorize({ url, method: 'GET' }, { secret: SECRET }), deps));
    expectAccepted(await verify(url, authorize({ url, method: 'GET' }, { secret: OLD_SECRET }), deps));
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { secret: 'a-third-secret' }), deps), 'bad_signature');
  });

  it('timestamps at the edges of the window (10 minutes old, 5 minutes ahead)', async () => {
    const url = `${BASE}/users`;
    const tenMinutesLater = dependencies({ now: new Date((T0 + 600) * 1000) });
    expectAccepted(await verify(url, authorize({ url, method: 'GET' }), tenMinutesLater));
    const fiveMinutesEarlier = dependencies({ now: new Date((T0 - 300) * 1000) });
    expectAccepted(await verify(url, authorize({ url, method: 'GET' }), fiveMinutesEarlier));
  });

  it('computes the same base string as the client', () => {
    const url = `${BASE}/users?filter=${q("familyName~'O''Brien'")}&fields=a&fields=b&limit=10`;
    const oauth = client();
    const data = oauth.authorize({ url, method: 'GET' });
    const { oauth_signature: _signature, ...unsigned } = data;
    const ours = signatureBaseString(
      'GET',
      normalizeBaseUrl(new URL(url)),
      collectSignatureParameters({ query: new URL(url).search.slice(1), oauthParams: parseAuthorizationHeader(oauth.toHeader(data).Authorization) ?? {} }),
    );
    expect(ours).toBe(oauth.getBaseString({ url, method: 'GET', data: {} }, unsigned));
  });
});

describe('verifyOAuth1Request refuses', () => {
  const url = `${BASE}/users?limit=100&filter=${q("status='active'")}`;

  it('a tampered signature', async () => {
    const authorization = withSignature(authorize({ url, method: 'GET' }), (s) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1));
    expectRefused(await verify(url, authorization), 'bad_signature');
  });

  it('a changed query parameter', async () => {
    const authorization = authorize({ url, method: 'GET' });
    expectRefused(await verify(url.replace('limit=100', 'limit=101'), authorization), 'bad_signature');
    expectRefused(await verify(`${url}&offset=0`, authorization), 'bad_signature');
  });

  it('a literal + that the client signed as %2B but sent unencoded (it means a space)', async () => {
    const signedUrl = `${BASE}/users?filter=${q("email='a+b@x.org'")}`;
    const sentUrl = `${BASE}/users?filter=email%3D'a+b%40x.org'`;
    expectRefused(await verify(sentUrl, authorize({ url: signedUrl, method: 'GET' })), 'bad_signature');
  });

  it('a dropped repetition of a repeated parameter', async () => {
    const signedUrl = `${BASE}/users?fields=a&fields=b`;
    expectRefused(await verify(`${BASE}/users?fields=a`, authorize({ url: signedUrl, method: 'GET' })), 'bad_signature');
  });

  it('a form body that was changed or not passed', async () => {
    const postUrl = `${BASE}/results`;
    const authorization = authorize({ url: postUrl, method: 'POST', data: { score: '90' } });
    expectRefused(await verify(postUrl, authorization, dependencies(), 'POST', 'score=95'), 'bad_signature');
    expectRefused(await verify(postUrl, authorization, dependencies(), 'POST'), 'bad_signature');
  });

  it('a different method, path, host or port', async () => {
    const authorization = authorize({ url, method: 'GET' });
    expectRefused(await verify(url, authorization, dependencies(), 'DELETE'), 'bad_signature');
    expectRefused(await verify(url.replace('/users', '/Users'), authorization), 'bad_signature');
    expectRefused(await verify(url.replace('sis.example.org', 'evil.example.org'), authorization), 'bad_signature');
    expectRefused(await verify(url.replace('sis.example.org', 'sis.example.org:8443'), authorization), 'bad_signature');
  });

  it('a wrong secret', async () => {
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { secret: 'not-the-secret' })), 'bad_signature');
  });

  it('an unknown key', async () => {
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { key: 'rb_nobody' })), 'unknown_key');
  });

  it('a timestamp 11 minutes old', async () => {
    const deps = dependencies({ now: new Date((T0 + 11 * 60) * 1000) });
    expectRefused(await verify(url, authorize({ url, method: 'GET' }), deps), 'stale_timestamp');
    const justOver = dependencies({ now: new Date((T0 + 600) * 1000 + 1) });
    expectRefused(await verify(url, authorize({ url, method: 'GET' }), justOver), 'stale_timestamp');
  });

  it('a timestamp 6 minutes in the future', async () => {
    const deps = dependencies({ now: new Date((T0 - 6 * 60) * 1000) });
    expectRefused(await verify(url, authorize({ url, method: 'GET' }), deps), 'stale_timestamp');
  });

  it('a replayed nonce, but only records nonces of correctly signed requests', async () => {
    const nonces = createMemoryNonceStore();
    const deps = dependencies({ rememberNonce: nonces.rememberNonce });
    const authorization = authorize({ url, method: 'GET' });
    const forged = withSignature(authorization, (s) => s.split('').reverse().join(''));
    expectRefused(await verify(url, forged, deps), 'bad_signature');
    expect(nonces.size()).toBe(0);
    expectAccepted(await verify(url, authorization, deps));
    expect(nonces.size()).toBe(1);
    expectRefused(await verify(url, authorization, deps), 'replayed_nonce');
  });

  it('unsupported signature methods', async () => {
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { signatureMethod: 'PLAINTEXT' })), 'unsupported_signature_method');
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { signatureMethod: 'RSA-SHA1' })), 'unsupported_signature_method');
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { signatureMethod: 'hmac-sha256' })), 'unsupported_signature_method');
  });

  it('an oauth_version other than 1.0', async () => {
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { version: '2.0' })), 'unsupported_version');
  });

  it('a missing or non-OAuth Authorization header', async () => {
    expectRefused(await verify(url, undefined), 'missing');
    expectRefused(await verify(url, ''), 'missing');
    expectRefused(await verify(url, 'Bearer eyJhbGciOi'), 'missing');
    expectRefused(await verify(url, 'Basic cmJfazp4'), 'missing');
  });

  it('malformed headers', async () => {
    const good = authorize({ url, method: 'GET' });
    const malformed = [
      'OAuth garbage',
      'OAuth oauth_consumer_key=unquoted',
      good.replace(/oauth_nonce="[^"]*", /, ''),
      good.replace(/oauth_consumer_key="[^"]*"/, 'oauth_consumer_key=""'),
      good.replace(/oauth_timestamp="[^"]*"/, 'oauth_timestamp="soon"'),
      good.replace(/oauth_timestamp="[^"]*"/, `oauth_timestamp="${T0}.5"`),
      good.replace(/oauth_nonce="[^"]*"/, `oauth_nonce="${'n'.repeat(256)}"`),
      good.replace(/oauth_nonce="[^"]*"/, 'oauth_nonce="%E0%A4%A"'),
      `${good}, oauth_nonce="again"`,
    ];
    for (const header of malformed) expectRefused(await verify(url, header), 'malformed');
  });

  it('without throwing when the secret lookup is never reached', async () => {
    const deps = dependencies({
      lookupSecrets: async () => {
        throw new Error('must not be called');
      },
    });
    expectRefused(await verify(url, 'OAuth garbage', deps), 'malformed');
    expectRefused(await verify(url, authorize({ url, method: 'GET' }, { timestamp: T0 - 3600 }), deps), 'stale_timestamp');
  });
});

describe('RFC 5849 building blocks', () => {
  it('percent-encodes per §3.6', () => {
    expect(percentEncode('Ladies + Gentlemen')).toBe('Ladies%20%2B%20Gentlemen');
    expect(percentEncode('An encoded string!')).toBe('An%20encoded%20string%21');
    expect(percentEncode('Dogs, Cats & Mice')).toBe('Dogs%2C%20Cats%20%26%20Mice');
    expect(percentEncode("AZaz09-._~*'()/=?")).toBe('AZaz09-._~%2A%27%28%29%2F%3D%3F');
    expect(percentEncode('é☃')).toBe('%C3%A9%E2%98%83');
  });

  it('parses the Authorization header, decoding values and ignoring realm', () => {
    const header = 'OAuth realm="Example", oauth_consumer_key="key%20one",oauth_nonce = "n%2Fx" ,  oauth_version="1.0"';
    expect(parseAuthorizationHeader(header)).toEqual({
      oauth_consumer_key: 'key one',
      oauth_nonce: 'n/x',
      oauth_version: '1.0',
    });
    expect(parseAuthorizationHeader('oauth oauth_nonce="a"')).toEqual({ oauth_nonce: 'a' });
    expect(parseAuthorizationHeader('Bearer x')).toBeUndefined();
    expect(parseAuthorizationHeader('OAuth a="1" b="2"')).toBeUndefined();
    expect(parseAuthorizationHeader('OAuth a="1", a="2"')).toBeUndefined();
  });

  it('normalizes the base string URI per §3.4.1.2', () => {
    expect(normalizeBaseUrl(new URL('HTTP://EXAMPLE.COM:80/r%20v/X?id=123'))).toBe('http://example.com/r%20v/X');
    expect(normalizeBaseUrl(new URL('https://www.example.net:8080/?q=1#frag'))).toBe('https://www.example.net:8080/');
    expect(normalizeBaseUrl(new URL('http://example.com:443/a'))).toBe('http://example.com:443/a');
    expect(normalizeBaseUrl(new URL('https://user:pw@Example.com'))).toBe('https://example.com/');
  });

  it('reproduces the §3.4.1.1 example base string exactly', () => {
    const url = new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b');
    const authorization =
      'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
      'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
      'oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"';
    const normalized = collectSignatureParameters({
      query: url.search.slice(1),
      formBody: 'c2&a3=2+q',
      oauthParams: parseAuthorizationHeader(authorization) ?? {},
    });
    // §3.4.1.3.2
    expect(normalized).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a' +
        '&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
    expect(signatureBaseString('post', normalizeBaseUrl(url), normalized)).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D' +
        '%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1' +
        '%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('keeps a realm query parameter (only the header realm is excluded) and drops oauth_signature anywhere', () => {
    expect(
      collectSignatureParameters({ query: 'realm=x&oauth_signature=abc&b=1', oauthParams: { oauth_nonce: 'n', realm: 'r' } }),
    ).toBe('b=1&oauth_nonce=n&realm=x');
  });
});
