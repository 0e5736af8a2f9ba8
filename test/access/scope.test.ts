import { describe, expect, it } from 'vitest';
import { grantScopes, ONEROSTER_SCOPES, scopeOf, type AttendanceConfiguration, type OneRosterConfiguration } from '../../src/access/index.ts';

const V11 = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';
const V12 = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';
const access = { id: 'a1', integrationId: 'i1' };
const allApis = { apis: ['OneRoster', 'Demographics', 'Gradebook', 'Attendance'] as const, hasDevelopmentPermissions: false };

function oneRoster(overrides: Partial<OneRosterConfiguration> = {}): OneRosterConfiguration {
  return { id: 'c1', vendor: 'Edlio', code: 'edlio', description: null, districtId: 'd1', schoolIds: null, allowDemographics: false, allowGradePassBack: false, createdAt: '', updatedAt: '', ...overrides };
}
const attendance: AttendanceConfiguration = { id: 'at1', description: 'Edlio attendance', schoolIds: ['s1', 's2'], createdAt: '', updatedAt: '' };

describe('scopeOf', () => {
  it('an access with no OneRoster configuration reads no roster data and gets no OAuth scope', () => {
    const scope = scopeOf(access, { integration: allApis, oneRoster: null, attendance: null, environment: 'live' });
    expect(scope).toMatchObject({ districtId: null, schoolIds: [], demographics: false, gradebookWrite: false, attendanceSchoolIds: [], oauthScopes: [] });
  });

  it('takes district, schools, demographics and grade pass back from the OneRoster configuration', () => {
    const all = scopeOf(access, { integration: allApis, oneRoster: oneRoster(), attendance: null, environment: 'live' });
    expect(all).toMatchObject({ accessId: 'a1', integrationId: 'i1', districtId: 'd1', schoolIds: 'all', demographics: false, gradebookWrite: false });
    expect(all.oauthScopes).toContain(`${V11}roster.readonly`);
    expect(all.oauthScopes).toContain(`${V12}gradebook-core.readonly`);
    expect(all.oauthScopes).not.toContain(`${V11}roster-demographics.readonly`);
    expect(all.oauthScopes).not.toContain(`${V11}gradebook.createput`);

    const wide = scopeOf(access, { integration: allApis, oneRoster: oneRoster({ schoolIds: ['s2'], allowDemographics: true, allowGradePassBack: true }), attendance, environment: 'live' });
    expect(wide).toMatchObject({ schoolIds: ['s2'], demographics: true, gradebookWrite: true, attendanceSchoolIds: ['s1', 's2'] });
    expect(wide.oauthScopes).toEqual(expect.arrayContaining([`${V11}roster-demographics.readonly`, `${V11}gradebook.createput`, `${V11}gradebook.delete`, `${V12}gradebook.createpost`]));
  });

  it('is immutable', () => {
    const scope = scopeOf(access, { integration: allApis, oneRoster: oneRoster({ schoolIds: ['s1'] }), attendance, environment: 'live' });
    expect(Object.isFrozen(scope)).toBe(true);
    expect(Object.isFrozen(scope.schoolIds)).toBe(true);
    expect(() => (scope.attendanceSchoolIds as string[]).push('s9')).toThrow();
  });

  it('caps the configuration by the APIs the integration declares', () => {
    const rosterOnly = { apis: ['OneRoster'] as const, hasDevelopmentPermissions: false };
    const scope = scopeOf(access, { integration: rosterOnly, oneRoster: oneRoster({ allowDemographics: true, allowGradePassBack: true }), attendance, environment: 'live' });
    expect(scope).toMatchObject({ districtId: 'd1', demographics: false, gradebookWrite: false, attendanceSchoolIds: [] });
  });

  it('applies development permissions only in Training, and not when the request suppresses them', () => {
    const developing = { apis: ['OneRoster'] as const, hasDevelopmentPermissions: true };
    const inputs = { integration: developing, oneRoster: oneRoster({ allowDemographics: true }), attendance };
    expect(scopeOf(access, { ...inputs, environment: 'training' })).toMatchObject({ demographics: true, attendanceSchoolIds: ['s1', 's2'] });
    expect(scopeOf(access, { ...inputs, environment: 'live' })).toMatchObject({ demographics: false, attendanceSchoolIds: [] });
    expect(scopeOf(access, { ...inputs, environment: 'training', suppressDevelopmentPermissions: true })).toMatchObject({ demographics: false });
    // Never beyond the configuration: demographics off in the configuration stays off.
    expect(scopeOf(access, { ...inputs, oneRoster: oneRoster(), environment: 'training' }).demographics).toBe(false);
  });
});

describe('grantScopes', () => {
  const allowed = [`${V11}roster.readonly`, `${V11}roster-core.readonly`];

  it('grants everything allowed when no scope is asked for', () => {
    expect(grantScopes(undefined, allowed)).toEqual({ ok: true, granted: allowed });
    expect(grantScopes('  ', allowed)).toEqual({ ok: true, granted: allowed });
  });

  it('narrows a request to what the configuration allows', () => {
    expect(grantScopes(`${V11}roster.readonly ${V11}roster-demographics.readonly`, allowed)).toEqual({ ok: true, granted: [`${V11}roster.readonly`] });
  });

  it('refuses unknown scopes and requests of which nothing can be granted', () => {
    expect(grantScopes('https://example.org/scope/everything', allowed).ok).toBe(false);
    expect(grantScopes(`${V11}gradebook.createput`, allowed).ok).toBe(false);
    expect(grantScopes(undefined, []).ok).toBe(false);
  });

  it('knows the 1.1 and 1.2 scope names', () => {
    for (const name of ['roster-core.readonly', 'roster.readonly', 'roster-demographics.readonly', 'gradebook.readonly', 'gradebook.createput', 'gradebook.delete', 'resource.readonly']) {
      expect(ONEROSTER_SCOPES.has(`${V11}${name}`), name).toBe(true);
      expect(ONEROSTER_SCOPES.has(`${V12}${name}`), name).toBe(true);
    }
    for (const name of ['gradebook-core.readonly', 'gradebook.createpost', 'resource-core.readonly']) {
      expect(ONEROSTER_SCOPES.has(`${V12}${name}`), name).toBe(true);
      expect(ONEROSTER_SCOPES.has(`${V11}${name}`), name).toBe(false);
    }
  });
});
