import type { AccessScope } from '../../access/index.ts';
import type { AnyEntityDecl, Version } from '../../model/index.ts';
import type { Condition, Visibility } from '../../store/index.ts';
import { serviceBase } from '../wire/index.ts';
import { collectionsFor, NESTED_ROUTES, type Collection } from './collections.ts';
import { endpointScopes } from './endpoint-scopes.ts';


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
  /** Fastify path: `:id` for the record or the one parent; `:<singular>SourcedId` for each of two parents. */
  readonly path: string;
  readonly kind: 'collection' | 'record';
  readonly entity: AnyEntityDecl;
  /** Conditions that make a record part of what this route lists. */
  readonly where: readonly Condition[];
  /** For nested routes: the parents, outermost first, each named by a path parameter. */
  readonly parents: readonly ParentStep[];
  /** For nested routes: what ties a child record to the parents (their ids in path order). */
  relation?(parentIds: readonly string[]): Condition[];
  /** Any one of these OAuth 2.0 scopes opens the route. */
  readonly scopes: readonly string[];
  /** The records the caller may see here (parent included), decided from its access scope. */
  readonly audience: (scope: AccessScope) => Audience;
}

/** The spec's name for a parent's path parameter: `classes` → `classSourcedId`. */
function sourcedIdParam(collection: string): string {
  return `${collection.endsWith('ses') ? collection.slice(0, -2) : collection.slice(0, -1)}SourcedId`;
}

/** A parent of a nested route: a visible record of `collection`, named by the path parameter `param`. */
export interface ParentStep {
  readonly collection: Collection;
  readonly param: string;
  /** What this parent must satisfy given the outer parent's id (none for the outermost). */
  inner?(outerId: string): Condition[];
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
    endpoints.push({ version, path: base, kind: 'collection', entity: c.entity, where: c.where, parents: [], scopes, audience });
    endpoints.push({ version, path: `${base}/:id`, kind: 'record', entity: c.entity, where: c.where, parents: [], scopes, audience });
  }
  for (const route of NESTED_ROUTES) {
    const parents = route.parents.map((name) => byName.get(name));
    const child = byName.get(route.child);
    if (parents.some((p) => p === undefined) || child === undefined || (route.only !== undefined && route.only !== version)) continue;
    const steps = parents.flatMap((collection, i): ParentStep[] => {
      if (collection === undefined) return [];
      const param = route.parents.length === 1 ? 'id' : sourcedIdParam(collection.name);
      return [{ collection, param, ...(i > 0 && route.inner !== undefined ? { inner: route.inner } : {}) }];
    });
    const segments = steps.map((step) => `/${step.collection.name}/:${step.param}`).join('');
    endpoints.push({
      version,
      path: `${serviceBase(version, child.entity.service)}${segments}/${route.child}`,
      kind: 'collection',
      entity: child.entity,
      where: child.where,
      parents: steps,
      relation: route.relation,
      scopes: endpointScopes(child.entity, version, true),
      audience: oneRosterAudience(child.entity),
    });
  }
  return endpoints;
}
