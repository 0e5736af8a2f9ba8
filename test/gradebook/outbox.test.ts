import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, putRecord, type GradebookWriter } from '../../src/gradebook/index.ts';
import { entityDecl, type AnyRecord } from '../../src/model/index.ts';
import { readRecords } from '../../src/store/index.ts';
import { openProviderFixture, type ProviderFixture } from '../http-oneroster/provider-fixture.ts';
import { engines } from '../support/engines.ts';

const GB = '/ims/oneroster/gradebook/v1p2';

const lineItem = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  lineItem: {
    sourcedId: id,
    status: 'active',
    title: 'Quiz',
    assignDate: '2025-09-10T08:00:00Z',
    dueDate: '2025-09-17T08:00:00Z',
    class: { sourcedId: 'c1', type: 'class' },
    category: { sourcedId: 'cat1', type: 'category' },
    ...extra,
  },
});
const result = (id: string, lineItemId: string, student: string): Record<string, unknown> => ({
  sourcedId: id,
  status: 'active',
  lineItem: { sourcedId: lineItemId, type: 'lineItem' },
  student: { sourcedId: student, type: 'user' },
  scoreStatus: 'fully graded',
  score: 8,
  scoreDate: '2025-09-18',
});

/** The outbox of gradebook writes: one row per changed record, written in the write's own transaction. */
describe.each(engines())('gradebook outbox on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token({ allowGradePassBack: true });
  });
  afterAll(async () => {
    await p.close();
  });

  const rows = async (): Promise<Array<[string, string, string]>> => (await listOutbox(p.f.store.db, 'd1')).map((r) => [r.entity, r.sourcedId, r.operation]);
  // Each write a moment after the last, so the outbox's time order is the order of the writes.
  const tick = (): void => p.f.clock.advance(1000);

  it('records a PUT, a bulk POST and a DELETE (cascaded children first); an identical PUT or a refused write records nothing', async () => {
    tick();
    expect((await p.send('PUT', `${GB}/lineItems/o-li1`, token, lineItem('o-li1'))).statusCode).toBe(201);
    expect(await rows()).toEqual([['lineItems', 'o-li1', 'put']]);

    // Same body again: nothing changed, nothing to push.
    expect((await p.send('PUT', `${GB}/lineItems/o-li1`, token, lineItem('o-li1'))).statusCode).toBeLessThan(300);
    // A reference the access cannot see: 422, and no row.
    expect((await p.send('PUT', `${GB}/lineItems/o-li2`, token, lineItem('o-li2', { class: { sourcedId: 'nope', type: 'class' } }))).statusCode).toBe(422);
    // A DELETE of what does not exist: 404, and no row.
    expect((await p.send('DELETE', `${GB}/lineItems/o-none`, token)).statusCode).toBe(404);
    expect(await rows()).toHaveLength(1);

    tick();
    const post = await p.send('POST', `${GB}/lineItems/o-li1/results`, token, { results: [result('o-r1', 'o-li1', 'st-1'), result('o-r2', 'o-li1', 'st-2')] });
    expect(post.statusCode, post.body).toBeLessThan(300);
    expect((await rows()).slice(1).sort()).toEqual([['results', 'o-r1', 'put'], ['results', 'o-r2', 'put']]);

    tick();
    expect((await p.send('DELETE', `${GB}/lineItems/o-li1`, token)).statusCode).toBe(204);
    const deletes = (await rows()).slice(3);
    expect(deletes.slice(0, 2).sort()).toEqual([['results', 'o-r1', 'delete'], ['results', 'o-r2', 'delete']]);
    expect(deletes[2]).toEqual(['lineItems', 'o-li1', 'delete']);
    const all = await listOutbox(p.f.store.db, 'd1');
    expect(all.every((r) => r.status === 'pending' && r.attempts === 0 && r.districtId === 'd1' && r.lastError === null)).toBe(true);
    // The other district's outbox is its own.
    expect(await listOutbox(p.f.store.db, 'd2')).toEqual([]);
  });

  it('is in the same transaction as the write: when the outbox insert fails, the record is not written either', async () => {
    const writer: GradebookWriter = { db: p.f.store.db, dialect: p.f.store.dialect, clock: p.f.clock, version: '1.2', districtId: 'd1', schoolIds: 'all' };
    const record: AnyRecord = { sourcedId: 'o-li9', status: 'active', title: 'Quiz', assignDate: '2025-09-10T08:00:00.000Z', dueDate: '2025-09-17T08:00:00.000Z', class: 'c1', category: 'cat1' };
    // Take the outbox away: the write's transaction must fail as a whole.
    await sql`alter table gradebook_outbox rename to gradebook_outbox_away`.execute(p.f.store.db);
    try {
      await expect(putRecord(writer, entityDecl('lineItems'), { ...record }, 'lineItem')).rejects.toThrow();
    } finally {
      await sql`alter table gradebook_outbox_away rename to gradebook_outbox`.execute(p.f.store.db);
    }
    expect((await readRecords(p.f.store.db, p.f.store.dialect, entityDecl('lineItems'), ['o-li9'])).size).toBe(0);

    // And with the outbox back, the same write commits both.
    tick();
    expect(await putRecord(writer, entityDecl('lineItems'), { ...record }, 'lineItem')).toMatchObject({ kind: 'written' });
    expect((await readRecords(p.f.store.db, p.f.store.dialect, entityDecl('lineItems'), ['o-li9'])).size).toBe(1);
    expect((await rows()).at(-1)).toEqual(['lineItems', 'o-li9', 'put']);
  });
});
