import type { Version } from '../../model/index.ts';
import { writeEndpointsFor, type WriteEndpoint } from '../oneroster/write-endpoints.ts';
import type { OperationDescriptor } from './operation.ts';
import { openApiPath } from './read-operations.ts';

const KIND = { PUT: 'replace', DELETE: 'delete', POST: 'create' } as const;

/** The gradebook write routes as operation descriptors, beside the read routes in the documents. */
export function writeOperations(version: Version, endpoints: readonly WriteEndpoint[] = writeEndpointsFor(version)): OperationDescriptor[] {
  return endpoints.map((endpoint) => ({
    method: endpoint.method === 'PUT' ? 'put' : endpoint.method === 'DELETE' ? 'delete' : 'post',
    path: openApiPath(endpoint.path),
    entity: endpoint.entity,
    kind: KIND[endpoint.method],
    scopes: [endpoint.scope],
  }));
}
