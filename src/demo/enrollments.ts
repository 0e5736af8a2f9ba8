import type { EnrollmentRecord } from '../model/records.ts';
import { itemAt, uuidFor } from './random.ts';
import type { DemoPlan } from './plan.ts';
import { classDates, classesAt } from './schedule.ts';
import { studentId } from './students.ts';

/**
 * Enrollments: first each class's teacher (primary), then every student in their classes, student by
 * student. Student enrollments are recomputed from the schedule, never stored.
 */
export function* enrollments(plan: DemoPlan): Generator<EnrollmentRecord> {
  const { seed, schedule, calendar, layout, staffing } = plan;
  const dates = schedule.classes.map((draft) => classDates(draft, calendar));
  const schoolOf = schedule.classes.map((draft) => itemAt(layout.schools, draft.school).sourcedId);
  const classIdOf = plan.classes.map((c) => c.sourcedId);

  for (const draft of schedule.classes) {
    yield {
      sourcedId: uuidFor(seed, 'teacher-enrollment', draft.index),
      status: 'active',
      user: itemAt(staffing.teacherOf, draft.index),
      class: itemAt(classIdOf, draft.index),
      school: itemAt(schoolOf, draft.index),
      role: 'teacher',
      primary: true,
      ...itemAt(dates, draft.index),
    };
  }

  for (const cohort of layout.cohorts) {
    for (let position = 0; position < cohort.size; position++) {
      const student = cohort.start + position;
      const user = studentId(seed, student);
      for (const c of classesAt(schedule.cohorts, cohort.index, position)) {
        yield {
          sourcedId: uuidFor(seed, 'student-enrollment', student, c),
          status: 'active',
          user,
          class: itemAt(classIdOf, c),
          school: itemAt(schoolOf, c),
          role: 'student',
          ...itemAt(dates, c),
        };
      }
    }
  }
}
