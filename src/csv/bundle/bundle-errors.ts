import { HubError } from '../../kernel/index.ts';

/** The words for an I/O failure: the system's code turned into something a district admin can act on. */
export function describeIoError(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'EEXIST':
      return 'something with that name is already there';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return reasonOf(error);
  }
}

export function errorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** A library's error message as a clause inside ours: "End of … truncated." → "end of … truncated". */
export function reasonOf(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim().replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** A failure reading one file of a bundle: the message names the bundle and the file. */
export function fileUnreadable(location: string, file: string, problem: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}): HubError {
  return new HubError('bundle_unreadable', `In bundle ${location}, ${file} ${problem}`, {
    cause: options.cause,
    details: { bundle: location, file, ...options.details },
  });
}

/** A zip whose structure cannot be read at all. */
export function zipUnreadable(location: string, reason: string, cause?: unknown): HubError {
  return new HubError('bundle_unreadable', `${location} is not a readable zip archive (${reason})`, {
    cause,
    details: { bundle: location },
  });
}

/**
 * A failure writing a bundle. A location the hub cannot write to is the caller's to fix; anything else
 * (a full disk, an I/O error) is reported as internal with its cause.
 */
export function bundleUnwritable(location: string, what: string, error: unknown): HubError {
  const code = errorCode(error);
  const callerCanFix = code === 'EACCES' || code === 'EPERM' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'EROFS';
  return new HubError(callerCanFix ? 'invalid_argument' : 'internal', `Cannot write ${what} at ${location}: ${describeIoError(error)}`, {
    cause: error,
    details: { bundle: location },
  });
}
