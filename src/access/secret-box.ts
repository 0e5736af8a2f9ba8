import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for secrets the hub must be able to read back (OAuth 1.0a consumer secrets,
 * which HMAC verification needs in plaintext).
 *
 * AES-256-GCM with a random 12-byte IV per value. The `context` (e.g. the access id) is bound as
 * additional authenticated data, so a sealed value copied onto another record does not open.
 * Sealed form: `v1.<iv b64url>.<ciphertext b64url>.<tag b64url>`; the version prefix leaves room
 * for a later format (e.g. with a key id for master-key rotation).
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;

export function createSecretBox(masterKey: Buffer): SecretBox {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== KEY_BYTES) {
    throw new Error(`secret box master key must be exactly ${KEY_BYTES} bytes (AES-256)`);
  }
  // A private copy: later changes to the caller's buffer must not change what opens.
  const key = Buffer.from(masterKey);

  return {
    seal(plaintext, context) {
      requireContext(context);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
    },

    open(sealed, context) {
      requireContext(context);
      const { iv, ciphertext, tag } = parseSealed(sealed);
      // authTagLength pins the tag to 16 bytes; without it GCM would accept truncated tags.
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new Error('sealed secret could not be opened: wrong master key, wrong context, or tampered data', {
          cause,
        });
      }
    },
  };
}

/** A new master key as base64url of 32 random bytes, for `parseMasterKey`. */
export function generateMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

/**
 * The 32-byte master key from configuration text: 64 hex characters, or base64 / base64url of
 * 32 bytes (padding optional). The error never repeats the text, which is a secret.
 */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64_KEY.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    const canonical = key.toString('base64url');
    const given = trimmed.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    if (key.length === KEY_BYTES && canonical === given) return key;
  }
  throw new Error(
    `master key must be ${KEY_BYTES} bytes written as 64 hex characters or as base64/base64url (43 characters); ` +
      `got ${trimmed.length} characters that are neither`,
  );
}

function requireContext(context: string): void {
  if (context.length === 0) throw new Error('secret box context must not be empty (bind the value to its record)');
}

function parseSealed(sealed: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const parts = sealed.split('.');
  const [version, ivText, ciphertextText, tagText] = parts;
  if (parts.length !== 4 || version !== VERSION) {
    throw new Error(`sealed secret is malformed: expected ${VERSION}.<iv>.<ciphertext>.<tag>`);
  }
  const iv = decodeCanonical(ivText, 'iv');
  const ciphertext = decodeCanonical(ciphertextText, 'ciphertext');
  const tag = decodeCanonical(tagText, 'tag');
  if (iv.length !== IV_BYTES) throw new Error(`sealed secret is malformed: iv must be ${IV_BYTES} bytes`);
  if (tag.length !== TAG_BYTES) throw new Error(`sealed secret is malformed: tag must be ${TAG_BYTES} bytes`);
  return { iv, ciphertext, tag };
}

/** base64url that re-encodes to itself, so two spellings of the same bytes cannot both be stored. */
function decodeCanonical(text: string | undefined, part: string): Buffer {
  if (text === undefined || !BASE64URL.test(text)) throw new Error(`sealed secret is malformed: ${part} is not base64url`);
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new Error(`sealed secret is malformed: ${part} is not canonical base64url`);
  return bytes;
}
