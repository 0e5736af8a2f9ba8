import type { UserRecord } from '../model/records.ts';
import type { Layout } from './layout.ts';
import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, loginForm } from './names.ts';
import { itemAt, randomFor, scramble, uuidFor, type SeedWords } from './random.ts';
import type { Schedule } from './schedule.ts';

/**
 * The district's staff: a couple of district administrators, and per school a principal, a counselor,
 * one or two aides and as many teachers as its classes need. An elementary teacher has one homeroom;
 * a secondary teacher takes classes of one department, one per period and term, in at most six periods.
 */

export interface Staffing {
  readonly staff: readonly UserRecord[];
  /** Per class index: the teacher's sourcedId, family name and room. */
  readonly teacherOf: readonly string[];
  readonly teacherFamilyNameOf: readonly string[];
  readonly roomOf: readonly string[];
}

const DISTRICT_ADMINISTRATORS = 2;
const TEACHING_PERIODS = 6;
const ROOMS_PER_FLOOR = 30;

interface Teacher {
  readonly record: UserRecord;
  readonly room: string;
  readonly department: string;
  readonly busy: Set<string>;
  readonly periods: Set<number>;
}

export function planStaff(seed: SeedWords, layout: Layout, schedule: Schedule): Staffing {
  const staff: UserRecord[] = [];
  const usernames = new Set<string>();
  const idOffset = randomFor(seed, 'employee-ids').int(1_000_000);

  const hire = (role: string, org: string): UserRecord => {
    const index = staff.length;
    const rng = randomFor(seed, 'staff', index);
    const givenName = rng.pick(rng.chance(0.7) ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
    const familyName = rng.pick(FAMILY_NAMES);
    const base = `${loginForm(givenName).slice(0, 1)}${loginForm(familyName)}`;
    let username = base;
    for (let n = 2; usernames.has(username); n++) username = `${base}${n}`;
    usernames.add(username);
    const employeeId = `E${String(scramble(index, idOffset, 1_000_000)).padStart(6, '0')}`;
    const record: UserRecord = {
      sourcedId: uuidFor(seed, 'staff', index),
      status: 'active',
      enabledUser: true,
      username,
      userIds: [{ type: 'employeeId', identifier: employeeId }],
      givenName,
      familyName,
      roles: [{ roleType: 'primary', role, org }],
      primaryOrg: org,
      identifier: employeeId,
      email: `${username}@${layout.district.staffDomain}`,
      employeeId,
    };
    staff.push(record);
    return record;
  };

  for (let n = 0; n < DISTRICT_ADMINISTRATORS; n++) hire('districtAdministrator', layout.district.sourcedId);

  const classesBySchool = layout.schools.map((): number[] => []);
  for (const draft of schedule.classes) itemAt(classesBySchool, draft.school).push(draft.index);

  const teacherOf: string[] = [];
  const teacherFamilyNameOf: string[] = [];
  const roomOf: string[] = [];
  for (const school of layout.schools) {
    hire('principal', school.sourcedId);
    hire('counselor', school.sourcedId);
    const aides = school.level === 'elementary' ? 2 : randomFor(seed, 'aides', school.index).between(1, 2);
    for (let n = 0; n < aides; n++) hire('aide', school.sourcedId);

    const teachers: Teacher[] = [];
    for (const classIndex of itemAt(classesBySchool, school.index)) {
      const draft = itemAt(schedule.classes, classIndex);
      const slots = draft.terms.map((term) => `${draft.period ?? 0}:${term}`);
      const fits = (t: Teacher): boolean =>
        draft.period !== undefined &&
        t.department === draft.spec.department &&
        slots.every((slot) => !t.busy.has(slot)) &&
        (t.periods.has(draft.period) || t.periods.size < TEACHING_PERIODS);
      let teacher = teachers.find(fits);
      if (teacher === undefined) {
        const n = teachers.length;
        const room = `${Math.floor(n / ROOMS_PER_FLOOR) + 1}${String((n % ROOMS_PER_FLOOR) + 1).padStart(2, '0')}`;
        teacher = {
          record: hire('teacher', school.sourcedId),
          room,
          department: draft.spec.department,
          busy: new Set(),
          periods: new Set(),
        };
        teachers.push(teacher);
      }
      for (const slot of slots) teacher.busy.add(slot);
      if (draft.period !== undefined) teacher.periods.add(draft.period);
      teacherOf[classIndex] = teacher.record.sourcedId;
      teacherFamilyNameOf[classIndex] = teacher.record.familyName;
      roomOf[classIndex] = teacher.room;
    }
  }
  return { staff, teacherOf, teacherFamilyNameOf, roomOf };
}
