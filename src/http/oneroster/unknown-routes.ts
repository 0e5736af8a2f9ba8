import type { FastifyInstance, HTTPMethods } from 'fastify';
import { oneRosterBases, statusEnvelope, versionOfPath } from '../wire/index.ts';

export interface KnownRoute {
  readonly method: string;
  /** Fastify path pattern (`/users/:id`). */
  readonly url: string;
}

/** The methods some known route serves at a concrete path (`/users/x` matches `/users/:id`). */
export function allowedMethods(routes: readonly KnownRoute[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    const pattern = new RegExp(`^${route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : escapeRegExp(part))).join('/')}/?$`);
    if (pattern.test(path)) methods.add(route.method);
  }
  return [...methods].sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Remembers every route registered in this scope from now on (the read routes and whatever write
 * routes join them), so the fallback below can tell an unknown path from a wrong method.
 */
export function collectRoutes(api: FastifyInstance): KnownRoute[] {
  const known: KnownRoute[] = [];
  api.addHook('onRoute', (route) => {
    const methods: readonly HTTPMethods[] = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) known.push({ method, url: route.url });
  });
  return known;
}

/**
 * Everything under a OneRoster base that no route serves answers in the version's envelope:
 * 404 `unknownobject` for an unknown path, 405 (codeMinor 1.1 `unsupportedoperation`, 1.2
 * `unsupported`) with `Allow` for a known path asked with another method. Registered after the
 * real routes; the router prefers them over these wildcards.
 */
export function answerUnknownRoutes(api: FastifyInstance, known: readonly KnownRoute[]): void {
  const fallbackUrls = new Set(oneRosterBases().flatMap(({ base }) => [base, `${base}/*`]));
  // Read at request time: `known` also holds routes registered after this call.
  const served = (): KnownRoute[] => known.filter((route) => !fallbackUrls.has(route.url));
  for (const url of fallbackUrls) {
    api.all(url, async (request, reply) => {
      const version = versionOfPath(request.url) ?? '1.2';
      const path = request.url.split('?')[0] ?? '';
      const methods = allowedMethods(served(), path);
      if (methods.length === 0) {
        return reply.code(404).send(statusEnvelope(version, 'unknownobject', 'Unknown Object: no OneRoster endpoint at this path', request.id));
      }
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .send(statusEnvelope(version, 'unsupported', `${request.method} is not supported here; use ${methods.join(', ')}`, request.id));
    });
  }
}
