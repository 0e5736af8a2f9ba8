import {
  entitySchema,
  guidRefSchema,
  guidRefSchemaName,
  referencedEntities,
  schemaName,
  setSchemaName,
  singleSchemaName,
  type EntityDecl,
  type EntityName,
  type JsonObject,
  type Version,
} from '../../model/index.ts';
import { wireCodes } from '../wire/index.ts';
import { operationObject, type OperationDescriptor } from './operation.ts';

export interface DocumentOptions {
  /** The hub's public URL: the server and the token URL are under it. */
  readonly publicUrl: string;
  readonly hubVersion: string;
}

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

function statusSchemas(version: Version): JsonObject {
  const codeMinorField = {
    type: 'object',
    properties: { imsx_codeMinorFieldName: { type: 'string' }, imsx_codeMinorFieldValue: { type: 'string', enum: wireCodes(version) } },
    required: ['imsx_codeMinorFieldName', 'imsx_codeMinorFieldValue'],
    additionalProperties: false,
  };
  const properties: JsonObject = {
    imsx_codeMajor: { type: 'string', enum: ['success', 'processing', 'failure', 'unsupported'] },
    imsx_severity: { type: 'string', enum: ['status', 'warning', 'error'] },
    imsx_description: { type: 'string' },
    imsx_CodeMinor: { type: 'object', properties: { imsx_codeMinorField: { type: 'array', minItems: 1, items: codeMinorField } }, required: ['imsx_codeMinorField'], additionalProperties: false },
  };
  if (version === '1.1') properties.imsx_messageRefIdentifier = { type: 'string' };
  const statusInfo = {
    type: 'object',
    properties,
    required: version === '1.1' ? ['imsx_codeMajor', 'imsx_severity', 'imsx_messageRefIdentifier'] : ['imsx_codeMajor', 'imsx_severity'],
    additionalProperties: false,
  };
  const set = { type: 'array', minItems: 1, items: ref('imsx_StatusInfo') };
  return {
    imsx_StatusInfo: statusInfo,
    // 1.1 wraps failures in a set (several can be reported); 1.2 sends one imsx_StatusInfo.
    StatusEnvelope: version === '1.1' ? { type: 'object', properties: { statusInfoSet: set }, required: ['statusInfoSet'], additionalProperties: false } : ref('imsx_StatusInfo'),
  };
}

/** A collection or single-record wrapper; 1.1 may carry warnings beside the data. */
function wrapper(version: Version, key: string, value: JsonObject): JsonObject {
  const properties: JsonObject = { [key]: value };
  if (version === '1.1') properties.statusInfoSet = { type: 'array', items: ref('imsx_StatusInfo'), description: 'Warnings (success/warning): an unknown sort or fields entry.' };
  return { type: 'object', properties, required: [key], additionalProperties: false };
}

function entityComponents(entities: readonly EntityDecl[], version: Version): JsonObject {
  const schemas: JsonObject = {};
  const targets = new Set<EntityName>();
  for (const entity of entities) {
    schemas[schemaName(entity)] = entitySchema(entity, version);
    schemas[setSchemaName(entity)] = wrapper(version, entity.name, { type: 'array', items: ref(schemaName(entity)) });
    schemas[singleSchemaName(entity)] = wrapper(version, entity.singular, ref(schemaName(entity)));
    for (const target of referencedEntities(entity, version)) targets.add(target);
  }
  for (const target of [...targets].sort()) schemas[guidRefSchemaName(target)] = guidRefSchema(target, version);
  return schemas;
}

function securitySchemes(version: Version, operations: readonly OperationDescriptor[], options: DocumentOptions): JsonObject {
  const scopes: JsonObject = {};
  for (const scope of [...new Set(operations.flatMap((o) => o.scopes))].sort()) scopes[scope] = scope.slice(scope.lastIndexOf('/') + 1);
  return {
    OAuth2CC: {
      type: 'oauth2',
      description: `OAuth 2.0 client credentials: POST ${options.publicUrl}/oauth/token with the access' key and secret (HTTP Basic or form fields) and, optionally, the scopes wanted.`,
      flows: { clientCredentials: { tokenUrl: `${options.publicUrl}/oauth/token`, scopes } },
    },
    OAuth1: {
      type: 'http',
      scheme: 'OAuth',
      description:
        `OAuth 1.0a (RFC 5849), for accesses whose authentication type is OAuth 1.0a: sign each request with the access' key as oauth_consumer_key ` +
        `and its secret (HMAC-SHA256 or HMAC-SHA1, no token secret), a fresh oauth_nonce and a current oauth_timestamp, in the Authorization header or ` +
        `the query. A signed request sees every OneRoster ${version} scope the access' configuration allows.`,
    },
  };
}

/**
 * The OpenAPI 3.0 document of one OneRoster version, generated from operation descriptors and the
 * model: paths and operations from the descriptors, component schemas from the entity
 * declarations the operations use, the version's error envelope, and the security schemes.
 */
export function openApiDocument(version: Version, operations: readonly OperationDescriptor[], options: DocumentOptions): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const descriptor of operations) {
    const item = paths[descriptor.path] ?? {};
    item[descriptor.method] = operationObject(descriptor, version);
    paths[descriptor.path] = item;
  }
  const entities = [...new Map(operations.map((o) => [o.entity.name, o.entity])).values()];
  return {
    openapi: '3.0.3',
    info: {
      title: `Rosterbridge OneRoster ${version} API`,
      version: options.hubVersion,
      description:
        `OneRoster ${version} as this hub serves it, generated from its model and route table. ` +
        `Responses never carry null or empty values; records outside the access' scope answer as unknown.`,
    },
    servers: [{ url: options.publicUrl }],
    paths,
    components: {
      schemas: { ...entityComponents(entities, version), ...statusSchemas(version) },
      securitySchemes: securitySchemes(version, operations, options),
    },
  };
}
