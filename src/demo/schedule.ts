import type { ClassRecord, CourseRecord } from '../model/records.ts';
import type { CalendarPlan } from './calendar.ts';
import { CATALOGS, PERIODS_PER_DAY, gradeCode, gradesOfCourse, type CourseSpec, type SlotOption } from './catalog.ts';
import type { Layout } from './layout.ts';
import { itemAt, randomFor, uuidFor, type SeedWords } from './random.ts';

/**
 * Courses and classes, and which students sit in which class, without a per-student table.
 *
 * A cohort (one grade at one school) is split into rotation groups by position (position % groups);
 * group r takes slot s in period (s + r + 3 × grade) % 7 + 1, so a student's classes never share a period. Each
 * (group, slot) has a few sections; the student's section is a function of their place in the group.
 * Elementary cohorts are the degenerate case: one group, one slot (the homeroom), sections = homerooms.
 */

export interface ClassDraft {
  readonly index: number;
  readonly sourcedId: string;
  readonly school: number;
  readonly cohort: number;
  readonly grade: number;
  readonly course: CourseRecord;
  readonly spec: CourseSpec;
  /** 1..7 for secondary classes; undefined for homerooms. */
  readonly period: number | undefined;
  /** Term indexes the class meets in: [0, 1] for a full year, [t] for a semester. */
  readonly terms: readonly number[];
  readonly group: number;
  readonly slot: number;
  readonly section: number;
  /** The class's number among its course's classes at the school (for classCode). */
  readonly number: number;
}

export interface CohortSchedule {
  readonly groups: number;
  /** [group][slot][section] → the indexes of the classes a student of that section takes. */
  readonly sections: readonly (readonly (readonly (readonly number[])[])[])[];
}

export interface Schedule {
  readonly courses: readonly CourseRecord[];
  readonly classes: readonly ClassDraft[];
  readonly cohorts: readonly CohortSchedule[];
  /** Number of students in each class. */
  readonly classSizes: readonly number[];
}

const HOMEROOM_SIZE = 26;
const FULL_SECTION = 24;
const MAX_SECTION = 32;
/** Grades take a slot in different periods, so one teacher can teach a subject to several grades. */
const GRADE_SHIFT = 3;

export function planSchedule(seed: SeedWords, layout: Layout, calendar: CalendarPlan): Schedule {
  const courses: CourseRecord[] = [];
  const courseAt = new Map<string, { record: CourseRecord; spec: CourseSpec }>();
  for (const school of layout.schools) {
    CATALOGS[school.level].courses.forEach((spec, k) => {
      const record: CourseRecord = {
        sourcedId: uuidFor(seed, 'course', school.index, k),
        status: 'active',
        title: spec.title,
        schoolYear: calendar.year.sourcedId,
        courseCode: spec.code,
        grades: gradesOfCourse(school.level, spec.key),
        subjects: [...spec.subjects],
        org: school.sourcedId,
        subjectCodes: [...spec.subjectCodes],
      };
      courses.push(record);
      courseAt.set(`${school.index}/${spec.key}`, { record, spec });
    });
  }

  const classes: ClassDraft[] = [];
  const numbers = new Map<string, number>();
  const addClass = (
    cohortIndex: number,
    slot: { group: number; slot: number; section: number; period: number | undefined },
    key: string,
    terms: readonly number[],
  ): number => {
    const cohort = itemAt(layout.cohorts, cohortIndex);
    const found = courseAt.get(`${cohort.school}/${key}`);
    if (found === undefined) throw new RangeError(`course ${key} is not offered at school ${cohort.school}`);
    const number = (numbers.get(found.record.sourcedId) ?? 0) + 1;
    numbers.set(found.record.sourcedId, number);
    const index = classes.length;
    classes.push({
      index,
      sourcedId: uuidFor(seed, 'class', index),
      school: cohort.school,
      cohort: cohortIndex,
      grade: cohort.grade,
      course: found.record,
      spec: found.spec,
      terms,
      number,
      ...slot,
    });
    return index;
  };

  const cohorts = layout.cohorts.map((cohort): CohortSchedule => {
    const level = itemAt(layout.schools, cohort.school).level;
    if (level === 'elementary') {
      const rooms = Math.max(1, Math.ceil(cohort.size / HOMEROOM_SIZE));
      const key = itemAt(CATALOGS.elementary.courses, cohort.grade).key;
      const sections = Array.from({ length: rooms }, (_, section) => [
        addClass(cohort.index, { group: 0, slot: 0, section, period: undefined }, key, [0, 1]),
      ]);
      return { groups: 1, sections: [[sections]] };
    }
    const rng = randomFor(seed, 'sections', cohort.index);
    const slots = CATALOGS[level].slots.get(cohort.grade) ?? [];
    const groups = rotationGroups(cohort.size);
    const byGroup = Array.from({ length: groups }, (_, group) => {
      const count = Math.max(1, Math.ceil(groupSize(cohort.size, groups, group) / MAX_SECTION));
      return slots.map((options, slot) => {
        const period = ((slot + group + cohort.grade * GRADE_SHIFT) % PERIODS_PER_DAY) + 1;
        return Array.from({ length: count }, (_, section) => {
          const option = rng.weighted(options.map((o): [SlotOption, number] => [o, o.weight]));
          const where = { group, slot, section, period };
          if (option.courses.length === 1) return [addClass(cohort.index, where, option.courses[0], [0, 1])];
          return option.courses.map((key, term) => addClass(cohort.index, where, key, [term]));
        });
      });
    });
    return { groups, sections: byGroup };
  });

  const classSizes = classes.map(() => 0);
  layout.cohorts.forEach((cohort) => {
    for (let position = 0; position < cohort.size; position++) {
      for (const c of classesAt(cohorts, cohort.index, position)) classSizes[c] = (classSizes[c] ?? 0) + 1;
    }
  });
  return { courses, classes, cohorts, classSizes };
}

/**
 * Rotation groups: as many as there are periods (spreading a slot over the day is what lets one teacher
 * teach it all day), unless that leaves sections too small; then fewer, fuller groups.
 */
function rotationGroups(size: number): number {
  let best = 1;
  let bestAverage = 0;
  for (let groups = PERIODS_PER_DAY; groups >= 1; groups--) {
    const perGroup = size / groups;
    const average = perGroup / Math.ceil(perGroup / MAX_SECTION);
    if (average >= FULL_SECTION) return groups;
    if (average > bestAverage) {
      best = groups;
      bestAverage = average;
    }
  }
  return best;
}

/** How many of a cohort's positions fall in rotation group `group`. */
function groupSize(size: number, groups: number, group: number): number {
  return Math.floor((size - group + groups - 1) / groups);
}

/**
 * The section of the j-th student of a group in a slot. Within each block of `sections` consecutive
 * students the map is a rotation, so sections stay balanced while classmates differ from slot to slot.
 */
function sectionOf(j: number, slot: number, sections: number): number {
  return ((j % sections) + slot * Math.floor(j / sections)) % sections;
}

/** The classes (indexes) of the student at `position` in a cohort. */
export function classesAt(cohorts: readonly CohortSchedule[], cohortIndex: number, position: number): number[] {
  const schedule = itemAt(cohorts, cohortIndex);
  const group = position % schedule.groups;
  const j = Math.floor(position / schedule.groups);
  const result: number[] = [];
  itemAt(schedule.sections, group).forEach((sections, slot) => {
    result.push(...itemAt(sections, sectionOf(j, slot, sections.length)));
  });
  return result;
}

/** The cohort positions of the students of a class, in order. */
export function* positionsIn(schedule: Schedule, layout: Layout, classIndex: number): Generator<number> {
  const draft = itemAt(schedule.classes, classIndex);
  const cohort = itemAt(layout.cohorts, draft.cohort);
  const plan = itemAt(schedule.cohorts, draft.cohort);
  const sections = itemAt(itemAt(plan.sections, draft.group), draft.slot).length;
  const members = groupSize(cohort.size, plan.groups, draft.group);
  for (let j = 0; j < members; j++) {
    if (sectionOf(j, draft.slot, sections) === draft.section) yield j * plan.groups + draft.group;
  }
}

/** The class record, once staffing has given the class a room and (for homerooms) a teacher's name. */
export function classRecord(
  draft: ClassDraft,
  calendar: CalendarPlan,
  schoolId: string,
  room: string,
  teacherFamilyName: string,
): ClassRecord {
  const grade = gradeCode(draft.grade);
  const homeroom = draft.period === undefined;
  const gradeTitle = draft.grade === 0 ? 'Kindergarten' : `Grade ${draft.grade}`;
  const title = homeroom ? `${gradeTitle} - ${teacherFamilyName}` : `${draft.spec.title} - Period ${draft.period}`;
  return {
    sourcedId: draft.sourcedId,
    status: 'active',
    title,
    classCode: `${draft.spec.code}-${String(draft.number).padStart(2, '0')}`,
    classType: homeroom ? 'homeroom' : 'scheduled',
    location: `Room ${room}`,
    grades: [grade],
    subjects: [...draft.spec.subjects],
    course: draft.course.sourcedId,
    school: schoolId,
    terms: draft.terms.map((t) => itemAt(calendar.terms, t).sourcedId),
    subjectCodes: [...draft.spec.subjectCodes],
    ...(draft.period === undefined ? {} : { periods: [String(draft.period)] }),
  };
}

/** First and last (exclusive) day of the terms a class meets in. */
export function classDates(draft: ClassDraft, calendar: CalendarPlan): { beginDate: string; endDate: string } {
  const first = itemAt(calendar.terms, itemAt(draft.terms, 0));
  const last = itemAt(calendar.terms, itemAt(draft.terms, draft.terms.length - 1));
  return { beginDate: first.startDate, endDate: last.endDate };
}
