import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAttendanceConfiguration, ATTENDANCE_READ_SCOPE, generateAccessSecret, queryAudit } from '../../src/access/index.ts';
import { importAttendance } from '../../src/csv/index.ts';
import { writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { seedAccess } from '../access/access-fixture.ts';
import { ids, openProviderFixture, SCOPE_12, V12, type ProviderFixture } from '../http-oneroster/provider-fixture.ts';
import { attendanceFiles } from './attendance-files.ts';

const A = '/attendance/v1';
const filter = (text: string): string => `filter=${encodeURIComponent(text)}`;

describe.each(engines())('attendance API on %s', (engine) => {
  let p: ProviderFixture;
  let counter = 0;

  /** A bearer token for a new access with an attendance configuration of `schools` (none: no configuration). */
  async function token(options: { schools?: string[]; oneRoster?: boolean; scope?: string } = {}): Promise<{ token?: string; status: number; scope?: string }> {
    const f = p.f;
    counter += 1;
    const key = `att-vendor-${counter}`;
    const attendance = options.schools === undefined ? null : await addAttendanceConfiguration(f.store.db, f.ctx, { description: `att ${counter}`, schoolIds: options.schools });
    const { access } = await seedAccess(f, { key, attendanceConfigurationId: attendance?.id ?? null, ...(options.oneRoster === false ? { oneRosterConfigurationId: null } : {}) });
    const { secret } = await generateAccessSecret(f.store.db, f.ctx, f.box, access.id);
    const scope = options.scope === undefined ? '' : `&scope=${encodeURIComponent(options.scope)}`;
    const response = await p.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${key}&client_secret=${secret}${scope}`,
    });
    const body = response.json<{ access_token?: string; scope?: string }>();
    return { status: response.statusCode, ...(body.access_token ? { token: body.access_token } : {}), ...(body.scope ? { scope: body.scope } : {}) };
  }
  async function tokenFor(schools: string[]): Promise<string> {
    const t = (await token({ schools })).token;
    if (t === undefined) throw new Error('no token');
    return t;
  }

  let s1: string;
  let both: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    const report = await importAttendance(p.f.store, writeBundleFolder(attendanceFiles()), { districtId: 'd1' });
    if (!report.ok) throw new Error(JSON.stringify(report.problems));
    s1 = await tokenFor(['s1']);
    both = await tokenFor(['s1', 's2']);
  });
  afterAll(async () => p.close());

  it('serves every collection, record and nested route, only for the configuration\'s schools', async () => {
    const cases: Array<[string, string, string[], string[]]> = [
      [`${A}/attendanceCodes`, 'attendanceCodes', ['ac-a1', 'ac-ill1', 'ac-p1', 'ac-per1', 'ac-t1'], ['ac-a1', 'ac-a2', 'ac-ill1', 'ac-p1', 'ac-p2', 'ac-per1', 'ac-t1']],
      [`${A}/dailyAttendance`, 'dailyAttendance', ['da-1', 'da-2', 'da-3'], ['da-1', 'da-2', 'da-3', 'da-4']],
      [`${A}/periodAttendance`, 'periodAttendance', ['pa-1', 'pa-2'], ['pa-1', 'pa-2', 'pa-3']],
      [`${A}/schools/s1/dailyAttendance`, 'dailyAttendance', ['da-1', 'da-2', 'da-3'], ['da-1', 'da-2', 'da-3']],
      [`${A}/schools/s1/attendanceCodes`, 'attendanceCodes', ['ac-a1', 'ac-ill1', 'ac-p1', 'ac-per1', 'ac-t1'], ['ac-a1', 'ac-ill1', 'ac-p1', 'ac-per1', 'ac-t1']],
      [`${A}/students/st-1/dailyAttendance`, 'dailyAttendance', ['da-1', 'da-3'], ['da-1', 'da-3']],
      [`${A}/students/st-2/periodAttendance`, 'periodAttendance', ['pa-2'], ['pa-2']],
      [`${A}/classes/c1/periodAttendance`, 'periodAttendance', ['pa-1', 'pa-2'], ['pa-1', 'pa-2']],
    ];
    for (const [url, wrapper, inS1, inBoth] of cases) {
      const one = await p.get(url, s1);
      expect(one.statusCode, url).toBe(200);
      expect(ids(one.json(), wrapper), url).toEqual(inS1);
      expect(one.headers['x-total-count'], url).toBe(String(inS1.length));
      expect(ids((await p.get(url, both)).json(), wrapper), url).toEqual(inBoth);
    }
    for (const [url, wrapper, id] of [[`${A}/attendanceCodes/ac-a1`, 'attendanceCode', 'ac-a1'], [`${A}/dailyAttendance/da-2`, 'dailyAttendance', 'da-2'], [`${A}/periodAttendance/pa-1`, 'periodAttendance', 'pa-1']] as const) {
      const response = await p.get(url, s1);
      expect(response.statusCode, url).toBe(200);
      expect(response.json<Record<string, { sourcedId: string }>>()[wrapper]?.sourcedId).toBe(id);
    }
  });

  it('writes records in the 1.2 JSON style, references as GUIDRefs into the rostering service', async () => {
    const body = (await p.get(`${A}/dailyAttendance/da-2`, s1)).json<{ dailyAttendance: Record<string, unknown> }>();
    expect(body.dailyAttendance).toMatchObject({
      sourcedId: 'da-2',
      status: 'active',
      student: { sourcedId: 'st-2', type: 'user', href: expect.stringMatching(/\/ims\/oneroster\/rostering\/v1p2\/users\/st-2$/) },
      school: { sourcedId: 's1', type: 'org' },
      date: '2026-03-02',
      attendanceStatus: 'absent',
      code: 'A',
      minutesAbsent: 390,
      dayFractionAbsent: 1,
      comment: 'Sick, called in',
    });
    const code = (await p.get(`${A}/attendanceCodes/ac-a1`, s1)).json<{ attendanceCode: Record<string, unknown> }>();
    expect(code.attendanceCode).toMatchObject({ code: 'A', kind: 'type', category: 'absent', dayFraction: 1, countsAgainstAttendance: 'true' });
  });

  it('answers out-of-scope records and parents with 404 unknownobject', async () => {
    for (const url of [`${A}/dailyAttendance/da-4`, `${A}/attendanceCodes/ac-p2`, `${A}/periodAttendance/pa-3`, `${A}/schools/s2/dailyAttendance`, `${A}/students/st-3/dailyAttendance`, `${A}/classes/c2/periodAttendance`, `${A}/dailyAttendance/nope`]) {
      const response = await p.get(url, s1);
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toMatchObject({ imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'unknownobject' }] } });
    }
  });

  it('pages, filters, sorts and selects fields the OneRoster way', async () => {
    const page = await p.get(`${A}/dailyAttendance?limit=1&offset=1`, both);
    expect(ids(page.json(), 'dailyAttendance')).toEqual(['da-2']);
    expect(page.headers['x-total-count']).toBe('4');
    expect(page.headers.link).toContain('rel="next"');
    expect(page.headers.link).toContain(`${A}/dailyAttendance?limit=1&offset=2`);
    expect(ids((await p.get(`${A}/dailyAttendance?${filter("attendanceStatus='absent' OR code='T'")}`, both)).json(), 'dailyAttendance')).toEqual(['da-2', 'da-3']);
    expect(ids((await p.get(`${A}/dailyAttendance?${filter("date>'2026-03-02'")}`, both)).json(), 'dailyAttendance')).toEqual(['da-3']);
    expect(ids((await p.get(`${A}/dailyAttendance?${filter("student.sourcedId='st-1'")}`, both)).json(), 'dailyAttendance')).toEqual(['da-1', 'da-3']);
    expect(ids((await p.get(`${A}/dailyAttendance?sort=date&orderBy=desc`, both)).json(), 'dailyAttendance')).toEqual(['da-3', 'da-1', 'da-2', 'da-4']);
    const fields = (await p.get(`${A}/periodAttendance?fields=sourcedId,period`, both)).json<{ periodAttendance: unknown[] }>();
    expect(fields.periodAttendance[0]).toEqual({ sourcedId: 'pa-1', period: '1' });
  });

  it.each([
    [filter("shoeSize='9'"), 'invalid_filter_field'],
    [filter("date>'yesterday'"), 'invalid_filter_field'],
    [filter("code='A' AND"), 'invalid_filter_field'],
    [filter("comment~'sick'"), 'invalid_filter_field'],
    ['sort=shoeSize', 'invalid_sort_field'],
    ['fields=shoeSize', 'invalid_selection_field'],
    ['limit=-3', 'invaliddata'],
    ['offset=abc', 'invaliddata'],
  ])('refuses %s with 400 in the 1.2 envelope, never a 500', async (query, code) => {
    const response = await p.get(`${A}/dailyAttendance?${query}`, s1);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: code }] } });
  });

  it('refuses an access without an attendance configuration (403) and unauthenticated calls (401)', async () => {
    const none = await token();
    expect(none.scope).not.toContain(ATTENDANCE_READ_SCOPE);
    const response = await p.get(`${A}/dailyAttendance`, none.token ?? '');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'forbidden' }] } });
    expect((await p.app.inject({ method: 'GET', url: `${A}/dailyAttendance` })).statusCode).toBe(401);
  });

  it('grants the attendance scope with an attendance configuration, also without a OneRoster one, and enforces it', async () => {
    const only = await token({ schools: ['s2'], oneRoster: false });
    expect(only.status).toBe(200);
    expect(only.scope).toBe(ATTENDANCE_READ_SCOPE);
    expect(ids((await p.get(`${A}/dailyAttendance`, only.token ?? '')).json(), 'dailyAttendance')).toEqual(['da-4']);
    expect((await p.get(`${V12}/users`, only.token ?? '')).statusCode).toBe(403);

    const rosterOnly = await token({ schools: ['s1'], scope: `${SCOPE_12}roster.readonly` });
    expect(rosterOnly.scope).toBe(`${SCOPE_12}roster.readonly`);
    const refused = await p.get(`${A}/dailyAttendance`, rosterOnly.token ?? '');
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ imsx_description: string }>().imsx_description).toContain(ATTENDANCE_READ_SCOPE);

    const asked = await token({ schools: ['s1'], scope: ATTENDANCE_READ_SCOPE });
    expect(asked.scope).toBe(ATTENDANCE_READ_SCOPE);
    expect((await p.get(`${A}/dailyAttendance`, asked.token ?? '')).statusCode).toBe(200);
  });

  it('audits every attendance call with the number of records returned', async () => {
    const t = await token({ schools: ['s1'] });
    await p.get(`${A}/students/st-1/dailyAttendance`, t.token ?? '');
    const entries = await queryAudit(p.f.store.db, { kind: 'api' });
    const call = entries.find((e) => e.kind === 'api' && e.endpoint === `${A}/students/st-1/dailyAttendance` && e.status === 200);
    expect(call).toMatchObject({ kind: 'api', records: 2, method: 'GET' });
  });
});
