import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { addProduct, generateAccessSecret, hasProduct, WRITEBACK_PRODUCT } from '../../src/access/index.ts';
import { entityDecl, type AnyRecord, type EntityName, type UserRecord } from '../../src/model/index.ts';
import { tombstoneRecords, upsertRecords } from '../../src/store/index.ts';
import { openAccessFixture, seedAccess, type AccessFixture } from '../access/access-fixture.ts';
import type { Engine } from '../support/engines.ts';
import { hubApp } from '../http-access/http-fixture.ts';

export const V11 = '/ims/oneroster/v1p1';
export const V12 = '/ims/oneroster/rostering/v1p2';
export const SCOPE_11 = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';
export const SCOPE_12 = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';

/** Written at T1; t-2 and st-old change at T2 (st-old becomes a tombstone). */
export const T1 = '2026-03-01T10:00:00.000Z';
export const T2 = '2026-03-05T10:00:00.000Z';

const user = (sourcedId: string, role: string, org: string, extra: Partial<UserRecord> = {}): UserRecord => ({
  sourcedId,
  status: 'active',
  enabledUser: true,
  roles: [{ roleType: 'primary', role, org }],
  // 1.1 requires a username (1.2 does not); a user without one fails the 1.1 schema.
  username: sourcedId,
  givenName: sourcedId.toUpperCase(),
  familyName: `Family ${sourcedId}`,
  ...extra,
});

/**
 * District d1 (schools s1, s2, s3 from the access fixture): a school year with a term and a
 * grading period; classes c1 (s1) and c2 (s2); at s1 teacher t-1 and students st-1, st-2 and the
 * tombstone st-old; at s2 teacher t-2 and student st-3. District d2 has a user of its own.
 */
const RECORDS: ReadonlyArray<[EntityName, AnyRecord[]]> = [
  // 1.2 requires org identifiers and course codes (the model keeps them optional, as 1.1 does).
  ['orgs', [
    { sourcedId: 'd1', status: 'active', name: 'D1', type: 'district', identifier: '100' },
    ...['s1', 's2', 's3'].map((id, i) => ({ sourcedId: id, status: 'active' as const, name: id.toUpperCase(), type: 'school', identifier: String(101 + i), parent: 'd1' })),
  ]],
  ['academicSessions', [
    { sourcedId: 'y1', status: 'active', title: '2025-26', type: 'schoolYear', startDate: '2025-08-20', endDate: '2026-06-05', schoolYear: '2026' },
    { sourcedId: 't1', status: 'active', title: 'Fall', type: 'term', startDate: '2025-08-20', endDate: '2026-01-15', parent: 'y1', schoolYear: '2026' },
    { sourcedId: 'gp1', status: 'active', title: 'Q1', type: 'gradingPeriod', startDate: '2025-08-20', endDate: '2025-10-31', parent: 't1', schoolYear: '2026' },
  ]],
  ['courses', [
    { sourcedId: 'co1', status: 'active', title: 'Algebra I', courseCode: 'ALG1', org: 's1', grades: ['09'] },
    { sourcedId: 'co2', status: 'active', title: 'Biology', courseCode: 'BIO', org: 's2' },
  ]],
  ['classes', [
    { sourcedId: 'c1', status: 'active', title: 'Algebra I - P1', course: 'co1', classType: 'scheduled', school: 's1', terms: ['t1'], grades: ['09', '10'] },
    { sourcedId: 'c2', status: 'active', title: 'Biology - P2', course: 'co2', classType: 'scheduled', school: 's2', terms: ['t1'] },
  ]],
  ['users', [
    user('t-1', 'teacher', 's1', { email: 'tpark@example.org' }),
    user('st-1', 'student', 's1', { email: 'alee@example.org', grades: ['09'] }),
    user('st-2', 'student', 's1', { email: 'BKim@Example.org', grades: ['10'] }),
    user('st-old', 'student', 's1'),
    user('t-2', 'teacher', 's2'),
    user('st-3', 'student', 's2'),
  ]],
  ['enrollments', [
    { sourcedId: 'e1', status: 'active', class: 'c1', school: 's1', user: 't-1', role: 'teacher', primary: true },
    { sourcedId: 'e2', status: 'active', class: 'c1', school: 's1', user: 'st-1', role: 'student' },
    { sourcedId: 'e3', status: 'active', class: 'c1', school: 's1', user: 'st-2', role: 'student' },
    { sourcedId: 'e4', status: 'active', class: 'c2', school: 's2', user: 't-2', role: 'teacher' },
    { sourcedId: 'e5', status: 'active', class: 'c2', school: 's2', user: 'st-3', role: 'student' },
  ]],
  ['categories', [{ sourcedId: 'cat1', status: 'active', title: 'Homework' }]],
  ['lineItems', [
    { sourcedId: 'li1', status: 'active', title: 'HW 1', assignDate: '2025-09-01T00:00:00.000Z', dueDate: '2025-09-08T00:00:00.000Z', class: 'c1', school: 's1', category: 'cat1', gradingPeriod: 'gp1', resultValueMin: 0, resultValueMax: 10 },
    { sourcedId: 'li2', status: 'active', title: 'Lab 1', assignDate: '2025-09-01T00:00:00.000Z', dueDate: '2025-09-08T00:00:00.000Z', class: 'c2', school: 's2', category: 'cat1', gradingPeriod: 'gp1', resultValueMin: 0, resultValueMax: 10 },
  ]],
  ['results', [
    { sourcedId: 'r1', status: 'active', lineItem: 'li1', student: 'st-1', scoreStatus: 'fully graded', score: 9, scoreDate: '2025-09-09' },
    { sourcedId: 'r2', status: 'active', lineItem: 'li2', student: 'st-3', scoreStatus: 'fully graded', score: 7, scoreDate: '2025-09-09' },
  ]],
  ['assessmentLineItems', [
    { sourcedId: 'ali1', status: 'active', title: 'Fall benchmark', class: 'c1', resultValueMin: 0, resultValueMax: 100 },
    { sourcedId: 'ali2', status: 'active', title: 'Lab practical', class: 'c2' },
  ]],
  ['assessmentResults', [
    { sourcedId: 'ar1', status: 'active', assessmentLineItem: 'ali1', student: 'st-1', scoreStatus: 'fully graded', score: 81, scoreDate: '2025-10-01', late: false },
    { sourcedId: 'ar2', status: 'active', assessmentLineItem: 'ali2', student: 'st-3', scoreStatus: 'submitted', scoreDate: '2025-10-01' },
  ]],
  ['resources', [{ sourcedId: 'res1', status: 'active', title: 'Textbook', vendorResourceId: 'vr-1' }]],
  ['classResources', [{ sourcedId: 'cr1', status: 'active', class: 'c1', resource: 'res1' }]],
  ['scoreScales', [{ sourcedId: 'ss1', status: 'active', title: 'Letters', type: 'letter', org: 's1', class: 'c1', scoreScaleValue: [{ itemValueLHS: 'A', itemValueRHS: '90' }] }]],
  ['demographics', [
    { sourcedId: 'st-1', status: 'active', birthDate: '2011-04-02', sex: 'female', white: true },
    { sourcedId: 'st-3', status: 'active', birthDate: '2010-12-24', sex: 'male' },
  ]],
];

export interface ProviderFixture {
  readonly f: AccessFixture;
  readonly app: FastifyInstance;
  /** A bearer token for a new access; `scope` narrows the grant, the configuration its schools. */
  token(options?: { schoolIds?: string[] | null; allowDemographics?: boolean; allowGradePassBack?: boolean; scope?: string }): Promise<string>;
  get(url: string, token: string): Promise<LightMyRequestResponse>;
  /** A write: the body is sent as JSON text (a string as is, so tests can send malformed JSON). */
  send(method: 'PUT' | 'POST' | 'DELETE', url: string, token: string, body?: unknown): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openProviderFixture(engine: Engine): Promise<ProviderFixture> {
  const f = await openAccessFixture(engine);
  const { store } = f;
  for (const [name, records] of RECORDS) await upsertRecords(store.db, store.dialect, entityDecl(name), records, { districtId: 'd1', now: T1 });
  await upsertRecords(store.db, store.dialect, entityDecl('users'), [user('t-2', 'teacher', 's2', { email: 'new@example.org' })], { districtId: 'd1', now: T2 });
  await tombstoneRecords(store.db, store.dialect, entityDecl('users'), ['st-old'], { districtId: 'd1', now: T2 });
  await upsertRecords(store.db, store.dialect, entityDecl('orgs'), [{ sourcedId: 'd2', status: 'active', name: 'Other', type: 'district' }], { districtId: 'd2', now: T1 });
  await upsertRecords(store.db, store.dialect, entityDecl('users'), [user('x-1', 'student', 'd2')], { districtId: 'd2', now: T1 });
  const app = await hubApp(f);
  let counter = 0;
  return {
    f,
    app,
    async token(options = {}) {
      counter += 1;
      const key = `vendor-${counter}`;
      const allowGradePassBack = options.allowGradePassBack ?? false;
      // Grade pass back needs the licensed writeback product.
      if (allowGradePassBack && !(await hasProduct(store.db, WRITEBACK_PRODUCT))) await addProduct(store.db, f.ctx, WRITEBACK_PRODUCT);
      const configuration = { schoolIds: options.schoolIds ?? null, allowDemographics: options.allowDemographics ?? true, allowGradePassBack };
      const { access } = await seedAccess(f, { key }, {}, configuration);
      const { secret } = await generateAccessSecret(store.db, f.ctx, f.box, access.id);
      const scope = options.scope === undefined ? '' : `&scope=${encodeURIComponent(options.scope)}`;
      const response = await app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=client_credentials&client_id=${key}&client_secret=${secret}${scope}`,
      });
      const body = response.json<{ access_token?: string }>();
      if (body.access_token === undefined) throw new Error(`no token: ${response.body}`);
      return body.access_token;
    },
    get: (url, token) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } }),
    send: (method, url, token, body) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    close: async () => {
      await app.close();
      await f.close();
    },
  };
}

/** The sourcedIds of a collection response, in order. */
export function ids(body: unknown, wrapper: string): string[] {
  const list = (body as Record<string, Array<{ sourcedId: string }>>)[wrapper] ?? [];
  return list.map((r) => r.sourcedId);
}
