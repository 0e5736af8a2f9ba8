import { afterEach, describe, expect, it } from 'vitest';
import { createSpool, type Spool } from '../../src/sync/run/spool.ts';
import type { SourceItem } from '../../src/sync/run/source.ts';
import { person } from '../sync-pipeline/pipeline-fixture.ts';

/** Items whose lines are long enough that the read's chunks cut lines (and multi-byte characters) apart. */
function items(n: number): SourceItem[] {
  return Array.from({ length: n }, (_, i): SourceItem => {
    if (i % 97 === 5) return { kind: 'problem', origin: `/users line ${i}`, message: 'two\nlines and a "quote"' };
    const record = person(`u${i}`, [['student', 'school-1']], { givenName: `Zoë ${'ß'.repeat(i % 300)} 名前 ${i}`, familyName: 'line\nbreak\r\ntoo' });
    return { kind: 'record', record, origin: '/users', sourceId: `u${i}`, modifiedAt: '2026-03-10T15:00:00.000Z' };
  });
}

async function readAll(spool: Spool, entity: string): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const item of spool.read(entity)) out.push(item);
  return out;
}

describe('a run’s spool', () => {
  let spool: Spool | undefined;
  afterEach(() => spool?.remove());

  it('gives back every item written, in order, across read chunks (several MB, newlines and multi-byte text inside)', async () => {
    spool = createSpool();
    const written = items(12_000);
    const writer = spool.writer('users');
    for (const item of written) writer.write(item);
    writer.close();
    expect(await readAll(spool, 'users')).toEqual(written);
  });

  it('reads an entity twice, and nothing for an entity never written', async () => {
    spool = createSpool();
    const writer = spool.writer('orgs');
    const written = items(3);
    for (const item of written) writer.write(item);
    writer.close();
    expect(await readAll(spool, 'orgs')).toEqual(written);
    expect(await readAll(spool, 'orgs')).toEqual(written);
    expect(spool.has('users')).toBe(false);
    expect(await readAll(spool, 'users')).toEqual([]);
  });
});
