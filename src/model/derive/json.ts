import type { AnyEntityDecl } from '../entity.ts';
import type { FieldDecl, Version } from '../fields.ts';
import type { BaseRecord, EntityName, UserProfile, UserRole } from '../records.ts';
import { entityDecl } from '../registry.ts';
import { userRoleToV1p1, userRoleToV1p2 } from '../vocabularies.ts';

export type Json = string | number | boolean | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface JsonContext {
  version: Version;
  /** Builds a GUIDRef href, e.g. `https://hub/ims/oneroster/v1p1/orgs/123`. */
  href(target: EntityName, sourcedId: string): string;
  /** The district the record belongs to; lets 1.2 tell a district administrator from a site one. */
  districtId?: string;
}

function guidRef(ctx: JsonContext, target: EntityName, sourcedId: string): JsonObject {
  const type = entityDecl(target).refType[ctx.version] ?? target;
  return { href: ctx.href(target, sourcedId), sourcedId, type };
}

/** 1.2 types these booleans as the strings "true"/"false"; 1.1 as JSON booleans. */
function jsonBoolean(ctx: JsonContext, value: boolean): Json {
  return ctx.version === '1.2' ? String(value) : value;
}

function dateTime(value: string): string {
  return value.length === 10 ? `${value}T00:00:00.000Z` : value;
}

function rolesV1p2(ctx: JsonContext, roles: readonly UserRole[]): Json[] {
  return roles.map((r) => {
    const out: JsonObject = {
      roleType: r.roleType,
      role: userRoleToV1p2(r.role, r.org === ctx.districtId ? 'district' : 'school'),
      org: guidRef(ctx, 'orgs', r.org),
    };
    if (r.userProfile !== undefined) out.userProfile = `urn:rosterbridge:userProfile:${r.userProfile}`;
    if (r.beginDate !== undefined) out.beginDate = r.beginDate;
    if (r.endDate !== undefined) out.endDate = r.endDate;
    return out;
  });
}

function userProfilesJson(profiles: readonly UserProfile[]): Json[] {
  return profiles.map((p) => {
    const out: JsonObject = { profileId: `urn:rosterbridge:userProfile:${p.sourcedId}`, profileType: p.profileType, vendorId: p.vendorId };
    if (p.applicationId !== undefined) out.applicationId = p.applicationId;
    if (p.description !== undefined) out.description = p.description;
    if (p.credentials !== undefined && p.credentials.length > 0) {
      out.credentials = p.credentials.map((c) => {
        const credential: JsonObject = { type: c.type, username: c.username };
        if (c.password !== undefined) credential.password = c.password;
        return credential;
      });
    }
    return out;
  });
}

function fieldJson(ctx: JsonContext, f: FieldDecl, value: unknown, out: JsonObject, name: string): void {
  const type = f.type;
  switch (type.kind) {
    case 'ref':
      out[name] = guidRef(ctx, type.target, String(value));
      return;
    case 'refList':
      out[name] = (value as string[]).map((id) => guidRef(ctx, type.target, id));
      return;
    case 'boolean':
      out[name] = f.extension ? (value as boolean) : jsonBoolean(ctx, value as boolean);
      return;
    case 'datetime':
      out[name] = dateTime(String(value));
      return;
    case 'roles': {
      const roles = value as UserRole[];
      if (ctx.version === '1.1') {
        const primary = roles.find((r) => r.roleType === 'primary') ?? roles[0];
        if (primary !== undefined) out.role = userRoleToV1p1(primary.role);
        out.orgs = [...new Set(roles.map((r) => r.org))].map((id) => guidRef(ctx, 'orgs', id));
      } else {
        out.roles = rolesV1p2(ctx, roles);
      }
      return;
    }
    case 'userProfiles':
      out[name] = userProfilesJson(value as UserProfile[]);
      return;
    case 'userIds':
    case 'scoreScaleValues':
      out[name] = value as Json;
      return;
    case 'stringList':
    case 'enumList':
      out[name] = value as string[];
      return;
    default:
      out[name] = value as string | number;
  }
}

/** Property names of an entity's JSON in a version, top level (what `fields=` may select). */
export function jsonPropertyNames(entity: AnyEntityDecl, version: Version): string[] {
  const names = ['sourcedId', 'status', 'dateLastModified', 'metadata'];
  for (const f of entity.fields) {
    if (f.extension) continue;
    if (f.type.kind === 'roles') names.push(...(version === '1.1' ? ['role', 'orgs'] : ['roles']));
    else if (f.json[version] !== undefined) names.push(f.json[version]);
  }
  return names;
}

/**
 * A record as the version's JSON. Absent values are omitted (never null or ''), as OneRoster requires;
 * extension fields and free metadata go under `metadata`.
 */
export function recordToJson(entity: AnyEntityDecl, record: BaseRecord, ctx: JsonContext): JsonObject {
  const source: Record<string, unknown> = record;
  const out: JsonObject = { sourcedId: record.sourcedId, status: record.status };
  if (record.dateLastModified !== undefined) out.dateLastModified = record.dateLastModified;
  const metadata: JsonObject = { ...(record.metadata ?? {}) };
  for (const f of entity.fields) {
    const name = f.json[ctx.version];
    const value = source[f.name];
    if (name === undefined || value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (f.extension) fieldJson(ctx, f, value, metadata, name);
    else fieldJson(ctx, f, value, out, name);
  }
  if (Object.keys(metadata).length > 0) out.metadata = metadata;
  return out;
}
