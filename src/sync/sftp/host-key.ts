import { createHash } from 'node:crypto';

/** A host key as OpenSSH prints it (`ssh-keygen -lf`): SHA256 of the key blob, base64 without padding. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}
