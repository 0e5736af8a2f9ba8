import type { DemographicsRecord, UserRecord } from '../model/records.ts';
import { gradeCode } from './catalog.ts';
import { isoDate } from './dates.ts';
import { itemAt, randomFor, scramble, uuidFor, type Random, type SeedWords } from './random.ts';
import { locateStudent, type Layout, type SchoolPlan } from './layout.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, NICKNAMES, loginForm } from './names.ts';
import { FOREIGN_BIRTH_COUNTRIES, PERSONAL_MAIL_DOMAINS, US_BIRTH_PLACES } from './places.ts';

/**
 * One student's records, recomputed from the student's index alone: the student, their demographics
 * and their one or two guardians. Each part draws from its own stream (sharing only the first draws of
 * the student's), so each can be built without the others and the guardian count is known cheaply.
 */

export interface StudentContext {
  readonly seed: SeedWords;
  readonly layout: Layout;
  readonly schoolYear: number;
  readonly numberOffset: number;
}

const STUDENT_NUMBERS = 9_000_000;
const GUARDIAN_NUMBERS = 900_000;

export function studentId(seed: SeedWords, index: number): string {
  return uuidFor(seed, 'student', index);
}

export function guardianCount(seed: SeedWords, index: number): number {
  return randomFor(seed, 'guardian-count', index).chance(0.62) ? 2 : 1;
}

/** What every part of a student's records agrees on, drawn first from the student's stream. */
interface StudentCore {
  readonly sourcedId: string;
  readonly school: SchoolPlan;
  readonly grade: number;
  readonly female: boolean;
  readonly givenName: string;
  readonly familyName: string;
  /** The student's stream, positioned after the draws above. */
  readonly rng: Random;
}

function coreOf(ctx: StudentContext, index: number): StudentCore {
  const { cohort } = locateStudent(ctx.layout, index);
  const rng = randomFor(ctx.seed, 'student', index);
  const female = rng.chance(0.5);
  return {
    sourcedId: studentId(ctx.seed, index),
    school: itemAt(ctx.layout.schools, cohort.school),
    grade: cohort.grade,
    female,
    givenName: rng.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES),
    familyName: rng.pick(FAMILY_NAMES),
    rng,
  };
}

export function studentRecord(ctx: StudentContext, index: number): UserRecord {
  const { sourcedId, school, grade, female, givenName, familyName, rng } = coreOf(ctx, index);
  const middle = rng.chance(0.45) ? rng.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES) : undefined;
  const nickname = NICKNAMES[givenName];
  const preferred = nickname !== undefined && rng.chance(0.3) ? nickname : undefined;
  const studentNumber = String(1_000_000 + scramble(index, ctx.numberOffset, STUDENT_NUMBERS));
  const username = `${loginForm(givenName)}.${loginForm(familyName)}${studentNumber}`;
  const busRoutes = rng.chance(0.6) ? ridesOn(rng, school.busRoutes) : undefined;
  const guardians = guardianCount(ctx.seed, index);
  return {
    sourcedId,
    status: 'active',
    enabledUser: true,
    username,
    userIds: [{ type: 'studentNumber', identifier: studentNumber }],
    givenName,
    familyName,
    ...(middle === undefined || middle === givenName ? {} : { middleName: middle }),
    ...(preferred === undefined ? {} : { preferredGivenName: preferred }),
    roles: [{ roleType: 'primary', role: 'student', org: school.sourcedId }],
    primaryOrg: school.sourcedId,
    identifier: studentNumber,
    email: `${username}@${ctx.layout.district.studentDomain}`,
    agents: Array.from({ length: guardians }, (_, j) => guardianId(ctx.seed, index, j)),
    grades: [gradeCode(grade)],
    ...(busRoutes === undefined ? {} : { busRoutes }),
  };
}

function guardianId(seed: SeedWords, index: number, j: number): string {
  return uuidFor(seed, 'guardian', index, j);
}

/** One route both ways, or for some riders a different afternoon route. */
function ridesOn(rng: Random, routes: readonly string[]): string[] {
  const morning = rng.pick(routes);
  if (routes.length < 2 || !rng.chance(0.2)) return [morning];
  let afternoon = rng.pick(routes);
  while (afternoon === morning) afternoon = rng.pick(routes);
  return [morning, afternoon];
}

/** The student's one or two parents, guardians or relatives. */
export function guardianRecords(ctx: StudentContext, index: number): UserRecord[] {
  const student = coreOf(ctx, index);
  const schoolId = student.school.sourcedId;
  const guardians: UserRecord[] = [];
  let firstFemale = true;
  const count = guardianCount(ctx.seed, index);
  for (let j = 0; j < count; j++) {
    const rng = randomFor(ctx.seed, 'guardian', index, j);
    const role =
      j === 0
        ? rng.weighted([['parent', 0.9], ['guardian', 0.1]] as const)
        : rng.weighted([['parent', 0.78], ['guardian', 0.07], ['relative', 0.15]] as const);
    const female: boolean = j === 0 ? rng.chance(0.62) : rng.chance(firstFemale ? 0.2 : 0.8);
    if (j === 0) firstFemale = female;
    const givenName = rng.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
    const familyName = rng.chance(j === 0 ? 0.88 : 0.72) ? student.familyName : rng.pick(FAMILY_NAMES);
    const number = 100_000 + scramble(index * 2 + j, ctx.numberOffset, GUARDIAN_NUMBERS);
    const username = `${loginForm(givenName)}.${loginForm(familyName)}${number}`;
    const hasEmail = rng.chance(role === 'relative' ? 0.7 : 0.93);
    const phone = `${ctx.layout.district.areaCode}-555-01${String(rng.int(100)).padStart(2, '0')}`;
    const textable = rng.chance(0.6);
    const emergencyContact = rng.chance(role === 'relative' ? 0.4 : role === 'parent' ? 0.92 : 0.85);
    guardians.push({
      sourcedId: guardianId(ctx.seed, index, j),
      status: 'active',
      enabledUser: true,
      username,
      givenName,
      familyName,
      roles: [{ roleType: 'primary', role, org: schoolId }],
      primaryOrg: schoolId,
      ...(hasEmail ? { email: `${username}@${rng.pick(PERSONAL_MAIL_DOMAINS)}` } : {}),
      ...(textable ? { sms: phone } : {}),
      phone,
      agents: [student.sourcedId],
      emergencyContact,
    });
  }
  return guardians;
}

const RACES = [
  ['white', 0.5],
  ['blackOrAfricanAmerican', 0.15],
  ['asian', 0.07],
  ['americanIndianOrAlaskaNative', 0.015],
  ['nativeHawaiianOrOtherPacificIslander', 0.005],
  ['twoOrMore', 0.06],
] as const;
type SingleRace = Exclude<(typeof RACES)[number][0], 'twoOrMore'>;
const SINGLE_RACES: readonly SingleRace[] = RACES.map(([r]) => r).filter((r): r is SingleRace => r !== 'twoOrMore');

export function demographicsRecord(ctx: StudentContext, index: number): DemographicsRecord {
  const { cohort } = locateStudent(ctx.layout, index);
  const grade = cohort.grade;
  // The sex the student's given name was chosen for: the first draw of the student's stream.
  const female = randomFor(ctx.seed, 'student', index).chance(0.5);
  const rng = randomFor(ctx.seed, 'demographics', index);
  // Age on September 1 of the school year's first calendar year: 5 in kindergarten, a few a year older.
  const age = 5 + grade + (rng.chance(0.04) ? 1 : 0);
  const firstYear = ctx.schoolYear - 1;
  const birthDate = isoDate(Date.UTC(firstYear - age - 1, 8, 2) + rng.int(365) * 86_400_000);

  const drawn = rng.weighted(RACES);
  const races = new Set<SingleRace>();
  if (drawn === 'twoOrMore') {
    while (races.size < 2) races.add(rng.pick(SINGLE_RACES));
  } else {
    races.add(drawn);
  }

  const birthplace = rng.float();
  const place = rng.pick(US_BIRTH_PLACES);
  const country = rng.pick(FOREIGN_BIRTH_COUNTRIES);
  return {
    sourcedId: studentId(ctx.seed, index),
    status: 'active',
    birthDate,
    sex: female ? 'female' : 'male',
    americanIndianOrAlaskaNative: races.has('americanIndianOrAlaskaNative'),
    asian: races.has('asian'),
    blackOrAfricanAmerican: races.has('blackOrAfricanAmerican'),
    nativeHawaiianOrOtherPacificIslander: races.has('nativeHawaiianOrOtherPacificIslander'),
    white: races.has('white'),
    demographicRaceTwoOrMoreRaces: races.size > 1,
    hispanicOrLatinoEthnicity: rng.chance(0.27),
    ...(birthplace < 0.6
      ? { countryOfBirthCode: 'US', stateOfBirthAbbreviation: place.state, cityOfBirth: place.city }
      : birthplace < 0.68
        ? { countryOfBirthCode: country }
        : {}),
  };
}
