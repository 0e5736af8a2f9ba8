import { describe, expect, it } from 'vitest';
import { runStages } from '../../src/sync/pipeline/index.ts';
import { classes, context, enrollment, enrollments, klass, person, users } from './pipeline-fixture.ts';

describe('filter rules', () => {
  const highSchool = { classes: { match: 'all' as const, conditions: [{ field: 'grades', operator: 'equals' as const, value: '09' }] } };

  it.each([
    [{ field: 'grades', operator: 'equals', value: '09' }, true],
    [{ field: 'grades', operator: 'notEquals', value: '09' }, false],
    [{ field: 'title', operator: 'contains', value: 'ALG' }, true],
    [{ field: 'location', operator: 'empty' }, true],
    [{ field: 'title', operator: 'notEmpty' }, true],
  ] as const)('%o on a class gives keep=%s', (condition, kept) => {
    const ctx = context({ filters: { classes: { match: 'all', conditions: [condition] } } });
    expect(runStages(classes, klass('Algebra', 's1', { grades: ['09', '10'] }), ctx).outcome.kind).toBe(kept ? 'keep' : 'drop');
  });

  it('compares dates as dates, before and after', () => {
    const user = person('u1', [['student', 's1']], { metadata: {} });
    const withBirth = { ...user, dateLastModified: '2026-03-05T10:00:00.000Z' };
    const after = context({ filters: { users: { match: 'all', conditions: [{ field: 'dateLastModified', operator: 'after', value: '2026-03-01' }] } } });
    const before = context({ filters: { users: { match: 'all', conditions: [{ field: 'dateLastModified', operator: 'before', value: '2026-03-05' }] } } });
    expect(runStages(users, withBirth, after).outcome.kind).toBe('keep');
    expect(runStages(users, withBirth, before).outcome.kind).toBe('drop');
  });

  it('matches all or any of the conditions, and looks into roles', () => {
    const teacherAtS2 = person('u1', [['teacher', 's2']]);
    const conditions = [{ field: 'role', operator: 'equals', value: 'teacher' }, { field: 'org', operator: 'equals', value: 's1' }] as const;
    expect(runStages(users, teacherAtS2, context({ filters: { users: { match: 'all', conditions } } })).outcome.kind).toBe('drop');
    expect(runStages(users, teacherAtS2, context({ filters: { users: { match: 'any', conditions } } })).outcome.kind).toBe('keep');
  });

  it('includes linked records when asked: a kept class\'s users pass a user filter they fail', () => {
    const studentsOnly = { match: 'all' as const, conditions: [{ field: 'role', operator: 'equals' as const, value: 'student' }] };
    const teacher = person('t1', [['teacher', 's1']]);
    const linked = { linkedUsers: new Set(['t1']) };
    expect(runStages(users, teacher, context({ filters: { users: studentsOnly } }, linked)).outcome.kind).toBe('drop');
    expect(runStages(users, teacher, context({ filters: { users: { ...studentsOnly, includeLinked: true } } }, linked)).outcome.kind).toBe('keep');
  });

  it('leaves out an enrollment whose class or user was left out, whatever the rules', () => {
    const kept = new Map([['classes', new Set(['c1'])], ['users', new Set(['u1'])]] as const);
    const ctx = context({ filters: highSchool }, { kept });
    expect(runStages(enrollments, enrollment('e1', 'c1', 'u1'), ctx).outcome.kind).toBe('keep');
    expect(runStages(enrollments, enrollment('e2', 'c2', 'u1'), ctx).outcome).toMatchObject({ kind: 'drop', reason: 'enrollment e2: its class c2 is left out' });
    expect(runStages(enrollments, enrollment('e3', 'c1', 'u9'), ctx).outcome).toMatchObject({ kind: 'drop', reason: 'enrollment e3: its user u9 is left out' });
  });
});

describe('staff mode and emergency contacts', () => {
  it('teaching staff only: keeps teachers of kept classes, leaves out other staff, never touches students', () => {
    const ctx = context({ staffMode: 'teaching' }, { teachingUsers: new Set(['t1']) });
    expect(runStages(users, person('t1', [['teacher', 's1']]), ctx).outcome.kind).toBe('keep');
    expect(runStages(users, person('t2', [['teacher', 's1']]), ctx).outcome).toMatchObject({ kind: 'drop', reason: 'staff member t2 teaches no imported class' });
    expect(runStages(users, person('a1', [['administrator', 's1']]), ctx).outcome.kind).toBe('drop');
    expect(runStages(users, person('st1', [['student', 's1']]), ctx).outcome.kind).toBe('keep');
    expect(runStages(users, person('a1', [['administrator', 's1']]), context({ staffMode: 'all' })).outcome.kind).toBe('keep');
  });

  it('emergency contacts off: contact-only people are left out, others lose the flag', () => {
    const off = context({ emergencyContacts: false });
    expect(runStages(users, person('g1', [['guardian', 's1']], { emergencyContact: true }), off).outcome.kind).toBe('drop');
    const teacher = runStages(users, person('t1', [['teacher', 's1'], ['guardian', 's1']], { emergencyContact: true }), off).outcome;
    expect(teacher.kind).toBe('keep');
    expect(teacher.kind === 'keep' && 'emergencyContact' in teacher.record).toBe(false);
    expect(runStages(users, person('g1', [['guardian', 's1']], { emergencyContact: true }), context({})).outcome.kind).toBe('keep');
  });
});
