import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSchema, loadComponents } from '../support/schema-check.ts';
import { engines } from '../support/engines.ts';
import { openProviderFixture, V12, type ProviderFixture } from './provider-fixture.ts';

const ROSTERING = loadComponents('onerosterv1p2rostersservice_openapi3_v1p0.json');

describe.each(engines())('1.2 rostering responses against the official OpenAPI schemas on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token();
  });
  afterAll(async () => {
    await p.close();
  });

  it.each([
    ['/orgs', 'OrgSetDType'],
    ['/orgs/s1', 'SingleOrgDType'],
    ['/schools', 'OrgSetDType'],
    ['/academicSessions', 'AcademicSessionSetDType'],
    ['/terms/t1', 'SingleAcademicSessionDType'],
    ['/courses', 'CourseSetDType'],
    ['/classes', 'ClassSetDType'],
    ['/classes/c1', 'SingleClassDType'],
    ['/users', 'UserSetDType'],
    ['/students/st-1', 'SingleUserDType'],
    ['/classes/c1/students', 'UserSetDType'],
    ['/enrollments', 'EnrollmentSetDType'],
    ['/demographics', 'DemographicsSetDType'],
    ['/demographics/st-1', 'SingleDemographicsDType'],
    ['/users/nope', 'imsx_StatusInfoDType'],
    ["/users?filter=nope='1'", 'imsx_StatusInfoDType'],
  ])('%s validates as %s', async (path, schemaName) => {
    const response = await p.get(`${V12}${path}`, token);
    const schema = ROSTERING[schemaName];
    expect(schema).toBeDefined();
    expect(checkSchema(ROSTERING, schema ?? {}, response.json())).toEqual([]);
  });

  it('the checker itself catches a wrong wrapper and a wrong boolean', () => {
    const schema = ROSTERING.UserSetDType ?? {};
    expect(checkSchema(ROSTERING, schema, { user: [] })).not.toEqual([]);
    const wrong = { users: [{ sourcedId: 'a', status: 'active', dateLastModified: '2026-01-01T00:00:00.000Z', enabledUser: true, givenName: 'A', familyName: 'B', roles: [] }] };
    expect(checkSchema(ROSTERING, schema, wrong)).toEqual(expect.arrayContaining([expect.stringContaining('enabledUser')]));
  });
});
