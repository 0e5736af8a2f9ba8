import { GRADES, levelOfGrade, type SchoolLevel } from './catalog.ts';
import { AREA_CODES, DISTRICT_NAMES, PLACE_NAMES, PLACE_PREFIXES, PLACE_SUFFIXES } from './places.ts';
import { itemAt, randomFor, uuidFor, type Random, type SeedWords } from './random.ts';

/**
 * Where the students are: the district, its schools, and the cohorts (one grade at one school).
 * Students are numbered grade by grade and, within a grade, school by school, so a student's index
 * alone finds their cohort and their place in it; nothing per student is stored.
 */

export interface DistrictIdentity {
  readonly sourcedId: string;
  readonly name: string;
  readonly identifier: string;
  readonly staffDomain: string;
  readonly studentDomain: string;
  readonly areaCode: string;
}

export interface SchoolPlan {
  readonly index: number;
  readonly sourcedId: string;
  readonly name: string;
  readonly identifier: string;
  readonly level: SchoolLevel;
  readonly studentCount: number;
  readonly busRoutes: readonly string[];
}

export interface Cohort {
  readonly index: number;
  readonly school: number;
  /** 0 = KG … 12. */
  readonly grade: number;
  /** Index of the cohort's first student. */
  readonly start: number;
  readonly size: number;
}

export interface Layout {
  readonly district: DistrictIdentity;
  readonly schools: readonly SchoolPlan[];
  readonly cohorts: readonly Cohort[];
  readonly studentCount: number;
}

const STUDENTS_PER_SCHOOL: Readonly<Record<SchoolLevel, number>> = { elementary: 500, middle: 800, high: 1500 };
const LEVELS: readonly SchoolLevel[] = ['elementary', 'middle', 'high'];
const LEVEL_DIGIT: Readonly<Record<SchoolLevel, string>> = { elementary: '1', middle: '2', high: '3' };
const LEVEL_TITLE: Readonly<Record<SchoolLevel, string>> = {
  elementary: 'Elementary School',
  middle: 'Middle School',
  high: 'High School',
};
const BUS_RIDERS = 0.6;
const RIDERS_PER_ROUTE = 50;

export function planLayout(seed: SeedWords, students: number): Layout {
  const rng = randomFor(seed, 'layout');
  const named = rng.pick(DISTRICT_NAMES);
  const district: DistrictIdentity = {
    sourcedId: uuidFor(seed, 'org', 0),
    name: named.name,
    identifier: String(rng.between(1_000_000, 5_699_999)),
    staffDomain: `${named.slug}.example.edu`,
    studentDomain: `students.${named.slug}.example.edu`,
    areaCode: rng.pick(AREA_CODES),
  };

  const perGrade = apportion(students, GRADES.map(() => 0.94 + rng.float() * 0.12));
  const schoolsPerLevel = new Map<SchoolLevel, number>();
  for (const level of LEVELS) {
    const total = perGrade.reduce((sum, n, g) => (levelOfGrade(g) === level ? sum + n : sum), 0);
    schoolsPerLevel.set(level, Math.max(1, Math.round(total / STUDENTS_PER_SCHOOL[level])));
  }

  const places = shuffledPlaces(rng);
  const drafts: { level: SchoolLevel; name: string; identifier: string; students: number }[] = [];
  const firstSchoolOf = new Map<SchoolLevel, number>();
  for (const level of LEVELS) {
    firstSchoolOf.set(level, drafts.length);
    const count = schoolsPerLevel.get(level) ?? 1;
    for (let n = 1; n <= count; n++) {
      const place = places[drafts.length];
      if (place === undefined) throw new RangeError('more schools than school names');
      drafts.push({
        level,
        name: `${place} ${LEVEL_TITLE[level]}`,
        identifier: `${LEVEL_DIGIT[level]}${String(n).padStart(3, '0')}`,
        students: 0,
      });
    }
  }

  const cohorts: Cohort[] = [];
  let start = 0;
  perGrade.forEach((inGrade, grade) => {
    const level = levelOfGrade(grade);
    const first = firstSchoolOf.get(level) ?? 0;
    const count = schoolsPerLevel.get(level) ?? 1;
    for (let s = 0; s < count; s++) {
      const size = Math.floor(inGrade / count) + (s < inGrade % count ? 1 : 0);
      if (size === 0) continue;
      cohorts.push({ index: cohorts.length, school: first + s, grade, start, size });
      itemAt(drafts, first + s).students += size;
      start += size;
    }
  });

  let route = 1;
  const schools = drafts.map((d, index): SchoolPlan => {
    const routes = Math.max(1, Math.round((d.students * BUS_RIDERS) / RIDERS_PER_ROUTE));
    const busRoutes = Array.from({ length: routes }, () => `R-${route++}`);
    return {
      index,
      sourcedId: uuidFor(seed, 'org', index + 1),
      name: d.name,
      identifier: d.identifier,
      level: d.level,
      studentCount: d.students,
      busRoutes,
    };
  });

  return { district, schools, cohorts, studentCount: students };
}

/** The cohort of student `index` and the student's position in it. */
export function locateStudent(layout: Layout, index: number): { cohort: Cohort; position: number } {
  const { cohorts } = layout;
  let lo = 0;
  let hi = cohorts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (itemAt(cohorts, mid).start <= index) lo = mid;
    else hi = mid - 1;
  }
  const cohort = itemAt(cohorts, lo);
  return { cohort, position: index - cohort.start };
}

/** Largest-remainder apportionment of `total` over `weights`; ties go to the earlier entry. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    shares[i] = (shares[i] ?? 0) + 1;
  }
  return shares;
}

function shuffledPlaces(rng: Random): string[] {
  const places = [...PLACE_NAMES, ...PLACE_PREFIXES.flatMap((p) => PLACE_SUFFIXES.map((s) => `${p} ${s}`))];
  for (let i = places.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const swap = itemAt(places, i);
    places[i] = itemAt(places, j);
    places[j] = swap;
  }
  return places;
}
