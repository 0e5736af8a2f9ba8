import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoDistrict, type DemoDistrict } from '../../src/demo/index.ts';
import type { EntityName, RecordTypes } from '../../src/model/records.ts';

type Loaded = { [E in EntityName]: RecordTypes[E][] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const GUARDIAN_ROLES = ['parent', 'guardian', 'relative'];

let district: DemoDistrict;
let all: Loaded;

function load(d: DemoDistrict): Loaded {
  return {
    orgs: [...d.records('orgs')],
    academicSessions: [...d.records('academicSessions')],
    courses: [...d.records('courses')],
    classes: [...d.records('classes')],
    users: [...d.records('users')],
    enrollments: [...d.records('enrollments')],
    demographics: [...d.records('demographics')],
    categories: [...d.records('categories')],
    lineItems: [...d.records('lineItems')],
    results: [...d.records('results')],
    scoreScales: [...d.records('scoreScales')],
    assessmentLineItems: [...d.records('assessmentLineItems')],
    assessmentResults: [...d.records('assessmentResults')],
    resources: [...d.records('resources')],
    classResources: [...d.records('classResources')],
    courseResources: [...d.records('courseResources')],
    userResources: [...d.records('userResources')],
  };
}

function byId<T extends { sourcedId: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((r) => [r.sourcedId, r]));
}

/** Every string, array and value reachable from a record, with its path. */
function* leaves(value: unknown, path: string): Generator<[string, unknown]> {
  if (Array.isArray(value)) {
    yield [path, value];
    for (const [i, v] of value.entries()) yield* leaves(v, `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) yield* leaves(v, `${path}.${k}`);
  } else {
    yield [path, value];
  }
}

beforeAll(() => {
  district = createDemoDistrict({ students: 300, seed: 'integrity', schoolYear: 2026 });
  all = load(district);
});

describe('demo district integrity (300 students)', () => {
  it('yields exactly `counts` records per entity', () => {
    for (const [entity, records] of Object.entries(all)) expect(records.length, entity).toBe(district.counts[entity as EntityName]);
    expect(all.demographics).toHaveLength(300);
  });

  it('uses unique UUID-shaped sourcedIds, active status, no dateLastModified, no empty or null values', () => {
    const seen = new Set<string>();
    for (const [entity, records] of Object.entries(all)) {
      for (const record of records) {
        expect(record.sourcedId, entity).toMatch(UUID);
        expect(record.status).toBe('active');
        expect(record.dateLastModified).toBeUndefined();
        // Demographics share their student's sourcedId by definition.
        if (entity !== 'demographics') {
          expect(seen.has(record.sourcedId), `${entity} ${record.sourcedId}`).toBe(false);
          seen.add(record.sourcedId);
        }
        for (const [path, value] of leaves(record, entity)) {
          expect(value, path).not.toBeNull();
          expect(value, path).not.toBe('');
          if (Array.isArray(value) && !path.endsWith('agents')) expect(value.length, path).toBeGreaterThan(0);
        }
      }
    }
  });

  it('has one district and schools of every kind under it', () => {
    const districts = all.orgs.filter((o) => o.type === 'district');
    expect(districts.map((d) => d.sourcedId)).toEqual([district.districtId]);
    const schools = all.orgs.filter((o) => o.type === 'school');
    for (const school of schools) expect(school.parent).toBe(district.districtId);
    for (const kind of ['Elementary School', 'Middle School', 'High School']) {
      expect(schools.some((s) => s.name.endsWith(kind)), kind).toBe(true);
    }
    expect(new Set(schools.map((s) => s.identifier)).size).toBe(schools.length);
  });

  it('nests grading periods in terms in the school year, with dates in order', () => {
    const sessions = byId(all.academicSessions);
    const types = all.academicSessions.map((s) => s.type).sort();
    expect(types).toEqual(['gradingPeriod', 'gradingPeriod', 'gradingPeriod', 'gradingPeriod', 'schoolYear', 'term', 'term']);
    for (const s of all.academicSessions) {
      expect(s.schoolYear).toBe('2026');
      expect(s.startDate).toMatch(DATE);
      expect(s.startDate < s.endDate).toBe(true);
      if (s.type === 'schoolYear') continue;
      const parent = sessions.get(s.parent ?? '');
      expect(parent?.type).toBe(s.type === 'term' ? 'schoolYear' : 'term');
      expect(parent !== undefined && parent.startDate <= s.startDate && s.endDate <= parent.endDate).toBe(true);
    }
  });

  it('references existing schools, courses and terms from courses and classes', () => {
    const orgs = byId(all.orgs);
    const sessions = byId(all.academicSessions);
    const courses = byId(all.courses);
    for (const course of all.courses) {
      expect(orgs.get(course.org)?.type).toBe('school');
      expect(sessions.get(course.schoolYear ?? '')?.type).toBe('schoolYear');
      expect(course.subjectCodes).toHaveLength(course.subjects?.length ?? -1);
    }
    for (const c of all.classes) {
      expect(orgs.get(c.school)?.type).toBe('school');
      expect(courses.get(c.course)?.org).toBe(c.school);
      for (const term of c.terms) expect(sessions.get(term)?.type).toBe('term');
      expect(['homeroom', 'scheduled']).toContain(c.classType);
      expect(c.subjectCodes).toHaveLength(c.subjects?.length ?? -1);
    }
  });

  it('gives every user exactly one primary role at an existing org, and symmetric guardian links', () => {
    const orgs = byId(all.orgs);
    const users = byId(all.users);
    const demographics = byId(all.demographics);
    for (const user of all.users) {
      expect(user.roles.filter((r) => r.roleType === 'primary')).toHaveLength(1);
      for (const role of user.roles) expect(orgs.has(role.org)).toBe(true);
      expect(orgs.has(user.primaryOrg ?? '')).toBe(true);
      if (user.email !== undefined) expect(user.email).toMatch(/@([a-z]+\.)*example\.(org|com|net|edu)$/);
      const role = user.roles[0]?.role ?? '';
      for (const agent of user.agents ?? []) {
        const other = users.get(agent);
        expect(other, `agent of ${user.sourcedId}`).toBeDefined();
        expect(other?.agents).toContain(user.sourcedId);
        expect(other?.roles[0]?.role === 'student').toBe(role !== 'student');
      }
      if (role === 'student') {
        expect(demographics.has(user.sourcedId)).toBe(true);
        expect(user.agents?.length).toBeGreaterThanOrEqual(1);
        expect(user.userIds).toEqual([{ type: 'studentNumber', identifier: user.identifier }]);
      } else if (GUARDIAN_ROLES.includes(role)) {
        expect(user.agents).toHaveLength(1);
        expect(typeof user.emergencyContact).toBe('boolean');
      } else {
        expect(user.employeeId).toMatch(/^E\d{6}$/);
        expect(user.userIds).toEqual([{ type: 'employeeId', identifier: user.employeeId }]);
      }
    }
    for (const d of all.demographics) expect(users.get(d.sourcedId)?.roles[0]?.role).toBe('student');
    const unique = (values: (string | undefined)[]): number => new Set(values).size;
    expect(unique(all.users.map((u) => u.username))).toBe(all.users.length);
    expect(unique(all.users.filter((u) => u.email !== undefined).map((u) => u.email))).toBe(
      all.users.filter((u) => u.email !== undefined).length,
    );
  });

  it('enrolls students in classes of their own school and grade, with one primary teacher per class', () => {
    const users = byId(all.users);
    const classes = byId(all.classes);
    const sessions = byId(all.academicSessions);
    const teachersOf = new Map<string, number>();
    for (const e of all.enrollments) {
      const c = classes.get(e.class);
      const user = users.get(e.user);
      expect(c).toBeDefined();
      expect(e.school).toBe(c?.school);
      expect(e.beginDate).toBe(sessions.get(c?.terms[0] ?? '')?.startDate);
      expect(e.endDate).toBe(sessions.get(c?.terms.at(-1) ?? '')?.endDate);
      if (e.role === 'teacher') {
        expect(e.primary).toBe(true);
        expect(user?.roles[0]).toMatchObject({ role: 'teacher', org: c?.school });
        teachersOf.set(e.class, (teachersOf.get(e.class) ?? 0) + 1);
      } else {
        expect(e.role).toBe('student');
        expect(user?.roles[0]).toMatchObject({ role: 'student', org: c?.school });
        expect(user?.grades).toEqual(c?.grades);
      }
    }
    for (const c of all.classes) expect(teachersOf.get(c.sourcedId), c.title).toBe(1);
    const withStudents = new Set(all.enrollments.filter((e) => e.role === 'student').map((e) => e.class));
    for (const c of all.classes) expect(withStudents.has(c.sourcedId), c.title).toBe(true);
  });

  it('keeps a student out of two classes in the same period and term', () => {
    const classes = byId(all.classes);
    const slots = new Map<string, Set<string>>();
    for (const e of all.enrollments.filter((x) => x.role === 'student')) {
      const c = classes.get(e.class);
      for (const term of c?.terms ?? []) {
        for (const period of c?.periods ?? []) {
          const taken = slots.get(e.user) ?? new Set<string>();
          const slot = `${term}/${period}`;
          expect(taken.has(slot)).toBe(false);
          taken.add(slot);
          slots.set(e.user, taken);
        }
      }
    }
  });

  it('grades enrolled students on line items of graded classes, within the class terms', () => {
    const classes = byId(all.classes);
    const categories = byId(all.categories);
    const sessions = byId(all.academicSessions);
    const lineItems = byId(all.lineItems);
    const users = byId(all.users);
    expect(all.lineItems.length).toBeGreaterThan(0);
    expect(new Set(all.categories.map((c) => c.title)).size).toBe(all.categories.length);
    for (const item of all.lineItems) {
      const c = classes.get(item.class);
      expect(c?.classType).toBe('scheduled');
      expect(item.school).toBe(c?.school);
      expect(categories.has(item.category)).toBe(true);
      const period = sessions.get(item.gradingPeriod ?? '');
      expect(period?.type).toBe('gradingPeriod');
      expect(c?.terms).toContain(period?.parent);
      expect(item.assignDate).toMatch(DATE_TIME);
      expect(item.dueDate).toMatch(DATE_TIME);
      expect(item.assignDate <= item.dueDate).toBe(true);
      expect(`${period?.startDate}` <= item.assignDate.slice(0, 10) && item.dueDate.slice(0, 10) < `${period?.endDate}`).toBe(
        true,
      );
      expect([item.resultValueMin, item.resultValueMax]).toEqual([0, 100]);
    }
    const enrolled = new Set(all.enrollments.filter((e) => e.role === 'student').map((e) => `${e.user}/${e.class}`));
    const resultsPerItem = new Map<string, number>();
    for (const r of all.results) {
      const item = lineItems.get(r.lineItem);
      expect(item).toBeDefined();
      expect(r.class).toBe(item?.class);
      expect(users.get(r.student)?.roles[0]?.role).toBe('student');
      expect(enrolled.has(`${r.student}/${r.class}`)).toBe(true);
      expect(r.scoreDate).toMatch(DATE);
      expect(['fully graded', 'exempt', 'not submitted']).toContain(r.scoreStatus);
      if (r.scoreStatus === 'fully graded') expect(r.score).toBeGreaterThanOrEqual(0);
      resultsPerItem.set(r.lineItem, (resultsPerItem.get(r.lineItem) ?? 0) + 1);
    }
    const studentsIn = (classId: string): number => all.enrollments.filter((e) => e.class === classId && e.role === 'student').length;
    for (const item of all.lineItems) expect(resultsPerItem.get(item.sourcedId)).toBe(studentsIn(item.class));
    expect(all.results.filter((r) => r.scoreStatus === 'fully graded').length / all.results.length).toBeGreaterThan(0.75);
  });
});
