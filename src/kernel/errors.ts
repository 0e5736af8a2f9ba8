/**
 * Coded failures. Expected outcomes (a rejected CSV row, a held sync) are values, not errors;
 * a HubError is a failure that one edge (CLI, HTTP) translates into its own words and status.
 */
export type HubErrorCode =
  | 'config_invalid'
  | 'database_unreachable'
  | 'import_rejected'
  | 'bundle_unreadable'
  | 'not_found'
  | 'invalid_argument'
  | 'conflict'
  /** A remote API (a SIS the sync engine reads) could not be reached or did not answer in time. */
  | 'remote_unreachable'
  /** A remote API answered with an error status. */
  | 'remote_rejected'
  /** A remote API answered 200 with something that is not what was asked for (no envelope, not JSON). */
  | 'remote_malformed'
  | 'internal';

export class HubError extends Error {
  readonly code: HubErrorCode;
  readonly details: unknown;

  constructor(code: HubErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.details = options.details;
  }
}

export function isHubError(value: unknown, code?: HubErrorCode): value is HubError {
  return value instanceof HubError && (code === undefined || value.code === code);
}
