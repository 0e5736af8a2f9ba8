import type { Version } from '../../model/index.ts';
import { endpointsFor, type Endpoint } from '../oneroster/endpoints.ts';
import type { OperationDescriptor } from './operation.ts';

/** `classes` → `class`, `schools` → `school`: the official documents name path ids after the parent. */
function singularOf(collection: string): string {
  return collection.endsWith('sses') ? collection.slice(0, -2) : collection.slice(0, -1);
}

/**
 * The read route table as operation descriptors: the one place route paths (`:id`) become OpenAPI
 * paths (`{sourcedId}`, `{schoolSourcedId}`) — named as the official documents name them.
 */
export function readOperations(version: Version, endpoints: readonly Endpoint[] = endpointsFor(version)): OperationDescriptor[] {
  return endpoints.map((endpoint) => {
    const id = endpoint.parent === undefined ? 'sourcedId' : `${singularOf(endpoint.parent.collection.name)}SourcedId`;
    return { method: 'get', path: endpoint.path.replace(':id', `{${id}}`), entity: endpoint.entity, kind: endpoint.kind, scopes: endpoint.scopes };
  });
}
