import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_VERSION } from '../../src/kernel/index.ts';
import { openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { hubApp, PUBLIC_URL } from '../http-access/http-fixture.ts';
import { engines } from '../support/engines.ts';

describe.each(engines())('/docs and the discovery document on %s', (engine) => {
  let f: AccessFixture;
  let app: FastifyInstance;

  beforeAll(async () => {
    f = await openAccessFixture(engine);
    app = await hubApp(f);
  });
  afterAll(async () => {
    await app.close();
    await f.close();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('/docs answers Swagger UI\'s HTML, and every asset it names loads from the package', async () => {
    const page = await get('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<div id="swagger-ui">');
    const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets).toEqual(expect.arrayContaining(['/docs/static/swagger-ui.css', '/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-initializer.js']));
    for (const asset of assets) {
      const response = await get(asset);
      expect(response.statusCode, asset).toBe(200);
      expect(response.body.length, asset).toBeGreaterThan(0);
    }
    expect((await get('/docs/static/swagger-ui-bundle.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('Swagger UI is pointed at both of our documents, 1.2 first', async () => {
    const initializer = (await get('/docs/static/swagger-initializer.js')).body;
    const v12 = initializer.indexOf('/openapi/oneroster-v1p2.json');
    const v11 = initializer.indexOf('/openapi/oneroster-v1p1.json');
    expect(v12).toBeGreaterThan(-1);
    expect(v11).toBeGreaterThan(v12);
    // Its own /docs/json (what it loads when no picker is shown) is our 1.2 document, not a placeholder.
    const json = (await get('/docs/json')).json<{ info: { title: string }; paths: object }>();
    expect(json.info.title).toBe('Rosterbridge OneRoster 1.2 API');
    expect(Object.keys(json.paths).length).toBeGreaterThan(50);
  });

  it('/ names the hub, its version, the OneRoster bases, the token URL, the documents, /docs and /health', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'Rosterbridge',
      description: 'OneRoster rostering hub',
      version: HUB_VERSION,
      oneroster: {
        '1.1': { services: { all: `${PUBLIC_URL}/ims/oneroster/v1p1` }, openapi: `${PUBLIC_URL}/openapi/oneroster-v1p1.json` },
        '1.2': {
          services: {
            rostering: `${PUBLIC_URL}/ims/oneroster/rostering/v1p2`,
            gradebook: `${PUBLIC_URL}/ims/oneroster/gradebook/v1p2`,
            resources: `${PUBLIC_URL}/ims/oneroster/resources/v1p2`,
          },
          openapi: `${PUBLIC_URL}/openapi/oneroster-v1p2.json`,
        },
      },
      tokenUrl: `${PUBLIC_URL}/oauth/token`,
      openapi: [
        { version: '1.1', url: `${PUBLIC_URL}/openapi/oneroster-v1p1.json` },
        { version: '1.2', url: `${PUBLIC_URL}/openapi/oneroster-v1p2.json` },
      ],
      docs: `${PUBLIC_URL}/docs`,
      health: `${PUBLIC_URL}/health`,
    });
  });

  it('every URL the discovery document names answers (under the public URL\'s path)', async () => {
    const body = (await get('/')).body;
    const urls = [...body.matchAll(/"(https:\/\/sis\.example\.org[^"]*)"/g)].map((m) => (m[1] ?? '').slice(PUBLIC_URL.length));
    for (const path of urls.filter((u) => !u.startsWith('/ims/') && u !== '/oauth/token')) {
      expect((await get(path)).statusCode, path).toBe(200);
    }
    // The OneRoster bases exist (they ask for credentials) and the token URL takes a POST.
    expect((await get('/ims/oneroster/rostering/v1p2/users')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/oauth/token' })).statusCode).toBe(400);
  });
});
