import type { AcademicSessionRecord } from '../model/records.ts';
import { addDays, weekdayOnOrAfter } from './dates.ts';
import { uuidFor, type SeedWords } from './random.ts';

/**
 * The district calendar: one school year, two semester terms, four grading periods. End dates are
 * exclusive (OneRoster) and fall on a Saturday, with the next session starting the following week,
 * so readers that take end dates as inclusive still see no overlap.
 */

export interface SessionSpan {
  readonly sourcedId: string;
  readonly startDate: string;
  readonly endDate: string;
}

export interface TermPlan extends SessionSpan {
  readonly gradingPeriods: readonly SessionSpan[];
}

export interface CalendarPlan {
  readonly year: SessionSpan;
  readonly terms: readonly [TermPlan, TermPlan];
  readonly records: readonly AcademicSessionRecord[];
}

const SATURDAY = 6;
const WEDNESDAY = 3;

export function planCalendar(seed: SeedWords, _districtId: string, schoolYear: number): CalendarPlan {
  const first = schoolYear - 1;
  const id = (n: number): string => uuidFor(seed, 'academicSession', n);

  const yearStart = weekdayOnOrAfter(first, 8, 19, WEDNESDAY);
  const q1End = weekdayOnOrAfter(first, 10, 18, SATURDAY);
  const s1End = weekdayOnOrAfter(schoolYear, 1, 10, SATURDAY);
  const s2Start = addDays(s1End, 3);
  const q3End = weekdayOnOrAfter(schoolYear, 3, 21, SATURDAY);
  const yearEnd = weekdayOnOrAfter(schoolYear, 6, 5, SATURDAY);

  const year: SessionSpan = { sourcedId: id(0), startDate: yearStart, endDate: yearEnd };
  const terms: [TermPlan, TermPlan] = [
    {
      sourcedId: id(1),
      startDate: yearStart,
      endDate: s1End,
      gradingPeriods: [
        { sourcedId: id(3), startDate: yearStart, endDate: q1End },
        { sourcedId: id(4), startDate: addDays(q1End, 2), endDate: s1End },
      ],
    },
    {
      sourcedId: id(2),
      startDate: s2Start,
      endDate: yearEnd,
      gradingPeriods: [
        { sourcedId: id(5), startDate: s2Start, endDate: q3End },
        { sourcedId: id(6), startDate: addDays(q3End, 2), endDate: yearEnd },
      ],
    },
  ];

  const label = `${first}-${schoolYear}`;
  const session = (
    span: SessionSpan,
    title: string,
    type: string,
    parent?: string,
  ): AcademicSessionRecord => ({
    sourcedId: span.sourcedId,
    status: 'active',
    title,
    type,
    startDate: span.startDate,
    endDate: span.endDate,
    ...(parent === undefined ? {} : { parent }),
    schoolYear: String(schoolYear),
  });

  const records: AcademicSessionRecord[] = [session(year, label, 'schoolYear')];
  terms.forEach((term, t) => records.push(session(term, `Semester ${t + 1} ${label}`, 'term', year.sourcedId)));
  terms.forEach((term, t) =>
    term.gradingPeriods.forEach((gp, g) =>
      records.push(session(gp, `Quarter ${t * 2 + g + 1} ${label}`, 'gradingPeriod', term.sourcedId)),
    ),
  );
  return { year, terms, records };
}
