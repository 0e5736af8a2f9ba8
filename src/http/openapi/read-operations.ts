import { entityDecl, isEntityName, type Version } from '../../model/index.ts';
import { endpointsFor, type Endpoint } from '../oneroster/endpoints.ts';
import type { OperationDescriptor } from './operation.ts';

/** `classes` → `class`, `schools` → `school`: the official documents name path ids after the parent. */
function singularOf(collection: string): string {
  return collection.endsWith('sses') ? collection.slice(0, -2) : collection.slice(0, -1);
}

/**
 * A route path as the official documents write it: the record's own id is `{sourcedId}`, a
 * parent's is named after its collection (`/schools/{schoolSourcedId}/classes/{classSourcedId}/students`).
 */
export function openApiPath(path: string): string {
  const segments = path.split('/');
  return segments
    .map((segment, i) => {
      if (!segment.startsWith(':')) return segment;
      return i === segments.length - 1 ? '{sourcedId}' : `{${singularOf(segments[i - 1] ?? '')}SourcedId}`;
    })
    .join('/');
}

/**
 * The read route table as operation descriptors: the one place route paths (`:id`) become OpenAPI
 * paths (`{sourcedId}`, `{schoolSourcedId}`) — named as the official documents name them.
 */
export function readOperations(version: Version, endpoints: readonly Endpoint[] = endpointsFor(version)): OperationDescriptor[] {
  return endpoints.flatMap((endpoint): OperationDescriptor[] => {
    const name = endpoint.entity.name;
    if (!isEntityName(name)) return [];
    return [{ method: 'get', path: openApiPath(endpoint.path), entity: entityDecl(name), kind: endpoint.kind, scopes: endpoint.scopes }];
  });
}
