import { createHash, randomBytes, randomInt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets and keys for integration accesses.
 *
 * OAuth 2.0-only accesses keep just a scrypt hash of the secret (the token endpoint only has to
 * check it). OAuth 1.0a needs the plaintext secret to recompute HMAC signatures, so those secrets
 * are sealed with the secret box instead (see secret-box.ts).
 */

const SECRET_BYTES = 32;
const KEY_PREFIX = 'rb_';
const KEY_LENGTH = 20;
/** Crockford's base32 alphabet, lowercase: no i, l, o, u, so a key read aloud or retyped survives. */
const KEY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

const SCRYPT_N = 16384;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SCRYPT_SALT_BYTES = 16;
const SCRYPT_HASH_BYTES = 32;
/** Bounds on parameters read back from storage, so a corrupted row cannot ask for gigabytes. */
const SCRYPT_MAX_N = 1 << 20;
const SCRYPT_MAX_R = 32;
const SCRYPT_MAX_P = 16;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A new client secret: 32 random bytes (256 bits) as base64url without padding (43 characters). */
export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * A readable client key for admins who do not choose one: `rb_` and 20 base32 characters
 * (100 bits), e.g. `rb_7m2k9q4xw0c8hz1rtd5e`. Keys are identifiers, not credentials.
 */
export function generateKey(): string {
  let key = KEY_PREFIX;
  for (let i = 0; i < KEY_LENGTH; i += 1) key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return key;
}

/** scrypt hash in the self-describing form `scrypt$N$r$p$<salt b64url>$<hash b64url>`. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(SCRYPT_SALT_BYTES);
  const hash = runScrypt(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_HASH_BYTES);
  return ['scrypt', SCRYPT_N, SCRYPT_R, SCRYPT_P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * Whether `secret` matches a value produced by hashSecret, compared in constant time.
 * Throws when `stored` is not a hash in that format: a corrupt row is a failure, not a wrong secret.
 */
export function verifySecretHash(secret: string, stored: string): boolean {
  const parsed = parseScryptHash(stored);
  const actual = runScrypt(secret, parsed.salt, parsed.n, parsed.r, parsed.p, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

/**
 * A short, non-reversible identifier of a secret (first 8 characters of its base64url SHA-256)
 * that admin screens and audit logs may show instead of the secret itself.
 */
export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url').slice(0, 8);
}

interface ScryptHash {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseScryptHash(stored: string): ScryptHash {
  const parts = stored.split('$');
  const [scheme, nText, rText, pText, saltText, hashText] = parts;
  const problem = (why: string): Error =>
    new Error(`stored secret hash is not a valid scrypt$N$r$p$salt$hash value: ${why}`);
  if (parts.length !== 6 || scheme !== 'scrypt') throw problem('unexpected format');
  const n = parseBoundedInt(nText, SCRYPT_MAX_N);
  const r = parseBoundedInt(rText, SCRYPT_MAX_R);
  const p = parseBoundedInt(pText, SCRYPT_MAX_P);
  if (n === undefined || n < 2 || (n & (n - 1)) !== 0) throw problem('N must be a power of two');
  if (r === undefined || p === undefined) throw problem('r or p out of range');
  if (saltText === undefined || !BASE64URL.test(saltText)) throw problem('salt is not base64url');
  if (hashText === undefined || !BASE64URL.test(hashText)) throw problem('hash is not base64url');
  const salt = Buffer.from(saltText, 'base64url');
  const hash = Buffer.from(hashText, 'base64url');
  if (hash.length < 16) throw problem('hash too short');
  return { n, r, p, salt, hash };
}

function parseBoundedInt(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,8}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

function runScrypt(secret: string, salt: Buffer, n: number, r: number, p: number, length: number): Buffer {
  // scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is too low for larger stored N.
  const maxmem = 128 * n * r * 2 + 1024 * 1024;
  return scryptSync(secret, salt, length, { N: n, r, p, maxmem });
}
