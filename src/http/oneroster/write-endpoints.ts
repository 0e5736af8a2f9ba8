import { entitiesFor, type EntityDecl, type EntityName, type Version } from '../../model/index.ts';
import { collectionsFor, type Collection } from './collections.ts';
import { writeScope, type WriteMethod } from './endpoint-scopes.ts';
import { serviceBase } from '../wire/index.ts';

/** A path parameter of a bulk create: the parent it names and the field of the created records it binds. */
export interface WriteParam {
  /** Fastify parameter name. */
  readonly name: string;
  readonly parent: Collection;
  /** The records' reference field; with `via`, the field of the record that reference names. */
  readonly field: string;
  readonly via?: string;
}

/** One write route of the gradebook, as data; one handler (serve-write.ts) serves them all. */
export interface WriteEndpoint {
  readonly version: Version;
  readonly method: WriteMethod;
  readonly path: string;
  readonly entity: EntityDecl;
  /** The one OAuth 2.0 scope the route needs (besides the configuration's grade pass back). */
  readonly scope: string;
  /** Status of a success: 1.1 answers 200 to everything; 1.2 PUT/POST 201, DELETE 204. */
  readonly success: number;
  readonly params: readonly WriteParam[];
}

/** The 1.2 bulk creates, each answering with sourcedIdPairs. */
const BULK_CREATES: ReadonlyArray<{ path: string; entity: EntityName; params: ReadonlyArray<{ name: string; parent: string; field: string; via?: string }> }> = [
  { path: 'classes/:id/lineItems', entity: 'lineItems', params: [{ name: 'id', parent: 'classes', field: 'class' }] },
  { path: 'schools/:id/lineItems', entity: 'lineItems', params: [{ name: 'id', parent: 'schools', field: 'school' }] },
  { path: 'lineItems/:id/results', entity: 'results', params: [{ name: 'id', parent: 'lineItems', field: 'lineItem' }] },
  {
    path: 'classes/:id/academicSessions/:academicSessionId/results',
    entity: 'results',
    params: [
      { name: 'id', parent: 'classes', field: 'class' },
      // Results have no session of their own: their lineItem's grading period must be the one named.
      { name: 'academicSessionId', parent: 'academicSessions', field: 'lineItem', via: 'gradingPeriod' },
    ],
  },
];

const SUCCESS: Record<Version, Record<WriteMethod, number>> = {
  '1.1': { PUT: 200, DELETE: 200, POST: 200 },
  '1.2': { PUT: 201, DELETE: 204, POST: 201 },
};

/** Every write route of a version: PUT and DELETE for each gradebook entity it has, and 1.2's bulk creates. */
export function writeEndpointsFor(version: Version): WriteEndpoint[] {
  const collections = new Map(collectionsFor(version).map((c) => [c.name, c]));
  const endpoints: WriteEndpoint[] = [];
  for (const entity of entitiesFor(version).filter((e) => e.service === 'gradebook')) {
    const path = `${serviceBase(version, 'gradebook')}/${entity.name}/:id`;
    for (const method of ['PUT', 'DELETE'] as const) {
      endpoints.push({ version, method, path, entity, scope: writeScope(entity, version, method), success: SUCCESS[version][method], params: [] });
    }
  }
  if (version === '1.1') return endpoints;
  for (const create of BULK_CREATES) {
    const entity = entitiesFor(version).find((e) => e.name === create.entity);
    if (entity === undefined) continue;
    const params = create.params.flatMap((p): WriteParam[] => {
      const parent = collections.get(p.parent);
      return parent === undefined ? [] : [{ name: p.name, parent, field: p.field, ...(p.via === undefined ? {} : { via: p.via }) }];
    });
    endpoints.push({ version, method: 'POST', path: `${serviceBase(version, 'gradebook')}/${create.path}`, entity, scope: writeScope(entity, version, 'POST'), success: SUCCESS[version].POST, params });
  }
  return endpoints;
}
