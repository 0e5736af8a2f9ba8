import type { AccessScope } from '../../access/index.ts';
import type { AnyEntityDecl, Service, Version } from '../../model/index.ts';
import type { Condition, Visibility } from '../../store/index.ts';
import { collectionsFor, NESTED_ROUTES, type Collection } from './collections.ts';
import { endpointScopes } from './endpoint-scopes.ts';

/** Where each version's services are served. 1.1 has one base for everything. */
export function serviceBase(version: Version, service: Service): string {
  return version === '1.1' ? '/ims/oneroster/v1p1' : `/ims/oneroster/${service}/v1p2`;
}

/** What a caller's scope lets it see on a route, or why it may not call the route at all (403). */
export type Audience = { readonly ok: true; readonly visibility: Visibility } | { readonly ok: false; readonly message: string };

/** OneRoster routes: the OneRoster configuration's district and schools; demographics need their own grant. */
export function oneRosterAudience(entity: AnyEntityDecl) {
  return (scope: AccessScope): Audience => {
    if (entity.name === 'demographics' && !scope.demographics) return { ok: false, message: 'This access is not allowed demographics' };
    if (scope.districtId === null) return { ok: false, message: 'This access has no OneRoster configuration' };
    return { ok: true, visibility: { districtId: scope.districtId, schoolIds: scope.schoolIds } };
  };
}

/** One GET route of the provider (OneRoster or attendance), as data; one handler serves them all. */
export interface Endpoint {
  readonly version: Version;
  /** Fastify path, `:id` for the record or parent id. */
  readonly path: string;
  readonly kind: 'collection' | 'record';
  readonly entity: AnyEntityDecl;
  /** Conditions that make a record part of what this route lists. */
  readonly where: readonly Condition[];
  /** For nested routes: the parent collection whose record `:id` names, and the relation to it. */
  readonly parent?: { readonly collection: Collection; relation(parentId: string): Condition[] };
  /** Any one of these OAuth 2.0 scopes opens the route. */
  readonly scopes: readonly string[];
  /** The records the caller may see here (parent included), decided from its access scope. */
  readonly audience: (scope: AccessScope) => Audience;
}

/** Every route of a version: collections, single records and nested collections, derived from the model. */
export function endpointsFor(version: Version): Endpoint[] {
  const collections = collectionsFor(version);
  const byName = new Map(collections.map((c) => [c.name, c]));
  const endpoints: Endpoint[] = [];
  for (const c of collections) {
    const base = `${serviceBase(version, c.entity.service)}/${c.name}`;
    const scopes = endpointScopes(c.entity, version, false);
    const audience = oneRosterAudience(c.entity);
    endpoints.push({ version, path: base, kind: 'collection', entity: c.entity, where: c.where, scopes, audience });
    endpoints.push({ version, path: `${base}/:id`, kind: 'record', entity: c.entity, where: c.where, scopes, audience });
  }
  for (const route of NESTED_ROUTES) {
    const parent = byName.get(route.parent);
    const child = byName.get(route.child);
    if (parent === undefined || child === undefined || (route.only !== undefined && route.only !== version)) continue;
    endpoints.push({
      version,
      path: `${serviceBase(version, child.entity.service)}/${route.parent}/:id/${route.child}`,
      kind: 'collection',
      entity: child.entity,
      where: child.where,
      parent: { collection: parent, relation: route.relation },
      scopes: endpointScopes(child.entity, version, true),
      audience: oneRosterAudience(child.entity),
    });
  }
  return endpoints;
}
