/**
 * OAuth 2.0 scopes as OneRoster names them: 1.1 (`…/or/v1p1/scope/<name>`) and 1.2
 * (`…/or/v1p2/scope/<name>`). Pure functions; the token endpoint and the provider use them.
 */

const V1P1 = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';
const V1P2 = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';

/** What a scope needs from the access' scope object. */
export type ScopeNeed = 'roster' | 'demographics' | 'gradebookWrite' | 'attendance';

/**
 * The hub's own scope for the attendance API (/attendance/v1): not a OneRoster scope, so it lives
 * under the hub's namespace. Stable: clients put it in token requests (docs/attendance.md).
 */
export const ATTENDANCE_READ_SCOPE = 'https://rosterbridge.dev/scope/attendance.readonly';

const V1P1_NAMES: Record<string, ScopeNeed> = {
  'roster-core.readonly': 'roster',
  'roster.readonly': 'roster',
  'roster-demographics.readonly': 'demographics',
  'resource.readonly': 'roster',
  'gradebook.readonly': 'roster',
  'gradebook.createput': 'gradebookWrite',
  'gradebook.delete': 'gradebookWrite',
};

/** 1.2 keeps the 1.1 names and adds core/createpost/assessment scopes (assessment names: UNVERIFIED against the spec text). */
const V1P2_NAMES: Record<string, ScopeNeed> = {
  ...V1P1_NAMES,
  'resource-core.readonly': 'roster',
  'gradebook-core.readonly': 'roster',
  'gradebook.createpost': 'gradebookWrite',
  'assessment.readonly': 'roster',
  'assessment.createput': 'gradebookWrite',
  'assessment.createpost': 'gradebookWrite',
  'assessment.delete': 'gradebookWrite',
};

/** Every OneRoster scope URI the hub knows, with what it needs. */
export const ONEROSTER_SCOPES: ReadonlyMap<string, ScopeNeed> = new Map([
  ...Object.entries(V1P1_NAMES).map(([name, need]): [string, ScopeNeed] => [`${V1P1}${name}`, need]),
  ...Object.entries(V1P2_NAMES).map(([name, need]): [string, ScopeNeed] => [`${V1P2}${name}`, need]),
]);

/** Every scope URI the token endpoint can grant: OneRoster's and the hub's attendance scope. */
const KNOWN_SCOPES: ReadonlyMap<string, ScopeNeed> = new Map([...ONEROSTER_SCOPES, [ATTENDANCE_READ_SCOPE, 'attendance']]);

export interface ScopeAllowance {
  /** Has a OneRoster configuration at all (an access without one reads no roster data). */
  readonly roster: boolean;
  readonly demographics: boolean;
  readonly gradebookWrite: boolean;
  /** Has an attendance configuration (independent of OneRoster). */
  readonly attendance: boolean;
}

/** The scope URIs an access with this allowance may be granted, in a stable order. */
export function allowedScopes(allowance: ScopeAllowance): string[] {
  const allows = (need: ScopeNeed): boolean => (need === 'attendance' ? allowance.attendance : allowance[need] && allowance.roster);
  return [...KNOWN_SCOPES].filter(([, need]) => allows(need)).map(([uri]) => uri);
}

export type ScopeRequestOutcome = { ok: true; granted: string[] } | { ok: false; message: string };

/**
 * RFC 6749 §3.3: no scope parameter → everything the access allows. Otherwise the requested
 * scopes that the access allows; an unknown scope URI, or a request of which nothing can be
 * granted, is `invalid_scope`. Known scopes the configuration does not allow are left out of the
 * grant (the response's `scope` says what was granted), so a client asking for "everything it
 * knows" still gets what it may have.
 */
export function grantScopes(requested: string | undefined, allowed: readonly string[]): ScopeRequestOutcome {
  if (requested === undefined || requested.trim() === '') {
    return allowed.length === 0 ? { ok: false, message: 'this access has no OneRoster or attendance configuration, so no scope can be granted' } : { ok: true, granted: [...allowed] };
  }
  const names = [...new Set(requested.trim().split(/\s+/))];
  const unknown = names.filter((n) => !KNOWN_SCOPES.has(n));
  if (unknown.length > 0) return { ok: false, message: `unknown scope ${unknown.join(' ')}` };
  const granted = names.filter((n) => allowed.includes(n));
  if (granted.length === 0) return { ok: false, message: 'none of the requested scopes is allowed by this access\' configuration' };
  return { ok: true, granted };
}
