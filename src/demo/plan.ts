import type { ClassRecord, OrgRecord } from '../model/records.ts';
import { planCalendar, type CalendarPlan } from './calendar.ts';
import { planGradebook, type GradebookPlan } from './gradebook.ts';
import { planLayout, type Layout } from './layout.ts';
import { itemAt, randomFor, seedWordsOf, type SeedWords } from './random.ts';
import { classRecord, planSchedule, type Schedule } from './schedule.ts';
import { planStaff, type Staffing } from './staff.ts';
import type { StudentContext } from './students.ts';

/**
 * The small, eagerly built part of a demo district: everything except the per-student streams.
 * Its size grows with schools and classes (a few megabytes at the largest), never with records per student.
 */
export interface DemoPlan {
  readonly seed: SeedWords;
  readonly schoolYear: number;
  readonly layout: Layout;
  readonly calendar: CalendarPlan;
  readonly orgs: readonly OrgRecord[];
  readonly schedule: Schedule;
  readonly classes: readonly ClassRecord[];
  readonly staffing: Staffing;
  readonly gradebook: GradebookPlan;
  readonly students: StudentContext;
}

export function buildPlan(seed: string | number, studentCount: number, schoolYear: number): DemoPlan {
  const words = seedWordsOf(seed);
  const layout = planLayout(words, studentCount);
  const { district } = layout;
  const calendar = planCalendar(words, district.sourcedId, schoolYear);
  const schedule = planSchedule(words, layout, calendar);
  const staffing = planStaff(words, layout, schedule);
  const classes = schedule.classes.map((draft) =>
    classRecord(
      draft,
      calendar,
      itemAt(layout.schools, draft.school).sourcedId,
      itemAt(staffing.roomOf, draft.index),
      itemAt(staffing.teacherFamilyNameOf, draft.index),
    ),
  );
  const gradebook = planGradebook(
    words,
    layout,
    schedule,
    calendar,
    classes.map((c) => c.sourcedId),
  );
  const orgs: OrgRecord[] = [
    { sourcedId: district.sourcedId, status: 'active', name: district.name, type: 'district', identifier: district.identifier },
    ...layout.schools.map(
      (s): OrgRecord => ({
        sourcedId: s.sourcedId,
        status: 'active',
        name: s.name,
        type: 'school',
        identifier: s.identifier,
        parent: district.sourcedId,
      }),
    ),
  ];
  const students: StudentContext = {
    seed: words,
    layout,
    schoolYear,
    numberOffset: randomFor(words, 'student-numbers').int(1_000_000),
  };
  return { seed: words, schoolYear, layout, calendar, orgs, schedule, classes, staffing, gradebook, students };
}
