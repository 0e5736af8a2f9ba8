import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { VERSIONS, type JsonObject, type Version } from '../../model/index.ts';
import { openApiDocument, type DocumentOptions } from './openapi-document.ts';
import type { OperationDescriptor } from './operation.ts';
import { readOperations } from './read-operations.ts';

/** Where each version's document is served. */
export const OPENAPI_PATHS: Readonly<Record<Version, string>> = {
  '1.1': '/openapi/oneroster-v1p1.json',
  '1.2': '/openapi/oneroster-v1p2.json',
};

export const DOCS_PATH = '/docs';

export interface OpenApiRouteOptions extends DocumentOptions {
  /** Operations beyond the read routes (write routes, other APIs), per version. */
  readonly extraOperations?: (version: Version) => readonly OperationDescriptor[];
}

/** Both versions' documents, generated once when the app is built (they depend on nothing else). */
export function openApiDocuments(options: OpenApiRouteOptions): Record<Version, JsonObject> {
  const build = (version: Version): JsonObject =>
    openApiDocument(version, [...readOperations(version), ...(options.extraOperations?.(version) ?? [])], options);
  return { '1.1': build('1.1'), '1.2': build('1.2') };
}

/**
 * Serves the OpenAPI documents (public, like the specification they describe) and Swagger UI at
 * /docs with both documents in its picker. Swagger UI's assets come from the npm package; nothing
 * is fetched at run time. @fastify/swagger runs in static mode only because swagger-ui requires it
 * as a dependency; swagger-ui's own `/docs/json` answers the 1.2 document.
 */
export function openApiRoutes(options: OpenApiRouteOptions) {
  return async function register(app: FastifyInstance): Promise<void> {
    const documents = openApiDocuments(options);
    for (const version of VERSIONS) {
      app.get(OPENAPI_PATHS[version], async () => documents[version]);
    }
    const placeholder = { openapi: '3.0.3', info: { title: 'Rosterbridge OneRoster API', version: options.hubVersion }, paths: {} };
    await app.register(swagger, { mode: 'static', specification: { document: placeholder } });
    await app.register(swaggerUi, {
      routePrefix: DOCS_PATH,
      // The first entry is the one shown first.
      uiConfig: { urls: (['1.2', '1.1'] as const).map((version) => ({ url: OPENAPI_PATHS[version], name: `OneRoster ${version}` })), deepLinking: true },
      transformSpecification: () => documents['1.2'],
      theme: { title: 'Rosterbridge OneRoster API' },
    });
  };
}
