import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { hubApp } from '../http-access/http-fixture.ts';
import { engines } from '../support/engines.ts';
import { normalisePath, registeredRoutes } from '../support/registered-routes.ts';
import { loadOfficial, OFFICIAL } from '../support/schema-check.ts';

/** Each official document and the base its paths are relative to. */
const DOCUMENTS: ReadonlyArray<[string, string]> = [
  [OFFICIAL.v1p1, '/ims/oneroster/v1p1'],
  [OFFICIAL.rostering, '/ims/oneroster/rostering/v1p2'],
  [OFFICIAL.gradebook, '/ims/oneroster/gradebook/v1p2'],
  [OFFICIAL.resources, '/ims/oneroster/resources/v1p2'],
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** `METHOD /full/path` of every operation the official documents define. */
function officialOperations(): string[] {
  const operations: string[] = [];
  for (const [file, base] of DOCUMENTS) {
    for (const [path, item] of Object.entries(loadOfficial(file).paths)) {
      for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) operations.push(`${method.toUpperCase()} ${base}${path}`);
    }
  }
  return operations;
}

/**
 * Official operations not registered yet (none today). The test fails when an operation listed
 * here is registered (so the list cannot go stale) and when one not listed is missing.
 */
const MISSING = new Set<string>([]);

describe.each(engines())('every operation of the four official OpenAPI files is registered on %s', (engine) => {
  let f: AccessFixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    f = await openAccessFixture(engine);
    app = await hubApp(f);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await f.close();
  });

  it('all of them, except the ones listed as missing', () => {
    // The catch-all fallbacks (404/405 in the envelope) do not count as serving anything.
    const registered = new Set(
      registeredRoutes(app)
        .filter((route) => !route.path.includes('*'))
        .map((route) => `${route.method} ${normalisePath(route.path)}`),
    );
    const operations = officialOperations();
    expect(operations.length).toBe(142);
    const absent = operations.filter((operation) => {
      const [method, path] = operation.split(' ');
      return !registered.has(`${method} ${normalisePath(path ?? '')}`);
    });
    expect(absent.filter((operation) => !MISSING.has(operation))).toEqual([]);
    // A listed operation that is now registered must leave the list.
    expect([...MISSING].filter((operation) => !absent.includes(operation))).toEqual([]);
  });
});
