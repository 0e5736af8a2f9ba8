import ssh2 from 'ssh2';
import { parseSftpLocation } from './sftp-location.ts';

export const SFTP_AUTH_METHODS = ['password', 'private-key'] as const;
export type SftpAuth = (typeof SFTP_AUTH_METHODS)[number];

/** Connecting (TCP, handshake, login) must finish within this; a stalled transfer is caught by keepalives. */
export const SFTP_TIMEOUT_MS = { default: 30_000, min: 1_000, max: 600_000 } as const;

/** What an SFTP location keeps beside its address; the password or key itself is sealed in its own column. */
export interface SftpSettings {
  readonly auth: SftpAuth;
  /** The server's host key, pinned as OpenSSH prints it: `SHA256:` and 43 base64 characters. */
  readonly hostKey: string;
  readonly timeoutMs: number;
}

export interface SftpInput {
  auth?: string;
  hostKey?: string;
  timeoutMs?: number;
}

const HOST_KEY = /^SHA256:[A-Za-z0-9+/]{43}$/;

/**
 * Checks an sftp:// location with its settings and its credential (a password, or an OpenSSH
 * private key). `secret` undefined means it is already stored sealed and is not checked again.
 * Problems are pushed in an admin's words; the credential never appears in them.
 */
export function validateSftp(location: string, input: SftpInput | undefined, secret: string | undefined, problems: string[]): SftpSettings | undefined {
  const parsed = parseSftpLocation(location);
  if (!parsed.ok) problems.push(...parsed.problems);
  const auth = SFTP_AUTH_METHODS.find((a) => a === (input?.auth ?? 'password'));
  if (auth === undefined) problems.push(`SFTP auth must be one of ${SFTP_AUTH_METHODS.join(', ')}`);
  const hostKey = input?.hostKey?.trim() ?? '';
  if (hostKey === '') problems.push("the SFTP server's host key must be pinned (SHA256:…, as `ssh-keygen -lf` prints it)");
  else if (!HOST_KEY.test(hostKey)) problems.push('the SFTP host key must be a SHA256 fingerprint: SHA256: followed by 43 base64 characters');
  const timeoutMs = input?.timeoutMs ?? SFTP_TIMEOUT_MS.default;
  if (!Number.isInteger(timeoutMs) || timeoutMs < SFTP_TIMEOUT_MS.min || timeoutMs > SFTP_TIMEOUT_MS.max) problems.push(`SFTP timeout (ms) must be a whole number from ${SFTP_TIMEOUT_MS.min} to ${SFTP_TIMEOUT_MS.max}`);
  if (secret !== undefined && auth !== undefined) checkCredential(auth, secret, problems);
  if (!parsed.ok || auth === undefined || !HOST_KEY.test(hostKey)) return undefined;
  return { auth, hostKey, timeoutMs };
}

function checkCredential(auth: SftpAuth, secret: string, problems: string[]): void {
  if (auth === 'password') {
    if (secret === '') problems.push('an SFTP password is required');
    else if (/[\r\n]/.test(secret)) problems.push('the SFTP password must be one line');
    return;
  }
  if (!secret.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) {
    problems.push('the SFTP private key must be in OpenSSH format (-----BEGIN OPENSSH PRIVATE KEY-----)');
    return;
  }
  // ssh2's parser is pure; a passphrase-protected key fails here, since we have no passphrase to give.
  const parsed = ssh2.utils.parseKey(secret);
  if (parsed instanceof Error) problems.push('the SFTP private key cannot be read (a passphrase-protected key is not supported: export it without one)');
}
