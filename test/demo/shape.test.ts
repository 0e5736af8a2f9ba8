import { describe, expect, it } from 'vitest';
import { createDemoDistrict } from '../../src/demo/index.ts';

const SECONDARY = ['06', '07', '08', '09', '10', '11', '12'];

describe('demo district shape', () => {
  it('has at least one school of each kind even for five students', () => {
    const district = createDemoDistrict({ students: 5, schoolYear: 2026 });
    const names = [...district.records('orgs')].filter((o) => o.type === 'school').map((o) => o.name);
    expect(names.filter((n) => n.endsWith(' Elementary School'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith(' Middle School'))).toHaveLength(1);
    expect(names.filter((n) => n.endsWith(' High School'))).toHaveLength(1);
    expect([...district.records('users')].filter((u) => u.roles[0]?.role === 'student')).toHaveLength(5);
    for (const [entity, count] of Object.entries(district.counts)) {
      expect([...district.records(entity as keyof typeof district.counts)].length, entity).toBe(count);
    }
  });

  it('spreads students evenly over KG-12 and sizes schools by level', () => {
    const district = createDemoDistrict({ students: 13_000, seed: 'sizes', schoolYear: 2026 });
    const perGrade = new Map<string, number>();
    for (const u of district.records('users')) {
      const grade = u.grades?.[0];
      if (grade !== undefined) perGrade.set(grade, (perGrade.get(grade) ?? 0) + 1);
    }
    expect(perGrade.size).toBe(13);
    for (const n of perGrade.values()) expect(Math.abs(n - 1000)).toBeLessThan(100);
    const schools = [...district.records('orgs')].filter((o) => o.type === 'school').map((o) => o.name);
    // 6000 elementary students at ~500, 3000 middle at ~800, 4000 high at ~1500.
    expect(schools.filter((n) => n.endsWith('Elementary School')).length).toBe(12);
    expect(schools.filter((n) => n.endsWith('Middle School')).length).toBe(4);
    expect(schools.filter((n) => n.endsWith('High School')).length).toBe(3);
    expect(new Set(schools).size).toBe(schools.length);
  });

  it('gives secondary students about seven classes and elementary students one homeroom', () => {
    const district = createDemoDistrict({ students: 3000, seed: 'schedule', schoolYear: 2026 });
    const classes = new Map([...district.records('classes')].map((c) => [c.sourcedId, c]));
    const gradeOf = new Map<string, string>();
    for (const u of district.records('users')) if (u.grades?.[0] !== undefined) gradeOf.set(u.sourcedId, u.grades[0]);
    const perStudent = new Map<string, string[]>();
    const classSize = new Map<string, number>();
    for (const e of district.records('enrollments')) {
      if (e.role !== 'student') continue;
      perStudent.set(e.user, [...(perStudent.get(e.user) ?? []), e.class]);
      classSize.set(e.class, (classSize.get(e.class) ?? 0) + 1);
    }
    expect(perStudent.size).toBe(3000);
    const secondaryCounts: number[] = [];
    for (const [student, enrolled] of perStudent) {
      if (SECONDARY.includes(gradeOf.get(student) ?? '')) {
        expect(enrolled.length).toBeGreaterThanOrEqual(7);
        expect(enrolled.length).toBeLessThanOrEqual(9);
        expect(enrolled.every((c) => classes.get(c)?.classType === 'scheduled')).toBe(true);
        secondaryCounts.push(enrolled.length);
      } else {
        expect(enrolled.map((c) => classes.get(c)?.classType)).toEqual(['homeroom']);
      }
    }
    const mean = secondaryCounts.reduce((a, b) => a + b, 0) / secondaryCounts.length;
    expect(mean).toBeGreaterThan(7);
    expect(mean).toBeLessThan(8.2);
    for (const [id, size] of classSize) {
      const homeroom = classes.get(id)?.classType === 'homeroom';
      expect(size).toBeLessThanOrEqual(homeroom ? 26 : 32);
    }
    const sizes = [...classSize.values()];
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeGreaterThan(20);
  });

  it('gives secondary teachers several classes and elementary teachers one homeroom', () => {
    const district = createDemoDistrict({ students: 3000, seed: 'staff', schoolYear: 2026 });
    const classes = new Map([...district.records('classes')].map((c) => [c.sourcedId, c]));
    const taught = new Map<string, string[]>();
    for (const e of district.records('enrollments')) {
      if (e.role === 'teacher') taught.set(e.user, [...(taught.get(e.user) ?? []), e.class]);
    }
    const secondaryLoads: number[] = [];
    for (const list of taught.values()) {
      if (list.some((c) => classes.get(c)?.classType === 'homeroom')) expect(list).toHaveLength(1);
      else secondaryLoads.push(new Set(list.map((c) => classes.get(c)?.periods?.[0])).size);
    }
    for (const periods of secondaryLoads) expect(periods).toBeLessThanOrEqual(6);
    expect(secondaryLoads.reduce((a, b) => a + b, 0) / secondaryLoads.length).toBeGreaterThan(4);
  });

  it('gives students birth dates that fit their grade, guardians, and bus routes for most', () => {
    const district = createDemoDistrict({ students: 2000, seed: 'people', schoolYear: 2026 });
    const birth = new Map([...district.records('demographics')].map((d) => [d.sourcedId, d.birthDate ?? '']));
    let riders = 0;
    let students = 0;
    let guardians = 0;
    for (const u of district.records('users')) {
      const role = u.roles[0]?.role;
      if (role === 'student') {
        students++;
        const grade = u.grades?.[0] === 'KG' ? 0 : Number(u.grades?.[0]);
        const born = birth.get(u.sourcedId) ?? '';
        const ageOnSeptFirst = 2025 - Number(born.slice(0, 4)) - (born.slice(5) > '09-01' ? 1 : 0);
        expect(ageOnSeptFirst - 5 - grade).toBeGreaterThanOrEqual(0);
        expect(ageOnSeptFirst - 5 - grade).toBeLessThanOrEqual(1);
        expect([1, 2]).toContain(u.agents?.length);
        if (u.busRoutes !== undefined) {
          riders++;
          for (const route of u.busRoutes) expect(route).toMatch(/^R-\d+$/);
        }
      } else if (role === 'parent' || role === 'guardian' || role === 'relative') {
        guardians++;
        expect(u.phone).toMatch(/^\d{3}-555-01\d{2}$/);
      }
    }
    expect(riders / students).toBeGreaterThan(0.5);
    expect(riders / students).toBeLessThan(0.7);
    expect(guardians / students).toBeGreaterThan(1.4);
    expect(guardians / students).toBeLessThan(1.8);
  });
});
