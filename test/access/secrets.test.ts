import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKey, generateSecret, hashSecret, secretFingerprint, verifySecretHash } from '../../src/access/secrets.ts';

describe('generateSecret', () => {
  it('is 32 random bytes as unpadded base64url', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
  });

  it('differs every time', () => {
    const secrets = new Set(Array.from({ length: 50 }, () => generateSecret()));
    expect(secrets.size).toBe(50);
  });
});

describe('generateKey', () => {
  it('is rb_ and 20 readable base32 characters, different every time', () => {
    const keys = Array.from({ length: 50 }, () => generateKey());
    for (const key of keys) expect(key).toMatch(/^rb_[0-9a-hjkmnp-tv-z]{20}$/);
    expect(new Set(keys).size).toBe(50);
  });

  it('uses the whole alphabet (not a constant or a narrow range)', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateKey().slice(3)).join(''));
    expect(seen.size).toBe(32);
  });
});

describe('hashSecret / verifySecretHash', () => {
  const secret = 'correct horse battery staple';
  const stored = hashSecret(secret);

  it('writes a self-describing scrypt hash with a 16-byte salt', () => {
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4] ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64url')).toHaveLength(32);
    expect(stored).not.toContain(secret);
  });

  it('salts every hash', () => {
    expect(hashSecret(secret)).not.toBe(stored);
  });

  it('verifies the right secret and refuses others', () => {
    expect(verifySecretHash(secret, stored)).toBe(true);
    expect(verifySecretHash('correct horse battery stapler', stored)).toBe(false);
    expect(verifySecretHash('', stored)).toBe(false);
  });

  it('refuses the secret when the stored hash bytes were changed', () => {
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5] ?? '', 'base64url');
    hash[0] = (hash[0] ?? 0) ^ 1;
    parts[5] = hash.toString('base64url');
    expect(verifySecretHash(secret, parts.join('$'))).toBe(false);
  });

  it('throws on a stored value that is not a hash in the expected format', () => {
    expect(() => verifySecretHash(secret, 'plaintext-secret')).toThrow(/scrypt/);
    expect(() => verifySecretHash(secret, stored.replace('$16384$', '$1000$'))).toThrow(/power of two/);
    expect(() => verifySecretHash(secret, stored.replace('$16384$', '$1073741824$'))).toThrow(/power of two/);
    expect(() => verifySecretHash(secret, stored.replace('scrypt$', 'bcrypt$'))).toThrow(/scrypt/);
  });
});

describe('secretFingerprint', () => {
  it('is the first 8 characters of the base64url SHA-256 and stable', () => {
    const secret = generateSecret();
    const expected = createHash('sha256').update(secret).digest('base64url').slice(0, 8);
    expect(secretFingerprint(secret)).toBe(expected);
    expect(secretFingerprint(secret)).toHaveLength(8);
    expect(secret).not.toContain(secretFingerprint(secret));
  });

  it('tells different secrets apart', () => {
    expect(secretFingerprint('secret-a')).not.toBe(secretFingerprint('secret-b'));
  });
});
