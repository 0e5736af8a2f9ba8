import type { CategoryRecord, LineItemRecord, ResultRecord } from '../model/records.ts';
import type { CalendarPlan } from './calendar.ts';
import { addDays, daysBetween, midnightUtc, schoolDay } from './dates.ts';
import type { Layout } from './layout.ts';
import { itemAt, randomFor, uuidFor, type SeedWords } from './random.ts';
import { positionsIn, type Schedule } from './schedule.ts';
import { studentId } from './students.ts';

/**
 * Grade book data for about one secondary class in ten: a few district-wide categories, three to six
 * line items per chosen class spread over the grading periods of its terms, and a result for every
 * student of the class. Line items are planned up front (few); results are streamed.
 */

export interface PlannedLineItem {
  readonly index: number;
  readonly classIndex: number;
  readonly record: LineItemRecord;
}

export interface GradebookPlan {
  readonly categories: readonly CategoryRecord[];
  readonly lineItems: readonly PlannedLineItem[];
}

const GRADED_SHARE = 0.1;
const CATEGORIES = [
  { title: 'Homework', weight: 0.2, item: (n: number) => `Homework ${n}` },
  { title: 'Classwork', weight: 0.15, item: (n: number) => `Classwork ${n}` },
  { title: 'Quizzes', weight: 0.2, item: (n: number) => `Quiz ${n}` },
  { title: 'Tests', weight: 0.35, item: (n: number) => `Unit ${n} Test` },
  { title: 'Projects', weight: 0.1, item: (n: number) => `Project ${n}` },
] as const;
const COMMENTS = [
  'Great work!',
  'Nice improvement.',
  'Please see me about corrections.',
  'Show your work next time.',
  'Well organized.',
] as const;

export function planGradebook(
  seed: SeedWords,
  layout: Layout,
  schedule: Schedule,
  calendar: CalendarPlan,
  classIds: readonly string[],
): GradebookPlan {
  const categories = CATEGORIES.map(
    (c, i): CategoryRecord => ({ sourcedId: uuidFor(seed, 'category', i), status: 'active', title: c.title, weight: c.weight }),
  );

  const secondary = schedule.classes.filter((c) => c.period !== undefined);
  let chosen = secondary.filter((c) => randomFor(seed, 'gradebook', c.index).chance(GRADED_SHARE));
  if (chosen.length === 0 && secondary.length > 0) chosen = secondary.slice(0, 1);

  const lineItems: PlannedLineItem[] = [];
  for (const draft of chosen) {
    const rng = randomFor(seed, 'line-items', draft.index);
    const periods = draft.terms.flatMap((t) => itemAt(calendar.terms, t).gradingPeriods);
    const count = rng.between(3, 6);
    const drafts = Array.from({ length: count }, (_, t) => {
      const period = itemAt(periods, Math.floor((t * periods.length) / count));
      const category = rng.weighted(CATEGORIES.map((spec, i): [number, number] => [i, spec.weight]));
      const span = daysBetween(period.startDate, period.endDate);
      const assigned = schoolDay(addDays(period.startDate, rng.int(Math.max(1, span - 9))));
      const due = schoolDay(addDays(assigned, rng.between(2, 7)));
      return { period, category, assigned, due };
    }).sort((a, b) => (a.assigned < b.assigned ? -1 : a.assigned > b.assigned ? 1 : a.category - b.category));

    const numbered = CATEGORIES.map(() => 0);
    for (const { period, category, assigned, due } of drafts) {
      const spec = itemAt(CATEGORIES, category);
      const number = (numbered[category] ?? 0) + 1;
      numbered[category] = number;
      const title = spec.item(number);
      const index = lineItems.length;
      lineItems.push({
        index,
        classIndex: draft.index,
        record: {
          sourcedId: uuidFor(seed, 'lineItem', index),
          status: 'active',
          title,
          ...(spec.title === 'Projects' ? { description: `${draft.spec.title}: ${title.toLowerCase()}` } : {}),
          assignDate: midnightUtc(assigned),
          dueDate: midnightUtc(due),
          class: itemAt(classIds, draft.index),
          school: itemAt(layout.schools, draft.school).sourcedId,
          category: itemAt(categories, category).sourcedId,
          gradingPeriod: period.sourcedId,
          resultValueMin: 0,
          resultValueMax: 100,
        },
      });
    }
  }
  return { categories, lineItems };
}

/** Every student's result on every planned line item, line item by line item. */
export function* gradebookResults(
  seed: SeedWords,
  layout: Layout,
  schedule: Schedule,
  gradebook: GradebookPlan,
): Generator<ResultRecord> {
  for (const item of gradebook.lineItems) {
    const draft = itemAt(schedule.classes, item.classIndex);
    const start = itemAt(layout.cohorts, draft.cohort).start;
    const due = item.record.dueDate.slice(0, 10);
    for (const position of positionsIn(schedule, layout, item.classIndex)) {
      const student = start + position;
      const rng = randomFor(seed, 'result', item.index, student);
      const ability = 62 + randomFor(seed, 'ability', student).float() * 36;
      const roll = rng.float();
      const base = {
        sourcedId: uuidFor(seed, 'result', item.index, student),
        status: 'active' as const,
        lineItem: item.record.sourcedId,
        student: studentId(seed, student),
        class: item.record.class,
        scoreDate: addDays(due, rng.between(0, 4)),
      };
      if (roll < 0.04) {
        // OneRoster 1.1 requires a score even when the student is exempt.
        yield { ...base, scoreStatus: 'exempt', score: 0 };
      } else if (roll < 0.11) {
        yield { ...base, scoreStatus: 'not submitted', score: 0, missing: true };
      } else {
        const noise = (rng.float() + rng.float() + rng.float() - 1.5) * 16;
        const late = rng.chance(0.05);
        const comment = late ? 'Late submission.' : rng.chance(0.08) ? rng.pick(COMMENTS) : undefined;
        yield {
          ...base,
          scoreStatus: 'fully graded',
          score: Math.min(100, Math.max(0, Math.round(ability + noise))),
          ...(comment === undefined ? {} : { comment }),
          ...(late ? { late: true } : {}),
        };
      }
    }
  }
}
