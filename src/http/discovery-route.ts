import type { FastifyInstance } from 'fastify';
import { VERSIONS, type JsonObject } from '../model/index.ts';
import { DOCS_PATH, OPENAPI_PATHS } from './openapi/openapi-routes.ts';
import { oneRosterBases } from './wire/index.ts';

export interface DiscoveryOptions {
  readonly publicUrl: string;
  readonly hubVersion: string;
}

/** What a client or an operator needs to find everything else, as absolute URLs under the public URL. */
export function discoveryDocument(options: DiscoveryOptions): JsonObject {
  const url = (path: string): string => `${options.publicUrl}${path}`;
  const oneroster: JsonObject = {};
  for (const version of VERSIONS) {
    const services: JsonObject = {};
    for (const base of oneRosterBases().filter((b) => b.version === version)) services[base.service] = url(base.base);
    oneroster[version] = { services, openapi: url(OPENAPI_PATHS[version]) };
  }
  return {
    name: 'Rosterbridge',
    description: 'OneRoster rostering hub',
    version: options.hubVersion,
    oneroster,
    tokenUrl: url('/oauth/token'),
    openapi: VERSIONS.map((version) => ({ version, url: url(OPENAPI_PATHS[version]) })),
    docs: url(DOCS_PATH),
    health: url('/health'),
  };
}

/** `GET /`: the discovery document (public; it names no data). */
export function discoveryRoute(options: DiscoveryOptions) {
  return async function register(app: FastifyInstance): Promise<void> {
    const document = discoveryDocument(options);
    app.get('/', async () => document);
  };
}
