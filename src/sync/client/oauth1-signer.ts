import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/**
 * Two-legged OAuth 1.0a with HMAC-SHA256 (no token step; the key is the consumer secret + '&').
 * The URL passed in is the one sent, query included, so limit, offset and filter are signed
 * exactly as they go out — leaving them out is the classic cause of 401s (field-lessons §3.5).
 * Each call makes a new nonce and timestamp, so a retried request is never a replay.
 */
export function oauth1Signer(clientId: string, clientSecret: string, now: () => number): (method: string, url: URL) => string {
  const oauth = new OAuth({
    consumer: { key: clientId, secret: clientSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  // The timestamp comes from the injected clock, like every other time the client reads.
  oauth.getTimeStamp = () => Math.floor(now() / 1000);
  return (method, url) => oauth.toHeader(oauth.authorize({ url: url.toString(), method: method.toUpperCase() })).Authorization;
}
