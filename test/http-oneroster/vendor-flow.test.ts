import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, V11, V12, type ProviderFixture } from './provider-fixture.ts';

const GB12 = '/ims/oneroster/gradebook/v1p2';
const q = (filter: string): string => `filter=${encodeURIComponent(filter)}`;

/** Per version: where rostering and gradebook live and what a successful PUT / DELETE answers. */
const FLOWS = [
  { version: '1.1', roster: V11, gradebook: V11, put: 200, del: 200, late: undefined },
  { version: '1.2', roster: V12, gradebook: GB12, put: 201, del: 204, late: 'true' },
] as const;

describe.each(engines())('a vendor\'s grade pass back, end to end, on %s', (engine) => {
  let p: ProviderFixture;
  beforeAll(async () => {
    p = await openProviderFixture(engine);
  });
  afterAll(async () => {
    await p.close();
  });

  it.each(FLOWS)('OneRoster $version: token → teacher → classes → students → lineItem → results → read back → DELETE → gone', async (flow) => {
    const token = await p.token({ allowGradePassBack: true });
    const teachers = (await p.get(`${flow.roster}/users?${q("email='tpark@example.org'")}`, token)).json();
    const teacherId = ids(teachers, 'users')[0];
    expect(teacherId).toBe('t-1');
    const classes = ids((await p.get(`${flow.roster}/teachers/${teacherId}/classes?${q("status='active'")}`, token)).json(), 'classes');
    expect(classes).toEqual(['c1']);
    const classId = classes[0] ?? '';
    const students = ids((await p.get(`${flow.roster}/classes/${classId}/students?${q("status='active'")}`, token)).json(), 'users');
    expect(students).toEqual(['st-1', 'st-2']);

    const li = `flow-${flow.version}-li`;
    const lineItem = {
      sourcedId: li,
      title: 'Unit test',
      assignDate: '2025-10-01T08:00:00Z',
      dueDate: '2025-10-08T08:00:00Z',
      class: { sourcedId: classId, type: 'class' },
      category: { sourcedId: 'cat1', type: 'category' },
      gradingPeriod: { sourcedId: 'gp1', type: flow.version === '1.1' ? 'gradingPeriod' : 'academicSession' },
      resultValueMin: 0,
      resultValueMax: 100,
    };
    expect((await p.send('PUT', `${flow.gradebook}/lineItems/${li}`, token, { lineItem })).statusCode).toBe(flow.put);

    const base = { lineItem: { sourcedId: li, type: 'lineItem' }, scoreDate: '2025-10-09' };
    const scored = { ...base, sourcedId: `${li}-r1`, student: { sourcedId: students[0], type: 'user' }, scoreStatus: 'fully graded', score: 93 };
    // Exempt: 1.1 still requires a score (0 by convention); 1.2 leaves it out.
    const exempt = { ...base, sourcedId: `${li}-r2`, student: { sourcedId: students[1], type: 'user' }, scoreStatus: 'exempt', ...(flow.version === '1.1' ? { score: 0 } : {}) };
    const extra = { ...scored, sourcedId: `${li}-r3`, score: 104, comment: 'extra credit', ...(flow.late === undefined ? {} : { late: flow.late }) };
    for (const r of [scored, exempt, extra]) {
      expect((await p.send('PUT', `${flow.gradebook}/results/${r.sourcedId}`, token, { result: r })).statusCode).toBe(flow.put);
    }

    expect(ids((await p.get(`${flow.gradebook}/classes/${classId}/lineItems`, token)).json(), 'lineItems')).toContain(li);
    expect((await p.get(`${flow.gradebook}/lineItems/${li}`, token)).json().lineItem).toMatchObject({ title: 'Unit test', resultValueMax: 100 });
    const read = (await p.get(`${flow.gradebook}/results?${q(`lineItem.sourcedId='${li}'`)}`, token)).json();
    expect(read.results.map((r: { sourcedId: string; scoreStatus: string; score?: number }) => [r.sourcedId, r.scoreStatus, r.score])).toEqual([
      [`${li}-r1`, 'fully graded', 93],
      [`${li}-r2`, 'exempt', flow.version === '1.1' ? 0 : undefined],
      [`${li}-r3`, 'fully graded', 104],
    ]);
    if (flow.late !== undefined) expect(read.results[2].late).toBe('true');

    expect((await p.send('DELETE', `${flow.gradebook}/results/${li}-r1`, token)).statusCode).toBe(flow.del);
    expect((await p.get(`${flow.gradebook}/results/${li}-r1`, token)).statusCode).toBe(404);
    expect((await p.send('DELETE', `${flow.gradebook}/lineItems/${li}`, token)).statusCode).toBe(flow.del);
    expect((await p.get(`${flow.gradebook}/lineItems/${li}`, token)).statusCode).toBe(404);
    expect((await p.get(`${flow.gradebook}/results/${li}-r3`, token)).statusCode).toBe(404);
  });
});
