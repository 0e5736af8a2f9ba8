import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSIONS, type Version } from '../../src/model/index.ts';
import { endpointsFor, type Endpoint } from '../../src/http/oneroster/endpoints.ts';
import { serviceBase } from '../../src/http/wire/index.ts';
import { engines } from '../support/engines.ts';
import { loadOfficial, OFFICIAL, responseSchemaName, schemaChecker, type OpenApiDocument, type SchemaChecker } from '../support/schema-check.ts';
import { openProviderFixture, SCOPE_11, SCOPE_12, V11, V12, type ProviderFixture } from './provider-fixture.ts';

/**
 * Every GET route of both versions, fetched from the fixture district, must validate against the
 * official OneRoster OpenAPI document's schema for that operation (found by path, not by a
 * hand-kept table) and against our own generated document.
 */

/** A record of each collection the fixture holds, for by-id and nested routes. */
const ID: Record<string, string> = {
  orgs: 's1',
  schools: 's1',
  academicSessions: 't1',
  terms: 't1',
  gradingPeriods: 'gp1',
  courses: 'co1',
  classes: 'c1',
  users: 'st-1',
  students: 'st-1',
  teachers: 't-1',
  enrollments: 'e1',
  demographics: 'st-1',
  categories: 'cat1',
  lineItems: 'li1',
  results: 'r1',
  scoreScales: 'ss1',
  resources: 'res1',
  assessmentLineItems: 'ali1',
  assessmentResults: 'ar1',
};

/** The route's path with every `:param` replaced by a fixture id of the collection before it. */
function concreteUrl(endpoint: Endpoint): string {
  const segments = endpoint.path.split('/');
  return segments.map((segment, i) => (segment.startsWith(':') ? (ID[segments[i - 1] ?? ''] ?? 'missing') : segment)).join('/');
}

const OFFICIAL_DOCS: Record<string, OpenApiDocument> = {
  '1.1': loadOfficial(OFFICIAL.v1p1),
  rostering: loadOfficial(OFFICIAL.rostering),
  gradebook: loadOfficial(OFFICIAL.gradebook),
  resources: loadOfficial(OFFICIAL.resources),
};
const CHECKERS = new Map(Object.entries(OFFICIAL_DOCS).map(([key, document]) => [key, schemaChecker(document)]));

/** The official document, checker and 200 schema name of a route, if the official document has it. */
function officialSchema(endpoint: Endpoint): { checker: SchemaChecker; schema: string } | undefined {
  const key = endpoint.version === '1.1' ? '1.1' : endpoint.entity.service;
  const document = OFFICIAL_DOCS[key];
  const checker = CHECKERS.get(key);
  if (document === undefined || checker === undefined) return undefined;
  // The official documents' paths are relative to their service base.
  const schema = responseSchemaName(document, 'get', endpoint.path.slice(serviceBase(endpoint.version, endpoint.entity.service).length));
  return schema === undefined ? undefined : { checker, schema };
}

/** Routes we serve that the official documents do not describe (nothing to validate against there). */
const NOT_IN_OFFICIAL = new Set<string>([]);

describe.each(engines())('responses of every GET route against the OpenAPI documents on %s', (engine) => {
  let p: ProviderFixture;
  let token: Record<Version, string>;
  const ours: Partial<Record<Version, { checker: SchemaChecker; document: OpenApiDocument }>> = {};

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    // Every scope of both versions, so every route answers.
    const every = ['roster.readonly', 'roster-demographics.readonly', 'gradebook.readonly', 'resource.readonly'];
    token = {
      '1.1': await p.token({ scope: every.map((s) => `${SCOPE_11}${s}`).join(' ') }),
      '1.2': await p.token({ scope: [...every, 'assessment.readonly'].map((s) => `${SCOPE_12}${s}`).join(' ') }),
    };
    for (const version of VERSIONS) {
      const response = await p.app.inject({ method: 'GET', url: `/openapi/oneroster-v${version.replace('.', 'p')}.json` });
      const document = response.json<OpenApiDocument>();
      ours[version] = { document, checker: schemaChecker(document) };
    }
  });
  afterAll(async () => {
    await p.close();
  });

  const routes = VERSIONS.flatMap((version) => endpointsFor(version).map((endpoint) => [`${version} ${endpoint.path}`, endpoint] as const));

  it.each(routes)('%s validates against the official document and ours', async (_name, endpoint) => {
    const response = await p.get(concreteUrl(endpoint), token[endpoint.version]);
    expect(response.statusCode, response.body).toBe(200);
    const body: unknown = response.json();
    const official = officialSchema(endpoint);
    if (official === undefined) expect(NOT_IN_OFFICIAL.has(endpoint.path), `${endpoint.path} is not in the official document`).toBe(true);
    else expect(official.checker.check(official.schema, body)).toEqual([]);

    const own = ours[endpoint.version];
    const ownSchema = own === undefined ? undefined : responseSchemaName(own.document, 'get', endpoint.path);
    expect(ownSchema, 'our document describes the route').toBeDefined();
    expect(own?.checker.check(ownSchema ?? 'none', body)).toEqual([]);
  });

  it('collections are not trivially empty: the schemas see real records', async () => {
    for (const [url, wrapper] of [[`${V11}/users`, 'users'], [`${V12}/users`, 'users'], ['/ims/oneroster/gradebook/v1p2/results', 'results']] as const) {
      const body = (await p.get(url, token[url.startsWith(V11) ? '1.1' : '1.2'])).json<Record<string, unknown[]>>();
      expect(body[wrapper]?.length ?? 0).toBeGreaterThan(1);
    }
  });

  it.each([
    ['1.2 unknown id', `${V12}/users/nope`, 404],
    ['1.2 unknown filter field', `${V12}/users?filter=nope='1'`, 400],
    ['1.2 unknown selection field', `${V12}/users?fields=nope`, 400],
    ['1.2 unknown path', `${V12}/nope`, 404],
  ])('1.2 failure (%s) is an official imsx_StatusInfoDType', async (_name, url, status) => {
    const response = await p.get(url, token['1.2']);
    expect(response.statusCode).toBe(status);
    expect(CHECKERS.get('rostering')?.check('imsx_StatusInfoDType', response.json())).toEqual([]);
    expect(ours['1.2']?.checker.check('StatusEnvelope', response.json())).toEqual([]);
  });

  it('1.2 401 is an official imsx_StatusInfoDType', async () => {
    const response = await p.get(`${V12}/users`, 'not-a-token');
    expect(response.statusCode).toBe(401);
    expect(CHECKERS.get('rostering')?.check('imsx_StatusInfoDType', response.json())).toEqual([]);
  });

  it.each([
    ['unknown id', `${V11}/users/nope`, 404],
    ['unknown path', `${V11}/nope`, 404],
    ['bad token', `${V11}/users`, 401],
  ])('1.1 failure (%s): each statusInfoSet entry is an official imsx_StatusInfo.Type', async (name, url, status) => {
    const response = await p.get(url, name === 'bad token' ? 'not-a-token' : token['1.1']);
    expect(response.statusCode).toBe(status);
    const body = response.json<{ statusInfoSet: unknown[] }>();
    expect(body.statusInfoSet).toHaveLength(1);
    for (const info of body.statusInfoSet) expect(CHECKERS.get('1.1')?.check('imsx_StatusInfo.Type', info)).toEqual([]);
    expect(ours['1.1']?.checker.check('StatusEnvelope', body)).toEqual([]);
  });

  it('1.1 warnings beside the data validate against the official collection and status schemas', async () => {
    // Only unknown names: 1.1 drops them all and answers whole records (a partial selection cannot
    // satisfy the schemas' required properties, in the official documents or ours).
    const response = await p.get(`${V11}/users?fields=nope&sort=nope`, token['1.1']);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ statusInfoSet: unknown[] }>();
    expect(body.statusInfoSet).toHaveLength(2);
    expect(CHECKERS.get('1.1')?.check('Users.Type', body)).toEqual([]);
    for (const info of body.statusInfoSet) expect(CHECKERS.get('1.1')?.check('imsx_StatusInfo.Type', info)).toEqual([]);
    expect(ours['1.1']?.checker.check('UserSet', body)).toEqual([]);
  });

  it('the checker itself catches a wrong wrapper, a wrong boolean and a missing 1.1 allOf part', () => {
    const rostering = CHECKERS.get('rostering');
    expect(rostering?.check('UserSetDType', { user: [] })).not.toEqual([]);
    const wrong = { users: [{ sourcedId: 'a', status: 'active', dateLastModified: '2026-01-01T00:00:00.000Z', enabledUser: true, givenName: 'A', familyName: 'B', roles: [] }] };
    expect(rostering?.check('UserSetDType', wrong)).toEqual(expect.arrayContaining([expect.stringContaining('enabledUser')]));
    // 1.1 User.Type is allOf [Base.Type, User_Type_allOf]: the Base part's required status is enforced.
    const v11 = { users: [{ sourcedId: 'a', dateLastModified: '2026-01-01T00:00:00.000Z', username: 'a', givenName: 'A', familyName: 'B', role: 'student', orgs: [{ href: 'https://x/o', sourcedId: 'o', type: 'org' }] }] };
    expect(CHECKERS.get('1.1')?.check('Users.Type', v11)).toEqual([expect.stringContaining("'status'")]);
  });
});
