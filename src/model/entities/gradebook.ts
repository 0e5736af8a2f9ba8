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
