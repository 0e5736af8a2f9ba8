import { HubError } from '../../kernel/index.ts';

/**
 * Coded errors for what a remote OneRoster API did. Messages carry the status, the endpoint (a
 * path, never a query string: filters can name students) and the OneRoster codeMinor when the body
 * has one. Never the secret, the token, a response body or a record.
 */
export interface RemoteFailureDetails {
  /** `token` for the token request, else the request path. */
  readonly endpoint: string;
  readonly status?: number;
  readonly codeMinor?: string;
  /** How many attempts were made before giving up. */
  readonly attempts: number;
  readonly reason?: (typeof REASONS)[number];
}

/** The codeMinor of a 1.1 (`statusInfoSet[]`) or 1.2 (single `imsx_StatusInfo`) error payload. */
export function codeMinorOf(body: unknown): string | undefined {
  const info = asObject(body);
  if (info === undefined) return undefined;
  const set = info['statusInfoSet'];
  const first = Array.isArray(set) ? asObject(set[0]) : info;
  const fields = asObject(first?.['imsx_CodeMinor'])?.['imsx_codeMinorField'];
  const field = Array.isArray(fields) ? asObject(fields[0]) : asObject(fields);
  const value = field?.['imsx_codeMinorFieldValue'];
  // Only a short token: a code, never free text a provider might fill with data.
  return typeof value === 'string' && /^[A-Za-z_]{1,64}$/.test(value) ? value : undefined;
}

/** The OAuth 2.0 `error` code of a token response (RFC 6749 §5.2), if it is one. */
export function oauthErrorOf(body: unknown): string | undefined {
  const value = asObject(body)?.['error'];
  return typeof value === 'string' && /^[a-z_]{1,64}$/.test(value) ? value : undefined;
}

export function rejected(details: RemoteFailureDetails & { status: number }): HubError {
  const code = details.codeMinor === undefined ? '' : ` (${details.codeMinor})`;
  const tries = details.attempts > 1 ? ` after ${details.attempts} attempts` : '';
  return new HubError('remote_rejected', `${details.endpoint}: the provider answered ${details.status}${code}${tries}`, { details });
}

export function unreachable(details: RemoteFailureDetails, explanation: string, cause?: unknown): HubError {
  const tries = details.attempts > 1 ? ` (${details.attempts} attempts)` : '';
  return new HubError('remote_unreachable', `${details.endpoint}: ${explanation}${tries}`, { details, cause });
}

export function malformed(details: RemoteFailureDetails, explanation: string): HubError {
  return new HubError('remote_malformed', `${details.endpoint}: ${explanation}`, { details });
}

/** Reads the details back from a HubError the client raised. */
export function remoteDetails(error: HubError): RemoteFailureDetails | undefined {
  const d = asObject(error.details);
  if (d === undefined || typeof d['endpoint'] !== 'string' || typeof d['attempts'] !== 'number') return undefined;
  const status = d['status'];
  const codeMinor = d['codeMinor'];
  const reason = REASONS.find((r) => r === d['reason']);
  return {
    endpoint: d['endpoint'],
    attempts: d['attempts'],
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof codeMinor === 'string' ? { codeMinor } : {}),
    ...(reason === undefined ? {} : { reason }),
  };
}

/** `foreign_link`: a next link to another origin; `link_loop`: a next link back to a page already read. */
const REASONS = ['timeout', 'network', 'retry_after_too_long', 'missing_envelope', 'not_json', 'foreign_link', 'link_loop'] as const;

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
}
