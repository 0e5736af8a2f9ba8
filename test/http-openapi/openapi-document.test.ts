import { validate } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, VERSIONS, type Version } from '../../src/model/index.ts';
import { endpointsFor } from '../../src/http/oneroster/endpoints.ts';
import { openApiDocument } from '../../src/http/openapi/openapi-document.ts';
import { readOperations } from '../../src/http/openapi/read-operations.ts';
import { openAccessFixture, type AccessFixture } from '../access/access-fixture.ts';
import { hubApp, PUBLIC_URL } from '../http-access/http-fixture.ts';
import { engines } from '../support/engines.ts';
import { normalisePath, registeredRoutes } from '../support/registered-routes.ts';

type Operation = { security: Array<Record<string, string[]>>; parameters: Array<{ name: string; in: string }> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>; securitySchemes: Record<string, { flows?: { clientCredentials: { tokenUrl: string } } }> };
};

const DOC_PATH: Record<Version, string> = { '1.1': '/openapi/oneroster-v1p1.json', '1.2': '/openapi/oneroster-v1p2.json' };
const FALLBACK = /\*$|^\/ims\/oneroster\/(v1p1|\w+\/v1p2)$/;

/** A generated document as the test reads it (JSON in, typed view out). */
function asDocument(json: unknown): Document {
  return JSON.parse(JSON.stringify(json)) as Document;
}

async function validity(document: unknown): Promise<{ valid: boolean }> {
  // The parser dereferences in place: give it a copy.
  return validate(structuredClone(document) as Parameters<typeof validate>[0]);
}

describe.each(engines())('the served OpenAPI documents on %s', (engine) => {
  let f: AccessFixture;
  let app: FastifyInstance;
  const documents: Partial<Record<Version, Document>> = {};

  beforeAll(async () => {
    f = await openAccessFixture(engine);
    app = await hubApp(f);
    for (const version of VERSIONS) {
      const response = await app.inject({ method: 'GET', url: DOC_PATH[version] });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      documents[version] = response.json<Document>();
    }
  });
  afterAll(async () => {
    await app.close();
    await f.close();
  });

  it.each(VERSIONS)('the %s document is valid OpenAPI (@readme/openapi-parser)', async (version) => {
    expect(await validity(documents[version])).toMatchObject({ valid: true });
  });

  it('the validator is not a rubber stamp: a broken copy is refused', async () => {
    const broken = JSON.parse(JSON.stringify(documents['1.2'])) as { paths: Record<string, unknown> };
    broken.paths['/x/{id}'] = { get: { responses: { '200': { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } } } };
    expect(await validity(broken)).toMatchObject({ valid: false });
  });

  it('every registered OneRoster GET route is in its version\'s document, and every documented path is registered', async () => {
    const registered = registeredRoutes(app)
      .filter((route) => route.method === 'GET' && route.path.startsWith('/ims/oneroster/') && !FALLBACK.test(route.path))
      .map((route) => normalisePath(route.path));
    const documented = VERSIONS.flatMap((version) =>
      Object.entries(documents[version]?.paths ?? {}).flatMap(([path, item]) => (item.get === undefined ? [] : [normalisePath(path)])),
    );
    expect(registered.length).toBeGreaterThan(100);
    expect([...documented].sort()).toEqual([...registered].sort());
    // Writes: every registered PUT, DELETE and POST is documented under its method, and nothing else is.
    const writes = registeredRoutes(app)
      .filter((route) => ['PUT', 'DELETE', 'POST'].includes(route.method) && route.path.startsWith('/ims/oneroster/') && !FALLBACK.test(route.path))
      .map((route) => `${route.method} ${normalisePath(route.path)}`);
    const documentedWrites = VERSIONS.flatMap((version) =>
      Object.entries(documents[version]?.paths ?? {}).flatMap(([path, item]) =>
        (['put', 'delete', 'post'] as const).filter((m) => item[m] !== undefined).map((m) => `${m.toUpperCase()} ${normalisePath(path)}`),
      ),
    );
    expect(writes.length).toBeGreaterThan(20);
    expect([...documentedWrites].sort()).toEqual([...writes].sort());
    for (const version of VERSIONS) {
      for (const path of Object.keys(documents[version]?.paths ?? {})) {
        const base = version === '1.1' ? '/ims/oneroster/v1p1/' : /^\/ims\/oneroster\/(rostering|gradebook|resources)\/v1p2\//;
        expect(typeof base === 'string' ? path.startsWith(base) : base.test(path), path).toBe(true);
      }
    }
  });

  it('each operation asks for the scopes its route accepts, or an OAuth 1.0a signature', () => {
    for (const version of VERSIONS) {
      for (const endpoint of endpointsFor(version)) {
        const path = Object.keys(documents[version]?.paths ?? {}).find((p) => normalisePath(p) === normalisePath(endpoint.path)) ?? '';
        const operation = documents[version]?.paths[path]?.get;
        expect(operation?.security).toEqual([{ OAuth2CC: [...endpoint.scopes] }, { OAuth1: [] }]);
      }
    }
    const demographics = documents['1.2']?.paths['/ims/oneroster/rostering/v1p2/demographics']?.get;
    expect(demographics?.security[0]).toEqual({ OAuth2CC: ['https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly'] });
  });

  it('names path ids as the official documents do and lists the query parameters', () => {
    const nested = documents['1.2']?.paths['/ims/oneroster/rostering/v1p2/schools/{schoolSourcedId}/classes']?.get;
    expect(nested?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:schoolSourcedId', 'query:limit', 'query:offset', 'query:sort', 'query:orderBy', 'query:filter', 'query:fields']);
    const record = documents['1.1']?.paths['/ims/oneroster/v1p1/classes/{sourcedId}']?.get;
    expect(record?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:sourcedId', 'query:fields']);
  });

  it('the token URL is ours, under the public URL', () => {
    for (const version of VERSIONS) {
      expect(documents[version]?.components.securitySchemes.OAuth2CC?.flows?.clientCredentials.tokenUrl).toBe(`${PUBLIC_URL}/oauth/token`);
      expect(documents[version]?.components.securitySchemes.OAuth1).toMatchObject({ type: 'http', scheme: 'OAuth' });
    }
  });

  it('component schemas follow the model per version: names, booleans, roles, required-ness, vocabularies, GUIDRefs', () => {
    const user11 = documents['1.1']?.components.schemas.User;
    const user12 = documents['1.2']?.components.schemas.User;
    expect(user11?.properties?.enabledUser).toEqual({ type: 'boolean' });
    expect(user12?.properties?.enabledUser).toEqual({ type: 'string', enum: ['true', 'false'] });
    expect(Object.keys(user11?.properties ?? {})).toEqual(expect.arrayContaining(['role', 'orgs']));
    expect(Object.keys(user11?.properties ?? {})).not.toContain('roles');
    expect(Object.keys(user12?.properties ?? {})).toEqual(expect.arrayContaining(['roles', 'preferredFirstName', 'primaryOrg']));
    expect(user11?.required).toContain('username');
    expect(user12?.required).not.toContain('username');
    const org12 = documents['1.2']?.components.schemas.Org;
    expect(org12?.properties?.type).toMatchObject({ anyOf: [{ enum: expect.arrayContaining(['district', 'school']) }, { pattern: expect.stringContaining('ext:') }] });
    expect(documents['1.1']?.components.schemas.Org?.properties?.type).toMatchObject({ enum: expect.arrayContaining(['school']) });
    expect(documents['1.2']?.components.schemas.Class?.properties?.school).toEqual({ $ref: '#/components/schemas/OrgGUIDRef' });
    expect(documents['1.2']?.components.schemas.OrgGUIDRef?.properties?.type).toEqual({ type: 'string', enum: ['org'] });
    expect(documents['1.2']?.components.schemas.ScoreScale).toBeDefined();
    expect(documents['1.1']?.components.schemas.ScoreScale).toBeUndefined();
    expect(documents['1.1']?.components.schemas.StatusEnvelope?.properties).toHaveProperty('statusInfoSet');
  });
});

describe('the document generator', () => {
  const options = { publicUrl: 'https://hub.example.org', hubVersion: '9.9.9' };

  it('takes more operation descriptors (a write route) and stays valid', async () => {
    const lineItems = entityDecl('lineItems');
    const scopes = ['https://purl.imsglobal.org/spec/or/v1p2/scope/gradebook.createput'];
    const writes = [
      { method: 'put', path: '/ims/oneroster/gradebook/v1p2/lineItems/{sourcedId}', entity: lineItems, kind: 'replace', scopes },
      { method: 'delete', path: '/ims/oneroster/gradebook/v1p2/lineItems/{sourcedId}', entity: lineItems, kind: 'delete', scopes },
    ] as const;
    const document = asDocument(openApiDocument('1.2', [...readOperations('1.2'), ...writes], options));
    expect(await validity(document)).toMatchObject({ valid: true });
    expect(Object.keys(document.paths['/ims/oneroster/gradebook/v1p2/lineItems/{sourcedId}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(document.paths['/ims/oneroster/gradebook/v1p2/lineItems/{sourcedId}']?.put).toMatchObject({ requestBody: { required: true }, responses: { '201': {} } });
  });

  it('derives only from what it is given: no operations, no paths, no entity schemas', () => {
    const document = asDocument(openApiDocument('1.1', [], options));
    expect(document.paths).toEqual({});
    expect(Object.keys(document.components.schemas).sort()).toEqual(['StatusEnvelope', 'imsx_StatusInfo']);
  });
});
