import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER, contents, openRunFixture, stamps, type RunFixture } from './run-fixture.ts';
import { runSync } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';

describe.each(engines())('a full sync from our own provider over HTTP on %s', (engine) => {
  let f: RunFixture;
  beforeAll(async () => {
    f = await openRunFixture(engine);
  });
  afterAll(async () => {
    await f.close();
  });

  it('imports the whole district into an empty store with OAuth 2.0 (1.2), and a re-run changes nothing', async () => {
    const connection = await f.connect({ auth: 'oauth2', version: '1.2' });
    const run = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.problems).toEqual([]);
    expect(run.status).toBe('succeeded');
    for (const entity of ROSTER) {
      const expected = await contents(f.source, entity);
      expect(run.counts[entity]?.created, entity).toBe(expected.size);
      expect(await contents(f.target, entity), entity).toEqual(expected);
    }
    const before = await stamps(f.target);
    f.clock.advance(60_000);
    const again = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(again.status).toBe('succeeded');
    expect(Object.values(again.counts).every((c) => c !== undefined && c.created + c.updated + c.deleted === 0)).toBe(true);
    expect(await stamps(f.target)).toEqual(before);
  });
});
