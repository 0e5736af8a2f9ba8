import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, generateMasterKey, parseMasterKey } from '../../src/access/secret-box.ts';

const masterKey = randomBytes(32);
const box = createSecretBox(masterKey);
const secret = 'Zr4u-9Pq_consumer-secret é';

/** Flips one bit of one dot-separated part of a sealed value. */
function flip(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createSecretBox', () => {
  it('round-trips a secret bound to its context', () => {
    const sealed = box.seal(secret, 'access-1');
    expect(box.open(sealed, 'access-1')).toBe(secret);
  });

  it('writes v1.<iv>.<ciphertext>.<tag> without the plaintext, with a fresh IV each time', () => {
    const sealed = box.seal(secret, 'access-1');
    const [version, iv, ciphertext, tag] = sealed.split('.');
    expect(version).toBe('v1');
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(ciphertext ?? '', 'base64url')).toHaveLength(Buffer.byteLength(secret));
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
    expect(sealed).not.toContain(secret);
    expect(box.seal(secret, 'access-1')).not.toBe(sealed);
  });

  it('round-trips an empty secret', () => {
    expect(box.open(box.seal('', 'access-1'), 'access-1')).toBe('');
  });

  it('does not open a value copied onto another record (wrong context)', () => {
    const sealed = box.seal(secret, 'access-1');
    expect(() => box.open(sealed, 'access-2')).toThrow(/wrong context/);
  });

  it('does not open with another master key', () => {
    const sealed = box.seal(secret, 'access-1');
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'access-1')).toThrow(/wrong master key/);
  });

  it('detects a tampered IV, ciphertext or tag', () => {
    const sealed = box.seal(secret, 'access-1');
    for (const part of [1, 2, 3]) {
      expect(() => box.open(flip(sealed, part), 'access-1')).toThrow(/tampered/);
    }
  });

  it('refuses a truncated tag instead of checking fewer bytes', () => {
    const parts = box.seal(secret, 'access-1').split('.');
    parts[3] = Buffer.from(parts[3] ?? '', 'base64url').subarray(0, 12).toString('base64url');
    expect(() => box.open(parts.join('.'), 'access-1')).toThrow(/tag must be 16 bytes/);
  });

  it('refuses malformed values with a clear error', () => {
    const sealed = box.seal(secret, 'access-1');
    expect(() => box.open('', 'access-1')).toThrow(/malformed/);
    expect(() => box.open(secret, 'access-1')).toThrow(/malformed/);
    expect(() => box.open(sealed.replace(/^v1/, 'v2'), 'access-1')).toThrow(/malformed/);
    expect(() => box.open(`${sealed}.extra`, 'access-1')).toThrow(/malformed/);
    expect(() => box.open(sealed.replace('.', '.*'), 'access-1')).toThrow(/not base64url/);
  });

  it('requires a context', () => {
    expect(() => box.seal(secret, '')).toThrow(/context/);
  });

  it('rejects master keys that are not exactly 32 bytes', () => {
    for (const length of [0, 16, 31, 33, 64]) {
      expect(() => createSecretBox(randomBytes(length))).toThrow(/exactly 32 bytes/);
    }
  });

  it('is not affected by later changes to the caller’s key buffer', () => {
    const key = randomBytes(32);
    const own = createSecretBox(key);
    const sealed = own.seal(secret, 'access-1');
    key.fill(0);
    expect(own.open(sealed, 'access-1')).toBe(secret);
  });
});

describe('parseMasterKey / generateMasterKey', () => {
  const bytes = randomBytes(32);

  it('accepts 64 hex characters', () => {
    expect(parseMasterKey(bytes.toString('hex')).equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString('hex').toUpperCase()).equals(bytes)).toBe(true);
  });

  it('accepts base64 (with or without padding) and base64url, ignoring surrounding whitespace', () => {
    const base64 = bytes.toString('base64');
    expect(parseMasterKey(base64).equals(bytes)).toBe(true);
    expect(parseMasterKey(base64.replace(/=$/, '')).equals(bytes)).toBe(true);
    expect(parseMasterKey(`  ${bytes.toString('base64url')}\n`).equals(bytes)).toBe(true);
  });

  it('rejects other lengths and encodings without echoing the text', () => {
    const tooShort = randomBytes(16).toString('hex');
    const bad = [tooShort, randomBytes(31).toString('base64url'), randomBytes(33).toString('base64'), 'x'.repeat(64), ''];
    for (const text of bad) {
      expect(() => parseMasterKey(text)).toThrow(/32 bytes/);
    }
    expect(() => parseMasterKey(tooShort)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(tooShort) }));
  });

  it('rejects 43 characters that are not a canonical encoding of 32 bytes', () => {
    // The last of 43 base64 characters carries 4 data bits and 2 padding bits that must be zero.
    expect(() => parseMasterKey(`${'A'.repeat(42)}B`)).toThrow(/32 bytes/);
    expect(parseMasterKey(`${'A'.repeat(42)}E`)).toHaveLength(32);
  });

  it('generates a key it can parse, different each time', () => {
    const text = generateMasterKey();
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseMasterKey(text)).toHaveLength(32);
    expect(generateMasterKey()).not.toBe(text);
  });
});
