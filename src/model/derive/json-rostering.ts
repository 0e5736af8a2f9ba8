import type { Version } from '../fields.ts';
import type { UserIdentifier, UserProfile, UserRole } from '../records.ts';
import { isAcceptedValue, userRoleVocab } from '../vocabularies.ts';

/**
 * Reading the rostering structures of a user (roles, userIds, userProfiles) from a provider's JSON,
 * for the sync engine's remote reads. The API's write path never accepts them (only gradebook
 * entities are written through it); json-input asks for these only when told the object is a
 * provider's collection record.
 */
export type StructureParsed = { value: unknown } | { problem: { rule: string; message: string } };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const bad = (rule: string, message: string): StructureParsed => ({ problem: { rule, message } });
const refId = (value: unknown): string | undefined => (isObject(value) && typeof value.sourcedId === 'string' && value.sourcedId.trim() !== '' ? value.sourcedId : undefined);

/** 1.1 spells a user's roles as one `role` and a list of `orgs`: one role per org, the first primary (as users.csv). */
export function rolesV1p1(role: unknown, orgs: unknown): StructureParsed {
  if (typeof role !== 'string' || !isAcceptedValue(userRoleVocab, role, '1.1')) return bad('vocabulary', `role must be a 1.1 role (one of ${userRoleVocab.v1p1.join(', ')})`);
  if (!Array.isArray(orgs) || orgs.length === 0) return bad('required', 'orgs must list at least one org GUIDRef');
  const ids = orgs.map(refId);
  if (ids.some((id) => id === undefined)) return bad('type', 'orgs must be GUIDRefs with a sourcedId');
  return { value: ids.map<UserRole>((org, i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role, org: String(org) })) };
}

/** 1.2 `roles[]`: {roleType, role, org, userProfile?, beginDate?, endDate?}. */
export function rolesV1p2(value: unknown): StructureParsed {
  if (!Array.isArray(value) || value.length === 0) return bad('required', 'roles must list at least one role');
  const roles: UserRole[] = [];
  for (const item of value) {
    if (!isObject(item)) return bad('type', 'each role must be an object');
    const org = refId(item.org);
    const roleType = item.roleType;
    if (roleType !== 'primary' && roleType !== 'secondary') return bad('vocabulary', 'roleType must be primary or secondary');
    if (typeof item.role !== 'string' || !isAcceptedValue(userRoleVocab, item.role, '1.2')) return bad('vocabulary', 'role must be a 1.2 role');
    if (org === undefined) return bad('required', 'each role needs an org GUIDRef');
    const role: UserRole = { roleType, role: item.role, org };
    if (typeof item.userProfile === 'string') role.userProfile = item.userProfile.replace(/^.*userProfile:/, '');
    if (typeof item.beginDate === 'string') role.beginDate = item.beginDate;
    if (typeof item.endDate === 'string') role.endDate = item.endDate;
    roles.push(role);
  }
  return { value: roles };
}

export function userIdsValue(value: unknown): StructureParsed {
  if (!Array.isArray(value)) return bad('type', 'userIds must be a list of {type, identifier}');
  const ids: UserIdentifier[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.type !== 'string' || typeof item.identifier !== 'string') return bad('type', 'each userId must be {type, identifier} strings');
    ids.push({ type: item.type, identifier: item.identifier });
  }
  return { value: ids };
}

export function userProfilesValue(value: unknown): StructureParsed {
  if (!Array.isArray(value)) return bad('type', 'userProfiles must be a list');
  const profiles: UserProfile[] = [];
  for (const item of value) {
    if (!isObject(item) || typeof item.profileId !== 'string' || typeof item.profileType !== 'string' || typeof item.vendorId !== 'string') {
      return bad('type', 'each userProfile needs profileId, profileType and vendorId strings');
    }
    const profile: UserProfile = { sourcedId: item.profileId.replace(/^.*userProfile:/, ''), profileType: item.profileType, vendorId: item.vendorId };
    if (typeof item.applicationId === 'string') profile.applicationId = item.applicationId;
    if (typeof item.description === 'string') profile.description = item.description;
    if (Array.isArray(item.credentials)) {
      profile.credentials = item.credentials.filter(isObject).map((c) => ({ type: String(c.type ?? ''), username: String(c.username ?? ''), ...(typeof c.password === 'string' ? { password: c.password } : {}) }));
    }
    profiles.push(profile);
  }
  return { value: profiles };
}

export function versionRoles(version: Version, body: Record<string, unknown>): StructureParsed {
  return version === '1.1' ? rolesV1p1(body.role, body.orgs) : rolesV1p2(body.roles);
}
