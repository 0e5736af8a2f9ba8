import { setSchemaName, singleSchemaName, type EntityDecl, type JsonObject, type Version } from '../../model/index.ts';

/**
 * One API operation, as data: what the OpenAPI document is generated from. The read routes map to
 * these in read-operations.ts; write routes (and other APIs) join by passing more descriptors.
 */
export interface OperationDescriptor {
  readonly method: 'get' | 'put' | 'post' | 'delete';
  /** OpenAPI path with named parameters: `/ims/oneroster/v1p1/schools/{schoolSourcedId}/classes`. */
  readonly path: string;
  readonly entity: EntityDecl;
  /**
   * `collection` and `record` read; `replace` is a PUT of one record; `delete` removes one;
   * `create` is a 1.2 bulk POST answered with `sourcedIdPairs`.
   */
  readonly kind: 'collection' | 'record' | 'replace' | 'delete' | 'create';
  /** Any one of these OAuth 2.0 scopes opens the operation. */
  readonly scopes: readonly string[];
}

const ERROR_STATUSES: ReadonlyArray<[string, string]> = [
  ['400', 'A bad query parameter or body: invalid_filter_field, invalid_selection_field, invalid_sort_field (1.2), invaliddata.'],
  ['401', 'No or bad credentials: unauthorisedrequest.'],
  ['403', 'The token lacks the operation\'s scope, or the access may not see this data: forbidden.'],
  ['404', 'No such record, or one outside the access\' scope: unknownobject.'],
  ['422', 'A well-formed body that breaks the rules (writes): invaliddata.'],
  ['429', 'Too many requests of this access in flight: server_busy. Retry after the Retry-After seconds.'],
  ['500', 'The server failed: internal_server_error.'],
];

const queryParameter = (name: string, schema: JsonObject, description: string, extra: JsonObject = {}): JsonObject => ({ name, in: 'query', required: false, schema, description, ...extra });

function readParameters(kind: OperationDescriptor['kind'], version: Version): JsonObject[] {
  const fields = queryParameter('fields', { type: 'array', items: { type: 'string' } }, 'Comma-separated top-level properties to return. An unknown name is a 400 in 1.2 and a warning in 1.1.', { style: 'form', explode: false });
  if (kind === 'record') return [fields];
  if (kind !== 'collection') return [];
  return [
    queryParameter('limit', { type: 'integer', format: 'int32', minimum: 1, default: 100 }, 'Page size. Larger values are capped at 10 000, not refused.'),
    queryParameter('offset', { type: 'integer', format: 'int32', minimum: 0, default: 0 }, 'Zero-based index of the first record of the page.'),
    queryParameter('sort', { type: 'string' }, `A sortable property (dot notation into references). Unknown: ${version === '1.1' ? '200 with a warning' : '400 invalid_sort_field'}.`),
    queryParameter('orderBy', { type: 'string', enum: ['asc', 'desc'] }, 'Direction of `sort`.'),
    queryParameter('filter', { type: 'string' }, "`<field><predicate>'<value>'`, joined by ` AND ` or ` OR `; predicates = != > >= < <= ~ (contains)."),
    fields,
  ];
}

function pathParameters(path: string): JsonObject[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => ({ name: match[1] ?? '', in: 'path', required: true, schema: { type: 'string' } }));
}

/** `getSchoolsClasses`, `getUsersById`, `putLineItemsById`: unique per method and path within a document. */
export function operationId(descriptor: OperationDescriptor): string {
  const segments = descriptor.path.split('/').filter((s) => s !== '');
  const tail = segments.slice(segments.findIndex((s) => /^v\dp\d$/.test(s)) + 1);
  const words = tail.map((s, i) => (s.startsWith('{') ? (i === tail.length - 1 ? 'ById' : '') : s.charAt(0).toUpperCase() + s.slice(1)));
  return `${descriptor.method}${words.join('')}`;
}

const SOURCED_ID_PAIRS: JsonObject = {
  type: 'object',
  required: ['sourcedIdPairs'],
  properties: {
    sourcedIdPairs: {
      type: 'array',
      items: { type: 'object', required: ['suppliedSourcedId', 'allocatedSourcedId'], properties: { suppliedSourcedId: { type: 'string' }, allocatedSourcedId: { type: 'string' } } },
    },
  },
};

const json = (schema: string): JsonObject => ({ 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } });

function successResponses(descriptor: OperationDescriptor, version: Version): JsonObject {
  const { entity, kind } = descriptor;
  switch (kind) {
    case 'collection':
      return {
        '200': {
          description: `A page of ${entity.name} under the wrapper key \`${entity.name}\`.`,
          headers: {
            'X-Total-Count': { description: 'Records matching the query, over all pages.', schema: { type: 'integer' } },
            Link: { description: 'first / prev / next / last pages, keeping the query.', schema: { type: 'string' } },
          },
          content: json(setSchemaName(entity)),
        },
      };
    case 'record':
      return { '200': { description: `One ${entity.singular} under the wrapper key \`${entity.singular}\`.`, content: json(singleSchemaName(entity)) } };
    case 'replace':
      return version === '1.1'
        ? { '200': { description: 'Created or replaced.', content: json(singleSchemaName(entity)) } }
        : { '201': { description: 'Created or replaced; no body.' } };
    case 'delete':
      return version === '1.1' ? { '200': { description: 'Deleted.' } } : { '204': { description: 'Deleted; no body.' } };
    case 'create':
      return {
        '201': {
          description: 'Created, all or nothing; each supplied sourcedId with the one the hub allocated.',
          content: { 'application/json': { schema: SOURCED_ID_PAIRS } },
        },
      };
  }
}

/** One OpenAPI operation object; the error envelope is the version's (`StatusEnvelope`). */
export function operationObject(descriptor: OperationDescriptor, version: Version): JsonObject {
  const responses: JsonObject = { ...successResponses(descriptor, version) };
  for (const [status, description] of ERROR_STATUSES) {
    const response: JsonObject = { description, content: json('StatusEnvelope') };
    if (status === '429') response.headers = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } };
    responses[status] = response;
  }
  const operation: JsonObject = {
    operationId: operationId(descriptor),
    tags: [descriptor.entity.name],
    summary: `${descriptor.method.toUpperCase()} ${descriptor.kind} of ${descriptor.entity.name}`,
    parameters: [...pathParameters(descriptor.path), ...readParameters(descriptor.kind, version)],
    responses,
    // Either OAuth 2.0 with one of the scopes, or an OAuth 1.0a signed request (no scopes).
    security: [{ OAuth2CC: [...descriptor.scopes] }, { OAuth1: [] }],
  };
  if (descriptor.kind === 'replace') {
    operation.requestBody = { required: true, content: json(singleSchemaName(descriptor.entity)) };
  } else if (descriptor.kind === 'create') {
    operation.requestBody = { required: true, content: json(setSchemaName(descriptor.entity)) };
  }
  return operation;
}
