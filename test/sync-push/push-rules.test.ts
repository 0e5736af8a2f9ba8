import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../src/gradebook/index.ts';
import { entityDecl, type EntityName } from '../../src/model/index.ts';
import type { Connection } from '../../src/sync/index.ts';
import { recordPath } from '../../src/sync/client/oneroster-paths.ts';
import { idPrefixOf, pushBody, remoteId } from '../../src/sync/push/push-body.ts';
import { judgeAnswer, judgeUnreachable, judgeUnsupported, planPush, pushRank, PUSH_MAX_ATTEMPTS } from '../../src/sync/push/push-plan.ts';

const row = (id: string, entity: EntityName, sourcedId: string, attempts = 0): OutboxRow => ({
  id,
  districtId: 'd1',
  entity,
  sourcedId,
  operation: 'put',
  writtenAt: '2026-03-10T15:00:00.000Z',
  status: 'pending',
  attempts,
  lastStatus: null,
  lastError: null,
  pushedAt: null,
  updatedAt: '2026-03-10T15:00:00.000Z',
});

describe('the push plan (pure)', () => {
  it('ranks gradebook entities by what they reference, from the model', () => {
    expect(pushRank('categories')).toBeLessThan(pushRank('lineItems'));
    expect(pushRank('scoreScales')).toBeLessThan(pushRank('lineItems'));
    expect(pushRank('lineItems')).toBeLessThan(pushRank('results'));
    expect(pushRank('assessmentLineItems')).toBeLessThan(pushRank('assessmentResults'));
  });

  it('coalesces a record\'s rows, sends its current state, PUTs parents first and DELETEs children first', () => {
    const rows = [row('1', 'results', 'r1'), row('2', 'lineItems', 'li1'), row('3', 'results', 'r1', 2), row('4', 'categories', 'cat1'), row('5', 'results', 'r-gone'), row('6', 'lineItems', 'li-gone')];
    const active = new Set(['r1', 'li1', 'cat1']);
    const plan = planPush(rows, (_e, id) => active.has(id));
    expect(plan.map((s) => [s.method, s.sourcedId])).toEqual([
      ['PUT', 'cat1'],
      ['PUT', 'li1'],
      ['PUT', 'r1'],
      ['DELETE', 'r-gone'],
      ['DELETE', 'li-gone'],
    ]);
    expect(plan[2]).toMatchObject({ rowIds: ['1', '3'], attempts: 2 });
  });

  it('judges answers: done, refused for good, or later', () => {
    expect(judgeAnswer('PUT', 201, undefined, 0)).toEqual({ delivery: { status: 'pushed', lastStatus: 201, lastError: null }, stop: false });
    expect(judgeAnswer('DELETE', 404, 'unknownobject', 0).delivery.status).toBe('pushed');
    expect(judgeAnswer('PUT', 404, undefined, 0).delivery.status).toBe('failed');
    expect(judgeAnswer('PUT', 422, 'invaliddata', 0)).toEqual({
      delivery: { status: 'failed', lastStatus: 422, lastError: '422 (invaliddata): the SIS found the record invalid (a reference it does not know, a student not enrolled …)' },
      stop: false,
    });
    expect(judgeAnswer('PUT', 403, undefined, 0).delivery.lastError).toContain('may not write grades');
    expect(judgeAnswer('PUT', 429, undefined, 0)).toEqual({ delivery: { status: 'pending', lastStatus: 429, lastError: 'the SIS was busy or unavailable (429); will try again' }, stop: true });
    expect(judgeAnswer('PUT', 500, undefined, PUSH_MAX_ATTEMPTS - 1).delivery).toEqual({ status: 'failed', lastStatus: 500, lastError: `the SIS was busy or unavailable (500); gave up after ${PUSH_MAX_ATTEMPTS} attempts` });
    expect(judgeUnreachable(0, 'could not reach the SIS')).toEqual({ delivery: { status: 'pending', lastStatus: null, lastError: 'could not reach the SIS; will try again' }, stop: true });
    expect(judgeUnsupported('scoreScales', '1.1').delivery).toMatchObject({ status: 'failed', lastError: 'OneRoster 1.1 has no scoreScales: the SIS cannot take it' });
  });
});

describe('the push body (pure)', () => {
  const base = { id: 'x', name: 'SIS', districtId: 'd1', mode: 'two-way', createdAt: '', updatedAt: '', kind: 'oneroster-csv', csv: { location: '/tmp' } } as const;

  it('reads the ID prefix defensively from the connection\'s rules', () => {
    expect(idPrefixOf(base)).toBeUndefined();
    const connections: Connection[] = [Object.assign({}, base, { rules: null }), Object.assign({}, base, { rules: { idPrefix: 7 } }), Object.assign({}, base, { rules: { idPrefix: '' } })];
    expect(connections.map(idPrefixOf)).toEqual([undefined, undefined, undefined]);
    expect(idPrefixOf(Object.assign({}, base, { rules: { idPrefix: 'sis-' } }))).toBe('sis-');
  });

  it('strips the prefix from every id (own and referenced) and points hrefs at the SIS', () => {
    expect(remoteId('sis-st-1', 'sis-')).toBe('st-1');
    expect(remoteId('li-hub', 'sis-')).toBe('li-hub');
    expect(recordPath('1.2', entityDecl('results'), 'r 1', 'standard')).toBe('/ims/oneroster/gradebook/v1p2/results/r%201');
    const body = pushBody(entityDecl('results'), { sourcedId: 'sis-r1', status: 'active', lineItem: 'li-hub', student: 'sis-st-1', class: 'sis-c1', scoreStatus: 'exempt', scoreDate: '2026-03-10' }, { version: '1.2', baseUrl: 'https://sis.example.org/api', paths: 'standard' }, 'sis-');
    expect(body).toEqual({
      result: {
        sourcedId: 'r1',
        status: 'active',
        lineItem: { href: 'https://sis.example.org/api/ims/oneroster/gradebook/v1p2/lineItems/li-hub', sourcedId: 'li-hub', type: 'lineItem' },
        student: { href: 'https://sis.example.org/api/ims/oneroster/rostering/v1p2/users/st-1', sourcedId: 'st-1', type: 'user' },
        scoreStatus: 'exempt',
        scoreDate: '2026-03-10',
        class: { href: 'https://sis.example.org/api/ims/oneroster/rostering/v1p2/classes/c1', sourcedId: 'c1', type: 'class' },
      },
    });
  });
  it("points hrefs at the SIS in the connection's path layout", () => {
    const body = pushBody(entityDecl('lineItems'), { sourcedId: 'li-1', status: 'active', title: 'Quiz', assignDate: '2026-03-01', dueDate: '2026-03-08', class: 'c1', category: 'cat-1' }, { version: '1.2', baseUrl: 'https://sis.example.org/api', paths: 'flat' }, undefined);
    expect(JSON.stringify(body)).toContain('"href":"https://sis.example.org/api/ims/oneroster/v1p2/classes/c1"');
    expect(JSON.stringify(body)).toContain('"href":"https://sis.example.org/api/ims/oneroster/v1p2/categories/cat-1"');
  });
});
