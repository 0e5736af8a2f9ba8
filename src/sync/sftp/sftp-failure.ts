import { HubError } from '../../kernel/index.ts';
import type { SftpLocation } from './sftp-location.ts';
import type { SftpAuth } from './sftp-settings.ts';

export interface FailureContext {
  readonly location: SftpLocation;
  readonly auth: SftpAuth;
  readonly timeoutMs: number;
  readonly pinned: string;
  /** The host key the server presented, when it got that far. */
  readonly presented: string | undefined;
}

/**
 * An SFTP failure in an admin's words. Built only from what we know (the host, the user, the
 * path, the fingerprints) and the library's error code and message; a password or key is never
 * in either, and no message of ours echoes one.
 */
export function sftpFailure(error: unknown, ctx: FailureContext): HubError {
  const { location, presented, pinned } = ctx;
  const where = `${location.host}:${location.port}`;
  if (presented !== undefined && presented !== pinned) {
    return new HubError(
      'remote_rejected',
      `the SFTP server at ${where} presented host key ${presented}, not the pinned ${pinned}: refused. If the server's key was changed on purpose, confirm the new fingerprint with its administrator and pin it; otherwise someone may be in between`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = codeOf(error);
  if (/authentication methods failed/i.test(message)) {
    const what = ctx.auth === 'password' ? 'the password is wrong (or password login is not allowed)' : 'the private key is not accepted for this user';
    return new HubError('remote_rejected', `the SFTP server at ${where} refused the login of user ${location.username}: ${what}`, { cause: error });
  }
  if (/timed out while waiting for handshake/i.test(message) || code === 'ETIMEDOUT') {
    return new HubError('remote_unreachable', `no answer from the SFTP server at ${where} within ${ctx.timeoutMs / 1000} s`, { cause: error });
  }
  if (/keepalive timeout/i.test(message)) return new HubError('remote_unreachable', `the SFTP server at ${where} stopped answering mid-transfer`, { cause: error });
  if (code === 'ECONNREFUSED') return new HubError('remote_unreachable', `the SFTP server at ${where} refused the connection: nothing listens on that port`, { cause: error });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new HubError('remote_unreachable', `the SFTP host name ${location.host} cannot be resolved`, { cause: error });
  if (code === 'ECONNRESET' || /unexpected (end|close) event/i.test(message)) return new HubError('remote_unreachable', `the SFTP server at ${where} closed the connection`, { cause: error });
  if (/permission denied/i.test(message) || code === 3) return new HubError('remote_rejected', `the SFTP server at ${where} denies user ${location.username} access to ${location.path}`, { cause: error });
  if (/no such file/i.test(message) || code === 2 || code === 'ENOENT') return missing(location, error);
  return new HubError('remote_unreachable', `the SFTP transfer from ${where} failed: ${message}`, { cause: error });
}

export function missing(location: SftpLocation, cause?: unknown): HubError {
  const what = location.folder ? 'folder' : 'file';
  return new HubError('not_found', `the SFTP server at ${location.host}:${location.port} has no ${what} ${location.path}`, cause === undefined ? {} : { cause });
}

function codeOf(error: unknown): string | number | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}
