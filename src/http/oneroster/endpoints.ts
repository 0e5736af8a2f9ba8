import type { EntityDecl, Version } from '../../model/index.ts';
import type { Condition } from '../../store/index.ts';
import { serviceBase } from '../wire/index.ts';
import { collectionsFor, NESTED_ROUTES, type Collection } from './collections.ts';
import { endpointScopes } from './endpoint-scopes.ts';

/** One GET route of the provider, as data; one handler serves them all. */
export interface Endpoint {
  readonly version: Version;
  /** Fastify path, `:id` for the record or parent id. */
  readonly path: string;
  readonly kind: 'collection' | 'record';
  readonly entity: EntityDecl;
  /** Conditions that make a record part of what this route lists. */
  readonly where: readonly Condition[];
  /** For nested routes: the parent collection whose record `:id` names, and the relation to it. */
  readonly parent?: { readonly collection: Collection; relation(parentId: string): Condition[] };
  /** Any one of these OAuth 2.0 scopes opens the route. */
  readonly scopes: readonly string[];
}

/** Every route of a version: collections, single records and nested collections, derived from the model. */
export function endpointsFor(version: Version): Endpoint[] {
  const collections = collectionsFor(version);
  const byName = new Map(collections.map((c) => [c.name, c]));
  const endpoints: Endpoint[] = [];
  for (const c of collections) {
    const base = `${serviceBase(version, c.entity.service)}/${c.name}`;
    const scopes = endpointScopes(c.entity, version, false);
    endpoints.push({ version, path: base, kind: 'collection', entity: c.entity, where: c.where, scopes });
    endpoints.push({ version, path: `${base}/:id`, kind: 'record', entity: c.entity, where: c.where, scopes });
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
    });
  }
  return endpoints;
}
