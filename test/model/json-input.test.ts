import { describe, expect, it } from 'vitest';
import { entityDecl, jsonToRecord } from '../../src/model/index.ts';

const results = entityDecl('results');
const lineItems = entityDecl('lineItems');
const body = { lineItem: { sourcedId: 'li1' }, student: { sourcedId: 'st-1' }, scoreStatus: 'fully graded', score: 7, scoreDate: '2025-09-09' };

describe('jsonToRecord (body → record, the reverse of recordToJson)', () => {
  it('reads GUIDRefs as ids, takes the URL id, and 1.2 boolean strings as booleans', () => {
    const out = jsonToRecord(results, '1.2', { ...body, late: 'true', missing: 'false', textScore: 'A' }, { at: 'result', sourcedId: 'r9' });
    expect(out).toEqual({ ok: true, record: { sourcedId: 'r9', status: 'active', lineItem: 'li1', student: 'st-1', scoreStatus: 'fully graded', score: 7, scoreDate: '2025-09-09', late: true, missing: false, textScore: 'A' } });
  });

  it('keeps only the version\'s JSON names: 1.1 ignores textScore and late', () => {
    const out = jsonToRecord(results, '1.1', { ...body, late: 'x', textScore: 'A' }, { at: 'result', sourcedId: 'r9' });
    expect(out.ok && out.record).toEqual({ sourcedId: 'r9', status: 'active', lineItem: 'li1', student: 'st-1', scoreStatus: 'fully graded', score: 7, scoreDate: '2025-09-09' });
  });

  it('requires score in 1.1 but not in 1.2', () => {
    const { score: _score, ...noScore } = body;
    expect(jsonToRecord(results, '1.2', noScore, { at: 'result', sourcedId: 'r' }).ok).toBe(true);
    expect(jsonToRecord(results, '1.1', noScore, { at: 'result', sourcedId: 'r' })).toEqual({ ok: false, problems: [{ path: 'result.score', rule: 'required', message: 'is required' }] });
  });

  it('lists every problem with its path and rule', () => {
    const out = jsonToRecord(results, '1.2', { sourcedId: 'other', lineItem: 'li1', scoreStatus: 'done', score: '7', scoreDate: '2025-02-30', late: true, status: 'tobedeleted' }, { at: 'result', sourcedId: 'r' });
    expect(out.ok ? [] : out.problems.map((p) => [p.path, p.rule])).toEqual([
      ['result.sourcedId', 'mismatch'],
      ['result.status', 'vocabulary'],
      ['result.lineItem', 'type'],
      ['result.student', 'required'],
      ['result.scoreStatus', 'vocabulary'],
      ['result.score', 'type'],
      ['result.scoreDate', 'date'],
      ['result.late', 'type'],
    ]);
  });

  it('accepts 1.2 ext: vocabulary tokens, not in 1.1', () => {
    expect(jsonToRecord(results, '1.2', { ...body, scoreStatus: 'ext:graded-late' }, { at: 'result', sourcedId: 'r' }).ok).toBe(true);
    expect(jsonToRecord(results, '1.1', { ...body, scoreStatus: 'ext:graded-late' }, { at: 'result', sourcedId: 'r' }).ok).toBe(false);
  });

  it('checks GUIDRef types in 1.2 and normalizes date-times to UTC', () => {
    const li = { title: 'T', assignDate: '2025-09-01T08:00:00-05:00', dueDate: '2025-09-02T00:00:00Z', class: { sourcedId: 'c1', type: 'class' }, category: { sourcedId: 'cat1', type: 'course' } };
    const out = jsonToRecord(lineItems, '1.2', li, { at: 'lineItem', sourcedId: 'l' });
    expect(out.ok ? [] : out.problems.map((p) => p.path)).toEqual(['lineItem.category']);
    const fixed = jsonToRecord(lineItems, '1.2', { ...li, category: { sourcedId: 'cat1' }, academicSession: { sourcedId: 'gp1' } }, { at: 'lineItem', sourcedId: 'l' });
    expect(fixed.ok && fixed.record).toMatchObject({ assignDate: '2025-09-01T13:00:00.000Z', gradingPeriod: 'gp1' });
  });

  it('needs a sourcedId in the body when the URL has none, and not fields the URL provides', () => {
    const { lineItem: _li, ...noLineItem } = body;
    expect(jsonToRecord(results, '1.2', noLineItem, { at: 'results[0]', provided: new Set(['lineItem']) })).toEqual({ ok: false, problems: [{ path: 'results[0].sourcedId', rule: 'required', message: 'is required' }] });
    expect(jsonToRecord(results, '1.2', 'nope', { at: 'result' }).ok).toBe(false);
  });
});

describe('jsonToRecord of a provider\'s collection record (remote: true)', () => {
  const users = entityDecl('users');
  const user12 = {
    sourcedId: 'u1',
    status: 'active',
    enabledUser: 'true',
    givenName: 'Ana',
    familyName: 'Lee',
    roles: [{ roleType: 'primary', role: 'student', org: { sourcedId: 's1', type: 'org' } }, { roleType: 'secondary', role: 'student', org: { sourcedId: 's2', type: 'org' }, beginDate: '2025-08-20' }],
    userIds: [{ type: 'studentNumber', identifier: '1001' }],
    userProfiles: [{ profileId: 'urn:rosterbridge:userProfile:p1', profileType: 'lms', vendorId: 'v1' }],
  };

  it('reads a 1.2 user\'s roles, userIds and userProfiles', () => {
    const out = jsonToRecord(users, '1.2', user12, { at: 'user', remote: true });
    expect(out.ok && out.record).toMatchObject({
      roles: [{ roleType: 'primary', role: 'student', org: 's1' }, { roleType: 'secondary', role: 'student', org: 's2', beginDate: '2025-08-20' }],
      userIds: [{ type: 'studentNumber', identifier: '1001' }],
      userProfiles: [{ sourcedId: 'p1', profileType: 'lms', vendorId: 'v1' }],
    });
  });

  it('reads 1.1\'s one role and list of orgs as one role per org, the first primary', () => {
    const out = jsonToRecord(users, '1.1', { sourcedId: 'u1', enabledUser: true, username: 'alee', givenName: 'Ana', familyName: 'Lee', role: 'teacher', orgs: [{ sourcedId: 's1' }, { sourcedId: 's2' }] }, { at: 'user', remote: true });
    expect(out.ok && out.record).toMatchObject({ roles: [{ roleType: 'primary', role: 'teacher', org: 's1' }, { roleType: 'secondary', role: 'teacher', org: 's2' }] });
  });

  it('still refuses rostering structures in a write body', () => {
    const out = jsonToRecord(users, '1.2', user12, { at: 'user' });
    expect(out.ok ? [] : out.problems.map((p) => [p.path, p.rule])).toEqual([
      ['user.roles', 'unsupported'],
      ['user.userIds', 'unsupported'],
      ['user.userProfiles', 'unsupported'],
    ]);
  });
});
