import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '../../src/access/index.ts';
import { entityDecl } from '../../src/model/index.ts';
import { upsertRecords } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, SCOPE_11, SCOPE_12, V11, type ProviderFixture } from './provider-fixture.ts';

const GB = '/ims/oneroster/gradebook/v1p2';

const lineItem = (extra: Record<string, unknown> = {}) => ({
  title: 'Quiz 1',
  assignDate: '2025-09-10T08:00:00Z',
  dueDate: '2025-09-17T08:00:00Z',
  class: { sourcedId: 'c1', type: 'class', href: 'https://x/classes/c1' },
  category: { sourcedId: 'cat1', type: 'category' },
  resultValueMin: 0,
  resultValueMax: 10,
  ...extra,
});
const result = (student: string, extra: Record<string, unknown> = {}) => ({
  lineItem: { sourcedId: 'li1', type: 'lineItem' },
  student: { sourcedId: student, type: 'user' },
  scoreStatus: 'fully graded',
  score: 8,
  scoreDate: '2025-09-18',
  ...extra,
});
const codeMinor = (body: unknown): string | undefined => {
  const info = (body as { statusInfoSet?: unknown[] }).statusInfoSet?.[0] ?? body;
  return (info as { imsx_CodeMinor?: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldValue: string }> } }).imsx_CodeMinor?.imsx_codeMinorField[0]?.imsx_codeMinorFieldValue;
};
const description = (body: unknown): string => {
  const info = (body as { statusInfoSet?: unknown[] }).statusInfoSet?.[0] ?? body;
  return String((info as { imsx_description?: string }).imsx_description);
};

describe.each(engines())('OneRoster gradebook writes on %s', (engine) => {
  let p: ProviderFixture;
  let gb: string;
  let gbS1: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    gb = await p.token({ allowGradePassBack: true });
    gbS1 = await p.token({ allowGradePassBack: true, schoolIds: ['s1'] });
  });
  afterAll(async () => {
    await p.close();
  });
  const tick = (): string => {
    p.f.clock.advance(60_000);
    return p.f.clock.now().toISOString();
  };

  it('1.2 PUT creates (201, no body), fills the school from the class, and GET reads it back', async () => {
    const now = tick();
    const put = await p.send('PUT', `${GB}/lineItems/w-li1`, gb, { lineItem: { sourcedId: 'w-li1', ...lineItem() } });
    expect(put.statusCode).toBe(201);
    expect(put.body).toBe('');
    const read = (await p.get(`${GB}/lineItems/w-li1`, gb)).json();
    expect(read.lineItem).toMatchObject({ sourcedId: 'w-li1', status: 'active', dateLastModified: now, school: { sourcedId: 's1' }, class: { sourcedId: 'c1' }, assignDate: '2025-09-10T08:00:00.000Z' });
  });

  it('1.1 PUT creates or replaces with 200 and the stored record; replacing keeps what 1.1 cannot say', async () => {
    tick();
    const put = await p.send('PUT', `${V11}/lineItems/w-li1`, gb, { lineItem: lineItem({ title: 'Quiz 1 (renamed)', gradingPeriod: { sourcedId: 'gp1', type: 'gradingPeriod' } }) });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().lineItem).toMatchObject({ sourcedId: 'w-li1', title: 'Quiz 1 (renamed)', gradingPeriod: { sourcedId: 'gp1' } });
    expect((await p.get(`${GB}/lineItems/w-li1`, gb)).json().lineItem).toMatchObject({ title: 'Quiz 1 (renamed)', school: { sourcedId: 's1' } });
    const created = await p.send('PUT', `${V11}/categories/w-cat`, gb, { category: { title: 'Labs' } });
    expect(created.statusCode).toBe(200);
    expect((await p.get(`${V11}/categories/w-cat`, gb)).json().category).toMatchObject({ title: 'Labs', status: 'active' });
  });

  it('a PUT of an identical body does not move dateLastModified; a changed one does', async () => {
    const first = tick();
    const body = { category: { title: 'Projects', weight: 0.25 } };
    expect((await p.send('PUT', `${GB}/categories/w-cat2`, gb, body)).statusCode).toBe(201);
    tick();
    expect((await p.send('PUT', `${GB}/categories/w-cat2`, gb, body)).statusCode).toBe(201);
    expect((await p.get(`${GB}/categories/w-cat2`, gb)).json().category.dateLastModified).toBe(first);
    const changed = tick();
    await p.send('PUT', `${GB}/categories/w-cat2`, gb, { category: { title: 'Projects', weight: 0.3 } });
    expect((await p.get(`${GB}/categories/w-cat2`, gb)).json().category).toMatchObject({ dateLastModified: changed, weight: 0.3 });
  });

  it('writes scored, exempt and extra-credit results with 1.2 flags and textScore', async () => {
    tick();
    const puts = [
      ['w-r1', result('st-1', { late: 'true', textScore: 'B+' })],
      ['w-r2', result('st-2', { scoreStatus: 'exempt', score: undefined })],
      ['w-r3', result('st-2', { score: 12.5, comment: 'extra credit' })],
    ] as const;
    for (const [id, body] of puts) expect((await p.send('PUT', `${GB}/results/${id}`, gb, { result: body })).statusCode).toBe(201);
    const r1 = (await p.get(`${GB}/results/w-r1`, gb)).json().result;
    expect(r1).toMatchObject({ late: 'true', textScore: 'B+', score: 8, class: { sourcedId: 'c1' } });
    expect((await p.get(`${V11}/results/w-r1`, gb)).json().result).not.toHaveProperty('late');
    const exempt = (await p.get(`${GB}/results/w-r2`, gb)).json().result;
    expect(exempt.scoreStatus).toBe('exempt');
    expect(exempt).not.toHaveProperty('score');
    // Above resultValueMax (10): extra credit, kept as sent.
    expect((await p.get(`${GB}/results/w-r3`, gb)).json().result.score).toBe(12.5);
    // 1.1 requires a score, also for an exempt result.
    const noScore = await p.send('PUT', `${V11}/results/w-r4`, gb, { result: result('st-1', { scoreStatus: 'exempt', score: undefined }) });
    expect(noScore.statusCode).toBe(422);
    expect(description(noScore.json())).toContain('result.score');
    expect((await p.send('PUT', `${V11}/results/w-r4`, gb, { result: result('st-1', { scoreStatus: 'exempt', score: 0 }) })).statusCode).toBe(200);
  });

  it('writes 1.2 scoreScales and assessment records, and reads them through the derived routes', async () => {
    const scale = { title: 'Points', type: 'points', class: { sourcedId: 'c1' }, scoreScaleValue: [{ itemValueLHS: '10', itemValueRHS: 'A' }] };
    expect((await p.send('PUT', `${GB}/scoreScales/w-ss`, gb, { scoreScale: scale })).statusCode).toBe(201);
    expect(ids((await p.get(`${GB}/schools/s1/scoreScales`, gb)).json(), 'scoreScales')).toContain('w-ss');
    expect((await p.send('PUT', `${GB}/assessmentLineItems/w-ali`, gb, { assessmentLineItem: { title: 'Benchmark', class: { sourcedId: 'c1' }, resultValueMax: 100 } })).statusCode).toBe(201);
    const ar = { assessmentLineItem: { sourcedId: 'w-ali', type: 'assessmentLineItem' }, student: { sourcedId: 'st-1' }, scoreDate: '2025-10-01', scoreStatus: 'fully graded', score: 88, scorePercentile: 71, missing: 'false' };
    expect((await p.send('PUT', `${GB}/assessmentResults/w-ar`, gb, { assessmentResult: ar })).statusCode).toBe(201);
    expect((await p.get(`${GB}/assessmentResults/w-ar`, gb)).json().assessmentResult).toMatchObject({ score: 88, scorePercentile: 71, missing: 'false', assessmentLineItem: { sourcedId: 'w-ali', type: 'assessmentLineItem' } });
    await p.send('PUT', `${GB}/assessmentResults/w-ar2`, gb, { assessmentResult: { ...ar, student: { sourcedId: 'st-2' } } });
    expect((await p.send('DELETE', `${GB}/assessmentResults/w-ar2`, gb)).statusCode).toBe(204);
    expect((await p.get(`${GB}/assessmentResults/w-ar2`, gb)).statusCode).toBe(404);
    expect((await p.send('DELETE', `${GB}/assessmentLineItems/w-ali`, gb)).statusCode).toBe(204);
    expect((await p.get(`${GB}/assessmentResults/w-ar`, gb)).statusCode).toBe(404);
    expect((await p.send('DELETE', `${GB}/scoreScales/w-ss`, gb)).statusCode).toBe(204);
    expect((await p.send('PUT', `${V11}/scoreScales/w-ss`, gb, { scoreScale: scale })).statusCode).toBe(404); // not in 1.1
  });

  it('DELETE tombstones (1.2: 204, 1.1: 200): GET by id is 404, a second DELETE is 404, deltas see the tombstone', async () => {
    const before = p.f.clock.now().toISOString();
    const at = tick();
    await p.send('PUT', `${GB}/categories/w-del`, gb, { category: { title: 'Temp' } });
    await p.send('PUT', `${GB}/categories/w-del11`, gb, { category: { title: 'Temp 1.1' } });
    const deleted = await p.send('DELETE', `${GB}/categories/w-del`, gb);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await p.send('DELETE', `${V11}/categories/w-del11`, gb)).statusCode).toBe(200);
    const gone = await p.get(`${GB}/categories/w-del`, gb);
    expect(gone.statusCode).toBe(404);
    expect(codeMinor(gone.json())).toBe('unknownobject');
    expect((await p.send('DELETE', `${GB}/categories/w-del`, gb)).statusCode).toBe(404);
    expect((await p.send('DELETE', `${GB}/categories/nope`, gb)).statusCode).toBe(404);
    const delta = (await p.get(`${GB}/categories?filter=${encodeURIComponent(`dateLastModified>'${before}'`)}`, gb)).json();
    expect(delta.categories.filter((c: { sourcedId: string }) => c.sourcedId.startsWith('w-del'))).toEqual([
      expect.objectContaining({ sourcedId: 'w-del', status: 'tobedeleted', dateLastModified: at }),
      expect.objectContaining({ sourcedId: 'w-del11', status: 'tobedeleted' }),
    ]);
  });

  it('deleting a lineItem takes its results with it; a category in use cannot be deleted', async () => {
    await p.send('PUT', `${GB}/lineItems/w-li2`, gb, { lineItem: lineItem({ category: { sourcedId: 'w-cat' } }) });
    await p.send('PUT', `${GB}/results/w-r9`, gb, { result: result('st-1', { lineItem: { sourcedId: 'w-li2' } }) });
    const inUse = await p.send('DELETE', `${GB}/categories/w-cat`, gb);
    expect(inUse.statusCode).toBe(422);
    expect(description(inUse.json())).toContain('lineItems');
    expect((await p.send('DELETE', `${GB}/lineItems/w-li2`, gb)).statusCode).toBe(204);
    expect((await p.get(`${GB}/results/w-r9`, gb)).statusCode).toBe(404);
  });

  it.each([
    ['lineItems', 'class unknown', lineItem({ class: { sourcedId: 'c9' } }), 'lineItem.class.sourcedId'],
    ['lineItems', 'category unknown', lineItem({ category: { sourcedId: 'cat9' } }), 'lineItem.category.sourcedId'],
    ['lineItems', 'gradingPeriod is a school year', lineItem({ gradingPeriod: { sourcedId: 'y1' } }), 'lineItem.gradingPeriod.sourcedId'],
    ['lineItems', 'academicSession unknown', lineItem({ academicSession: { sourcedId: 'gp9' } }), 'lineItem.gradingPeriod.sourcedId'],
    ['lineItems', 'school is not the class\' school', lineItem({ school: { sourcedId: 's2' } }), 'lineItem.school.sourcedId'],
    ['lineItems', 'scoreScale unknown', lineItem({ scoreScale: { sourcedId: 'ss9' } }), 'lineItem.scoreScale.sourcedId'],
    ['results', 'lineItem unknown', result('st-1', { lineItem: { sourcedId: 'li9' } }), 'result.lineItem.sourcedId'],
    ['results', 'student not in the class', result('st-3'), 'result.student.sourcedId'],
    ['results', 'student enrolled as teacher only', result('t-1'), 'result.student.sourcedId'],
    ['results', 'class differs from the lineItem\'s', result('st-1', { class: { sourcedId: 'c2' } }), 'result.class.sourcedId'],
    ['scoreScales', 'class unknown', { title: 'S', type: 't', class: { sourcedId: 'c9' }, scoreScaleValue: [{ itemValueLHS: 'a', itemValueRHS: 'b' }] }, 'scoreScale.class.sourcedId'],
  ])('422 when a %s reference fails: %s', async (collection, _rule, body, path) => {
    const singular = entityDecl(collection as 'lineItems').singular;
    const response = await p.send('PUT', `${GB}/${collection}/w-bad`, gb, { [singular]: body });
    expect(response.statusCode).toBe(422);
    expect(codeMinor(response.json())).toBe('invaliddata');
    expect(description(response.json())).toContain(path);
    expect((await p.get(`${GB}/${collection}/w-bad`, gb)).statusCode).toBe(404);
  });

  it('accepts a term as the grading period, and 1.2 academicSession for it', async () => {
    expect((await p.send('PUT', `${GB}/lineItems/w-li3`, gb, { lineItem: lineItem({ academicSession: { sourcedId: 't1' } }) })).statusCode).toBe(201);
    expect((await p.get(`${GB}/lineItems/w-li3`, gb)).json().lineItem.gradingPeriod).toMatchObject({ sourcedId: 't1' });
  });

  it('checks references inside the access\' schools: another school\'s class and lineItem are 422', async () => {
    const li = await p.send('PUT', `${GB}/lineItems/w-s1`, gbS1, { lineItem: lineItem({ class: { sourcedId: 'c2' } }) });
    expect(li.statusCode).toBe(422);
    expect(description(li.json())).toContain('lineItem.class.sourcedId');
    const r = await p.send('PUT', `${GB}/results/w-s1`, gbS1, { result: result('st-3', { lineItem: { sourcedId: 'li2' } }) });
    expect(r.statusCode).toBe(422);
    expect(description(r.json())).toContain('result.lineItem.sourcedId');
  });

  it.each([
    [V11, '{"lineItem": '],
    [GB, 'not json'],
    [GB, '[1, 2]'],
  ])('answers malformed JSON on %s with 400 in the version\'s envelope', async (base, body) => {
    const response = await p.send('PUT', `${base}/lineItems/w-x`, gb, body);
    expect(response.statusCode).toBe(400);
    expect(codeMinor(response.json())).toBe('invaliddata');
    if (base === V11) expect(response.json()).toHaveProperty('statusInfoSet');
    else expect(response.json()).toHaveProperty('imsx_codeMajor', 'failure');
  });

  it('lists every problem of a semantically invalid body with 422 (missing, wrong type, vocabulary, sourcedId mismatch)', async () => {
    const response = await p.send('PUT', `${GB}/results/w-x`, gb, {
      result: { sourcedId: 'other', lineItem: 'li1', scoreStatus: 'graded', score: '8', scoreDate: '18/09/2025', late: true },
    });
    expect(response.statusCode).toBe(422);
    const text = description(response.json());
    for (const path of ['result.sourcedId', 'result.lineItem', 'result.student', 'result.scoreStatus', 'result.score', 'result.scoreDate', 'result.late']) expect(text).toContain(path);
    const v11 = await p.send('PUT', `${V11}/results/w-x`, gb, { result: { ...result('st-1'), late: 'yes' } });
    expect(v11.statusCode).toBe(200); // 1.1 has no `late`: ignored
    const missing = await p.send('PUT', `${V11}/categories/w-x`, gb, { title: 'no wrapper' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json()).toHaveProperty('statusInfoSet');
  });

  it('refuses writes without grade pass back, and without the endpoint\'s OAuth scope, with 403', async () => {
    const readOnly = await p.token();
    const put = await p.send('PUT', `${GB}/categories/w-403`, readOnly, { category: { title: 'X' } });
    expect(put.statusCode).toBe(403);
    expect(codeMinor(put.json())).toBe('forbidden');
    expect((await p.send('DELETE', `${V11}/categories/cat1`, readOnly)).statusCode).toBe(403);
    const putOnly = await p.token({ allowGradePassBack: true, scope: `${SCOPE_12}gradebook.createput ${SCOPE_11}gradebook.readonly` });
    expect((await p.send('PUT', `${GB}/categories/w-403`, putOnly, { category: { title: 'X' } })).statusCode).toBe(201);
    expect((await p.send('DELETE', `${GB}/categories/w-403`, putOnly)).statusCode).toBe(403);
    expect((await p.send('POST', `${GB}/classes/c1/lineItems`, putOnly, { lineItems: [lineItem({ sourcedId: 'w-p403' })] })).statusCode).toBe(403);
    expect((await p.send('PUT', `${V11}/categories/w-403`, putOnly, { category: { title: 'X' } })).statusCode).toBe(403);
  });

  it('keeps writes inside the access\' district and schools: 404 on DELETE, refused PUT over a foreign record', async () => {
    expect((await p.send('DELETE', `${GB}/lineItems/li2`, gbS1)).statusCode).toBe(404);
    expect((await p.send('DELETE', `${GB}/results/r2`, gbS1)).statusCode).toBe(404);
    const overwrite = await p.send('PUT', `${GB}/lineItems/li2`, gbS1, { lineItem: lineItem() });
    expect(overwrite.statusCode).toBe(403);
    expect((await p.get(`${GB}/lineItems/li2`, gb)).json().lineItem.class.sourcedId).toBe('c2');
    await upsertRecords(p.f.store.db, p.f.store.dialect, entityDecl('categories'), [{ sourcedId: 'd2-cat', status: 'active', title: 'Other district' }], { districtId: 'd2', now: p.f.clock.now().toISOString() });
    expect((await p.send('PUT', `${GB}/categories/d2-cat`, gb, { category: { title: 'Mine now' } })).statusCode).toBe(403);
    expect((await p.send('DELETE', `${GB}/categories/d2-cat`, gb)).statusCode).toBe(404);
  });

  it('1.2 POST bulk creates answer 201 with sourcedIdPairs, binding the path\'s parent', async () => {
    const posted = await p.send('POST', `${GB}/classes/c1/lineItems`, gb, {
      lineItems: [lineItem({ sourcedId: 'w-p1', class: undefined }), lineItem({ sourcedId: 'li1', title: 'Taken id' })],
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const pairs = posted.json().sourcedIdPairs as Array<{ suppliedSourcedId: string; allocatedSourcedId: string }>;
    expect(pairs[0]).toEqual({ suppliedSourcedId: 'w-p1', allocatedSourcedId: 'w-p1' });
    expect(pairs[1]?.suppliedSourcedId).toBe('li1');
    expect(pairs[1]?.allocatedSourcedId).not.toBe('li1');
    expect((await p.get(`${GB}/lineItems/${pairs[1]?.allocatedSourcedId}`, gb)).json().lineItem.title).toBe('Taken id');
    expect((await p.get(`${GB}/lineItems/li1`, gb)).json().lineItem.title).toBe('HW 1');

    const school = await p.send('POST', `${GB}/schools/s1/lineItems`, gb, { lineItems: [lineItem({ sourcedId: 'w-p2' })] });
    expect(school.statusCode).toBe(201);
    expect((await p.get(`${GB}/lineItems/w-p2`, gb)).json().lineItem.school.sourcedId).toBe('s1');
    const wrongSchool = await p.send('POST', `${GB}/schools/s2/lineItems`, gb, { lineItems: [lineItem({ sourcedId: 'w-p3' })] });
    expect(wrongSchool.statusCode).toBe(422);

    const results = await p.send('POST', `${GB}/lineItems/w-p1/results`, gb, { results: [result('st-1', { sourcedId: 'w-pr1', lineItem: undefined }), result('st-2', { sourcedId: 'w-pr2', lineItem: undefined })] });
    expect(results.statusCode).toBe(201);
    expect(results.json().sourcedIdPairs).toHaveLength(2);
    expect(ids((await p.get(`${GB}/results?filter=${encodeURIComponent("lineItem.sourcedId='w-p1'")}`, gb)).json(), 'results')).toEqual(['w-pr1', 'w-pr2']);

    await p.send('PUT', `${GB}/lineItems/w-gp`, gb, { lineItem: lineItem({ gradingPeriod: { sourcedId: 'gp1' } }) });
    const session = await p.send('POST', `${GB}/classes/c1/academicSessions/gp1/results`, gb, { results: [result('st-1', { sourcedId: 'w-pr3', lineItem: { sourcedId: 'w-gp' } })] });
    expect(session.statusCode).toBe(201);
    const otherSession = await p.send('POST', `${GB}/classes/c1/academicSessions/t1/results`, gb, { results: [result('st-1', { sourcedId: 'w-pr4', lineItem: { sourcedId: 'w-gp' } })] });
    expect(otherSession.statusCode).toBe(422);
  });

  it('POST is all or nothing, 404 for an unknown or invisible parent, and absent from 1.1', async () => {
    const bad = await p.send('POST', `${GB}/lineItems/li1/results`, gb, { results: [result('st-1', { sourcedId: 'w-n1' }), result('st-3', { sourcedId: 'w-n2' })] });
    expect(bad.statusCode).toBe(422);
    expect(description(bad.json())).toContain('results[1].student.sourcedId');
    expect((await p.get(`${GB}/results/w-n1`, gb)).statusCode).toBe(404);
    expect((await p.send('POST', `${GB}/classes/c9/lineItems`, gb, { lineItems: [lineItem({ sourcedId: 'w-n3' })] })).statusCode).toBe(404);
    expect((await p.send('POST', `${GB}/classes/c2/lineItems`, gbS1, { lineItems: [lineItem({ sourcedId: 'w-n3' })] })).statusCode).toBe(404);
    // 1.1 has no bulk create: the path serves GET only, so POST is 405.
    expect((await p.send('POST', `${V11}/classes/c1/lineItems`, gb, { lineItems: [lineItem({ sourcedId: 'w-n3' })] })).statusCode).toBe(405);
    expect((await p.send('POST', `${GB}/classes/c1/lineItems`, gb, { lineItems: [] })).statusCode).toBe(422);
  });

  it('records each write in the audit log with the number of records written', async () => {
    p.f.clock.advance(60_000);
    const from = p.f.clock.now();
    await p.send('PUT', `${GB}/categories/w-audit`, gb, { category: { title: 'Audited' } });
    await p.send('POST', `${GB}/lineItems/li1/results`, gb, { results: [result('st-1', { sourcedId: 'w-a1' }), result('st-2', { sourcedId: 'w-a2' })] });
    const entries = await queryAudit(p.f.store.db, { kind: 'api', from });
    expect(entries.map((e) => (e.kind === 'api' ? [e.method, e.status, e.records] : [])).sort()).toEqual([['POST', 201, 2], ['PUT', 201, 1]]);
  });

  it('answers a by-id read of any tombstone with 404; collections still list it', async () => {
    expect((await p.get(`${GB.replace('gradebook', 'rostering')}/users/st-old`, gb)).statusCode).toBe(404);
    expect((await p.get(`${V11}/students/st-old`, gb)).statusCode).toBe(404);
    expect(ids((await p.get(`${V11}/users?filter=${encodeURIComponent("status='tobedeleted'")}`, gb)).json(), 'users')).toEqual(['st-old']);
  });
});
