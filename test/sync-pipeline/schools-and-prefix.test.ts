import { describe, expect, it } from 'vitest';
import { autoMapSchools, runStages } from '../../src/sync/pipeline/index.ts';
import { classes, context, courses, enrollment, enrollments, klass, orgs, person, school, users } from './pipeline-fixture.ts';

describe('schools mapping', () => {
  const selectS1S2 = context({ schools: { selected: ['s1', 's2'] } });

  it('leaves out unselected schools and everything that belongs to them', () => {
    expect(runStages(orgs, school('s3'), selectS1S2).outcome).toMatchObject({ kind: 'drop', reason: 'school s3 is not selected' });
    expect(runStages(orgs, school('s1'), selectS1S2).outcome.kind).toBe('keep');
    expect(runStages(classes, klass('c3', 's3'), selectS1S2).outcome.kind).toBe('drop');
    expect(runStages(enrollments, enrollment('e3', 'c3', 'u3', 'student', 's3'), selectS1S2).outcome.kind).toBe('drop');
    expect(runStages(courses, { sourcedId: 'co3', status: 'active', title: 'X', org: 's3' }, selectS1S2).outcome.kind).toBe('drop');
    // The district is not a school: it always comes in.
    expect(runStages(orgs, { sourcedId: 'd1', status: 'active', name: 'D', type: 'district' }, selectS1S2).outcome.kind).toBe('keep');
  });

  it('keeps a user\'s roles at selected schools only, and leaves out a user with none', () => {
    const both = runStages(users, person('u1', [['teacher', 's3'], ['teacher', 's1']]), selectS1S2).outcome;
    expect(both.kind === 'keep' && both.record).toMatchObject({ roles: [{ org: 's1' }] });
    expect(runStages(users, person('u2', [['student', 's3']]), selectS1S2).outcome.kind).toBe('drop');
  });

  it('maps a source school onto a hub school and merges several into one', () => {
    const ctx = context({ schools: { map: { s1: 'hub-north', s2: 'hub-north' } } });
    expect(runStages(orgs, school('s1'), ctx).outcome).toMatchObject({ kind: 'drop', reason: 'school s1 is mapped onto hub-north' });
    const c = runStages(classes, klass('c1', 's2'), ctx);
    expect(c.outcome.kind === 'keep' && c.outcome.record).toMatchObject({ school: 'hub-north' });
    expect(c.rules).toEqual(['schools mapping']);
    const u = runStages(users, person('u1', [['student', 's1']], { primaryOrg: 's2' }), ctx).outcome;
    expect(u.kind === 'keep' && u.record).toMatchObject({ roles: [{ org: 'hub-north' }], primaryOrg: 'hub-north' });
  });

  it('auto-maps by identifier or by name, and leaves ambiguous or unmatched schools alone', () => {
    const source = [school('s1', 'North High', '0101'), school('s2', 'South  Middle', '0102'), school('s3', 'East', '0103')];
    const hub = [school('h1', 'north high', '9901'), school('h2', 'South Middle', '0102'), school('h3', 'East', '0103'), school('h4', 'EAST', '7')];
    expect(autoMapSchools(source, hub, 'identifier')).toEqual({ s2: 'h2', s3: 'h3' });
    expect(autoMapSchools(source, hub, 'name')).toEqual({ s1: 'h1', s2: 'h2' });
  });
});

describe('SIS ID prefix', () => {
  it('prefixes every sourcedId and every id a record references', () => {
    const ctx = context({ idPrefix: 'sky-' });
    const e = runStages(enrollments, enrollment('e1', 'c1', 'u1'), ctx).outcome;
    expect(e.kind === 'keep' && e.record).toMatchObject({ sourcedId: 'sky-e1', class: 'sky-c1', user: 'sky-u1', school: 'sky-s1' });
    const c = runStages(classes, klass('c1', 's1'), ctx).outcome;
    expect(c.kind === 'keep' && c.record).toMatchObject({ sourcedId: 'sky-c1', course: 'sky-co1', terms: ['sky-t1'] });
    const u = runStages(users, person('u1', [['student', 's1']], { agents: ['p1'] }), ctx).outcome;
    expect(u.kind === 'keep' && u.record).toMatchObject({ sourcedId: 'sky-u1', roles: [{ org: 'sky-s1' }], agents: ['sky-p1'] });
  });

  it('leaves a hub school that a mapping points at unprefixed', () => {
    const ctx = context({ idPrefix: 'sky-', schools: { map: { s1: 'hub-north' } } });
    const c = runStages(classes, klass('c1', 's1'), ctx).outcome;
    expect(c.kind === 'keep' && c.record).toMatchObject({ sourcedId: 'sky-c1', school: 'hub-north' });
  });
});
