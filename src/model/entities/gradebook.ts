import { entity } from '../entity.ts';
import { field, jsonOnly, t } from '../fields.ts';
import { scoreStatusVocab } from '../vocabularies.ts';

export const categories = entity({
  name: 'categories',
  singular: 'category',
  refType: { '1.1': 'category', '1.2': 'category' },
  service: 'gradebook',
  fields: [
    field('title', t.string, { required: true }),
    field('weight', t.number, { only: '1.2' }),
  ],
});

export const lineItems = entity({
  name: 'lineItems',
  singular: 'lineItem',
  refType: { '1.1': 'lineItem', '1.2': 'lineItem' },
  service: 'gradebook',
  fields: [
    field('title', t.string, { required: true }),
    field('description', t.string),
    field('assignDate', t.datetime, { required: true }),
    field('dueDate', t.datetime, { required: true }),
    field('class', t.ref('classes'), { required: true, indexed: true }),
    field('category', t.ref('categories'), { required: true, indexed: true }),
    // The 1.2 CSV renamed the column; 1.2 JSON keeps `gradingPeriod` beside the new `academicSession`.
    field('gradingPeriod', t.ref('academicSessions'), {
      required: { '1.1': true, '1.2': false },
      csv: { '1.1': ['gradingPeriodSourcedId'], '1.2': ['academicSessionSourcedId'] },
      inputAliases: { '1.2': ['academicSession'] },
    }),
    field('resultValueMin', t.number, { required: { '1.1': true, '1.2': false } }),
    field('resultValueMax', t.number, { required: { '1.1': true, '1.2': false } }),
    field('school', t.ref('orgs'), { only: '1.2', indexed: true }),
    jsonOnly(field('scoreScale', t.ref('scoreScales'), { only: '1.2' })),
  ],
});

export const results = entity({
  name: 'results',
  singular: 'result',
  refType: { '1.1': 'result', '1.2': 'result' },
  service: 'gradebook',
  fields: [
    field('lineItem', t.ref('lineItems'), { required: true, indexed: true }),
    field('student', t.ref('users'), { required: true, indexed: true }),
    field('scoreStatus', t.enum(scoreStatusVocab), { required: true }),
    field('score', t.number, { required: { '1.1': true, '1.2': false } }),
    field('scoreDate', t.date, { required: true }),
    field('comment', t.string),
    field('textScore', t.string, { only: '1.2' }),
    field('class', t.ref('classes'), { only: '1.2', indexed: true }),
    field('inProgress', t.boolean, { only: '1.2' }),
    field('incomplete', t.boolean, { only: '1.2' }),
    field('late', t.boolean, { only: '1.2' }),
    field('missing', t.boolean, { only: '1.2' }),
    jsonOnly(field('scoreScale', t.ref('scoreScales'), { only: '1.2' })),
  ],
});

export const scoreScales = entity({
  name: 'scoreScales',
  singular: 'scoreScale',
  refType: { '1.2': 'scoreScale' },
  service: 'gradebook',
  versions: ['1.2'],
  fields: [
    field('title', t.string, { required: true }),
    field('type', t.string, { required: true }),
    field('org', t.ref('orgs'), { json: {} }),
    field('course', t.ref('courses')),
    field('class', t.ref('classes'), { required: true, indexed: true }),
    field('scoreScaleValue', { kind: 'scoreScaleValues' }, { required: true }),
  ],
});

/** 1.2 REST only (no CSV file): an assessment's line item, optionally in a class and under a parent. */
export const assessmentLineItems = entity({
  name: 'assessmentLineItems',
  singular: 'assessmentLineItem',
  refType: { '1.2': 'assessmentLineItem' },
  service: 'gradebook',
  versions: ['1.2'],
  csvVersions: [],
  fields: [
    field('title', t.string, { required: true }),
    field('description', t.string),
    field('class', t.ref('classes'), { indexed: true }),
    field('parentAssessmentLineItem', t.ref('assessmentLineItems')),
    field('scoreScale', t.ref('scoreScales')),
    field('resultValueMin', t.number),
    field('resultValueMax', t.number),
  ],
});

/** 1.2 REST only: a student's result for an assessment line item. */
export const assessmentResults = entity({
  name: 'assessmentResults',
  singular: 'assessmentResult',
  refType: { '1.2': 'assessmentResult' },
  service: 'gradebook',
  versions: ['1.2'],
  csvVersions: [],
  fields: [
    field('assessmentLineItem', t.ref('assessmentLineItems'), { required: true, indexed: true }),
    field('student', t.ref('users'), { required: true, indexed: true }),
    field('score', t.number),
    field('textScore', t.string),
    field('scoreDate', t.date, { required: true }),
    field('scoreScale', t.ref('scoreScales')),
    field('scorePercentile', t.number),
    field('scoreStatus', t.enum(scoreStatusVocab), { required: true }),
    field('comment', t.string),
    field('inProgress', t.boolean),
    field('incomplete', t.boolean),
    field('late', t.boolean),
    field('missing', t.boolean),
  ],
});
