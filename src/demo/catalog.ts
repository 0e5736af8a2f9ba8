/**
 * What each kind of school teaches. Elementary grades have one self-contained homeroom course; secondary
 * grades fill seven periods, each from a slot of weighted options: a full-year course, or two semester
 * courses taught back to back in the same period. Subject codes are SCED-like (secondary ones follow
 * SCED; the prior-to-secondary ones only imitate its shape).
 */

export const GRADES = ['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const;
export type GradeCode = (typeof GRADES)[number];

export type SchoolLevel = 'elementary' | 'middle' | 'high';

export function levelOfGrade(grade: number): SchoolLevel {
  if (grade <= 5) return 'elementary';
  return grade <= 8 ? 'middle' : 'high';
}

export interface CourseSpec {
  readonly key: string;
  readonly title: string;
  readonly code: string;
  readonly subjects: readonly string[];
  readonly subjectCodes: readonly string[];
  /** Who teaches it: a secondary teacher only takes classes of their department. */
  readonly department: string;
}

export interface SlotOption {
  readonly weight: number;
  /** One full-year course, or [first-semester course, second-semester course]. */
  readonly courses: readonly [string] | readonly [string, string];
}

export interface LevelCatalog {
  readonly courses: readonly CourseSpec[];
  /** grade number → its seven period slots (secondary only). */
  readonly slots: ReadonlyMap<number, readonly (readonly SlotOption[])[]>;
}

export const PERIODS_PER_DAY = 7;

function course(key: string, title: string, code: string, subject: string, sced: string, department: string): CourseSpec {
  return { key, title, code, subjects: [subject], subjectCodes: [sced], department };
}

const only = (key: string): SlotOption[] => [{ weight: 1, courses: [key] }];
const year = (key: string, weight: number): SlotOption => ({ weight, courses: [key] });
const split = (first: string, second: string, weight: number): SlotOption => ({ weight, courses: [first, second] });

function homeroomCourse(grade: number): CourseSpec {
  const code = gradeCode(grade);
  return {
    key: `homeroom-${code}`,
    title: grade === 0 ? 'Kindergarten Homeroom' : `Grade ${grade} Homeroom`,
    code: `HR-${code}`,
    subjects: ['English Language Arts', 'Mathematics', 'Science', 'Social Studies'],
    subjectCodes: ['51010', '52010', '53010', '54010'],
    department: 'Elementary',
  };
}

export function gradeCode(grade: number): GradeCode {
  const code = GRADES[grade];
  if (code === undefined) throw new RangeError(`no grade ${grade}`);
  return code;
}

const ELEMENTARY: LevelCatalog = {
  courses: [0, 1, 2, 3, 4, 5].map(homeroomCourse),
  slots: new Map(),
};

const MIDDLE_ELECTIVES = (first: string, second: string): SlotOption[] => [
  split(first, second, 0.45),
  year('band-ms', 0.3),
  year('choir-ms', 0.25),
];

const MIDDLE: LevelCatalog = {
  courses: [
    ...[6, 7, 8].flatMap((g) => [
      course(`ela${g}`, `English Language Arts ${g}`, `ELA${g}`, 'English Language Arts', `5103${g}`, 'English'),
      course(`math${g}`, `Mathematics ${g}`, `MATH${g}`, 'Mathematics', `5203${g}`, 'Mathematics'),
      course(`pe${g}`, `Physical Education ${g}`, `PE${g}`, 'Physical Education', `5803${g}`, 'PE & Health'),
    ]),
    course('alg1-ms', 'Algebra I', 'ALG1', 'Mathematics', '02052', 'Mathematics'),
    course('sci6', 'Earth Science 6', 'SCI6', 'Science', '53036', 'Science'),
    course('sci7', 'Life Science 7', 'SCI7', 'Science', '53037', 'Science'),
    course('sci8', 'Physical Science 8', 'SCI8', 'Science', '53038', 'Science'),
    course('ss6', 'World Geography 6', 'SS6', 'Social Studies', '54036', 'Social Studies'),
    course('ss7', 'World History 7', 'SS7', 'Social Studies', '54037', 'Social Studies'),
    course('ss8', 'U.S. History 8', 'SS8', 'Social Studies', '54038', 'Social Studies'),
    course('wl6', 'World Language Exploration', 'WL6', 'World Languages', '56030', 'World Languages'),
    course('span7', 'Spanish 7', 'SPA7', 'World Languages', '56107', 'World Languages'),
    course('span8', 'Spanish 8', 'SPA8', 'World Languages', '56108', 'World Languages'),
    course('fren7', 'French 7', 'FRE7', 'World Languages', '56207', 'World Languages'),
    course('fren8', 'French 8', 'FRE8', 'World Languages', '56208', 'World Languages'),
    course('art-ms', 'Art', 'ART-MS', 'Fine Arts', '55030', 'Fine Arts'),
    course('music-ms', 'General Music', 'MUS-MS', 'Fine Arts', '55031', 'Fine Arts'),
    course('band-ms', 'Band', 'BAND-MS', 'Fine Arts', '55032', 'Fine Arts'),
    course('choir-ms', 'Choir', 'CHOIR-MS', 'Fine Arts', '55033', 'Fine Arts'),
    course('tech-ms', 'Technology Exploration', 'TECH-MS', 'Technology', '60030', 'Technology'),
  ],
  slots: new Map([
    [6, [only('ela6'), only('math6'), only('sci6'), only('ss6'), only('wl6'), only('pe6'), MIDDLE_ELECTIVES('art-ms', 'music-ms')]],
    [7, [only('ela7'), only('math7'), only('sci7'), only('ss7'), [year('span7', 0.7), year('fren7', 0.3)], only('pe7'), MIDDLE_ELECTIVES('art-ms', 'tech-ms')]],
    [8, [only('ela8'), [year('math8', 0.75), year('alg1-ms', 0.25)], only('sci8'), only('ss8'), [year('span8', 0.7), year('fren8', 0.3)], only('pe8'), MIDDLE_ELECTIVES('tech-ms', 'music-ms')]],
  ]),
};

const HIGH_ELECTIVES: SlotOption[] = [
  year('art1', 0.25),
  year('band', 0.2),
  year('choir', 0.15),
  year('csp', 0.25),
  split('photo', 'ceramics', 0.15),
];

const HIGH: LevelCatalog = {
  courses: [
    course('eng9', 'English 9', 'ENG9', 'English Language Arts', '01001', 'English'),
    course('eng10', 'English 10', 'ENG10', 'English Language Arts', '01002', 'English'),
    course('eng11', 'English 11', 'ENG11', 'English Language Arts', '01003', 'English'),
    course('eng12', 'English 12', 'ENG12', 'English Language Arts', '01004', 'English'),
    course('alg1', 'Algebra I', 'ALG1', 'Mathematics', '02052', 'Mathematics'),
    course('geom', 'Geometry', 'GEOM', 'Mathematics', '02072', 'Mathematics'),
    course('alg2', 'Algebra II', 'ALG2', 'Mathematics', '02056', 'Mathematics'),
    course('precalc', 'Pre-Calculus', 'PRECALC', 'Mathematics', '02110', 'Mathematics'),
    course('stats', 'Probability and Statistics', 'STATS', 'Mathematics', '02201', 'Mathematics'),
    course('bio', 'Biology', 'BIO', 'Science', '03051', 'Science'),
    course('chem', 'Chemistry', 'CHEM', 'Science', '03101', 'Science'),
    course('phys', 'Physics', 'PHYS', 'Science', '03151', 'Science'),
    course('envsci', 'Environmental Science', 'ENVSCI', 'Science', '03003', 'Science'),
    course('anat', 'Anatomy and Physiology', 'ANAT', 'Science', '03053', 'Science'),
    course('apbio', 'AP Biology', 'APBIO', 'Science', '03056', 'Science'),
    course('wgeo', 'World Geography', 'WGEO', 'Social Studies', '04001', 'Social Studies'),
    course('whist', 'World History', 'WHIST', 'Social Studies', '04051', 'Social Studies'),
    course('ushist', 'U.S. History', 'USHIST', 'Social Studies', '04101', 'Social Studies'),
    course('gov', 'U.S. Government', 'GOV', 'Social Studies', '04151', 'Social Studies'),
    course('econ', 'Economics', 'ECON', 'Social Studies', '04201', 'Social Studies'),
    course('span1', 'Spanish I', 'SPA1', 'World Languages', '06101', 'World Languages'),
    course('span2', 'Spanish II', 'SPA2', 'World Languages', '06102', 'World Languages'),
    course('span3', 'Spanish III', 'SPA3', 'World Languages', '06103', 'World Languages'),
    course('span4', 'Spanish IV', 'SPA4', 'World Languages', '06104', 'World Languages'),
    course('fren1', 'French I', 'FRE1', 'World Languages', '06201', 'World Languages'),
    course('fren2', 'French II', 'FRE2', 'World Languages', '06202', 'World Languages'),
    course('fren3', 'French III', 'FRE3', 'World Languages', '06203', 'World Languages'),
    course('fren4', 'French IV', 'FRE4', 'World Languages', '06204', 'World Languages'),
    course('pe1', 'Physical Education I', 'PE1', 'Physical Education', '08001', 'PE & Health'),
    course('pe2', 'Physical Education II', 'PE2', 'Physical Education', '08001', 'PE & Health'),
    course('health', 'Health', 'HLTH', 'Health Education', '08051', 'PE & Health'),
    course('weights', 'Weight Training', 'WEIGHTS', 'Physical Education', '08009', 'PE & Health'),
    course('teamsports', 'Team Sports', 'TEAMSPORTS', 'Physical Education', '08005', 'PE & Health'),
    course('art1', 'Art I', 'ART1', 'Fine Arts', '05154', 'Fine Arts'),
    course('band', 'Concert Band', 'BAND', 'Fine Arts', '05101', 'Fine Arts'),
    course('choir', 'Choir', 'CHOIR', 'Fine Arts', '05110', 'Fine Arts'),
    course('photo', 'Digital Photography', 'PHOTO', 'Fine Arts', '05169', 'Fine Arts'),
    course('ceramics', 'Ceramics', 'CERAMICS', 'Fine Arts', '05162', 'Fine Arts'),
    course('csp', 'Computer Science Principles', 'CSP', 'Computer Science', '10019', 'Technology'),
  ],
  slots: new Map([
    [9, [only('eng9'), [year('alg1', 0.7), year('geom', 0.3)], only('bio'), only('wgeo'), [year('span1', 0.7), year('fren1', 0.3)], [split('pe1', 'health', 1)], HIGH_ELECTIVES]],
    [10, [only('eng10'), [year('geom', 0.7), year('alg2', 0.3)], only('chem'), only('whist'), [year('span2', 0.7), year('fren2', 0.3)], only('pe2'), HIGH_ELECTIVES]],
    [11, [only('eng11'), [year('alg2', 0.65), year('precalc', 0.35)], [year('phys', 0.5), year('envsci', 0.5)], only('ushist'), [year('span3', 0.7), year('fren3', 0.3)], [year('weights', 0.5), year('teamsports', 0.5)], HIGH_ELECTIVES]],
    [12, [only('eng12'), [year('precalc', 0.5), year('stats', 0.5)], [year('anat', 0.6), year('apbio', 0.4)], [split('gov', 'econ', 1)], [year('span4', 0.6), year('fren4', 0.4)], [year('weights', 0.5), year('teamsports', 0.5)], HIGH_ELECTIVES]],
  ]),
};

export const CATALOGS: Readonly<Record<SchoolLevel, LevelCatalog>> = {
  elementary: ELEMENTARY,
  middle: MIDDLE,
  high: HIGH,
};

/** The grades a level's course is offered to: its homeroom grade, or every grade whose slots name it. */
export function gradesOfCourse(level: SchoolLevel, key: string): GradeCode[] {
  if (level === 'elementary') return [gradeCode(ELEMENTARY.courses.findIndex((c) => c.key === key))];
  const grades: GradeCode[] = [];
  for (const [grade, slots] of CATALOGS[level].slots) {
    if (slots.some((options) => options.some((o) => (o.courses as readonly string[]).includes(key)))) {
      grades.push(gradeCode(grade));
    }
  }
  return grades;
}
