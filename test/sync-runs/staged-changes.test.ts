import { sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/index.ts';
import type { Store } from '../../src/store/index.ts';
import { insertChanges, readChanges, type StagedChange } from '../../src/sync/run/changes.ts';
import { engines } from '../support/engines.ts';
import { openHubStore, START } from './run-fixture.ts';

/** A staged delete: what the page reader returns does not depend on the records it carries. */
function change(entity: string, sourcedId: string): StagedChange {
  return { entity, sourcedId, action: 'delete', before: null, after: null, baseHash: null, digest: null, origin: `/${entity}`, sourceId: sourcedId, rules: [] };
}

/** Captures the query nodes a store runs, so a test can ask the engine how it plans exactly that query. */
function captureQueries(): { plugin: KyselyPlugin; nodes: RootOperationNode[] } {
  const nodes: RootOperationNode[] = [];
  return {
    nodes,
    plugin: {
      transformQuery: ({ node }) => {
        nodes.push(node);
        return node;
      },
      transformResult: async ({ result }) => result,
    },
  };
}

describe.each(engines())('a run’s staged changes on %s', (engine) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const hub = await openHubStore(engine, fixedClock(START));
    store = hub.store;
    close = hub.close;
    // Two runs' changes; in run r1, orgs then users then enrollments, as the run stages them.
    await insertChanges(store.db, 'r1', 0, [change('orgs', 'o1'), change('orgs', 'o2'), ...Array.from({ length: 5 }, (_, i) => change('users', `u${i}`)), change('enrollments', 'e1')]);
    await insertChanges(store.db, 'r2', 0, [change('users', 'other')]);
  });
  afterAll(async () => {
    await close();
  });

  it('reads one entity of one run a page at a time, in staging order, across page boundaries', async () => {
    const pages: string[][] = [];
    for await (const page of readChanges(store.db, 'r1', 'users', 2)) pages.push(page.map((c) => c.sourcedId));
    expect(pages).toEqual([['u0', 'u1'], ['u2', 'u3'], ['u4']]);
    const none: string[] = [];
    for await (const page of readChanges(store.db, 'r1', 'demographics')) none.push(...page.map((c) => c.sourcedId));
    expect(none).toEqual([]);
  });

  it('finds an entity’s changes through an index on (run, entity, seq), not by walking the other entities’ rows', async () => {
    // Without entity in the index, every entity's read walks the run's rows of every other entity
    // (17 entities, each read ending with a walk over the rest): measured 2.6× slower over 100 000 changes.
    const { plugin, nodes } = captureQueries();
    for await (const _page of readChanges(store.db.withPlugin(plugin), 'r1', 'users')) void _page;
    const node = nodes[0];
    if (node === undefined) throw new Error('readChanges ran no query');
    const compiled = store.db.getExecutor().compileQuery(node, { queryId: 'plan' });
    const literal = (value: unknown): string => (typeof value === 'number' ? String(value) : `'${String(value)}'`);
    let i = 0;
    const inline = engine === 'sqlite' ? compiled.sql.replace(/\?/g, () => literal(compiled.parameters[i++])) : compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1]));
    if (engine === 'sqlite') {
      const plan = await sql.raw<{ detail: string }>(`explain query plan ${inline}`).execute(store.db);
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING INDEX \S+ \(run_id=\? AND entity=\? AND seq>\?\)/);
    } else {
      // A tiny table is cheapest to scan; forbid that so the planner shows which index answers the query.
      const plan = await store.db.connection().execute(async (conn) => {
        await sql`set enable_seqscan = off`.execute(conn);
        return sql.raw<{ 'QUERY PLAN': string }>(`explain ${inline}`).execute(conn);
      });
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Cond: \(\(run_id = 'r1'::text\) AND \(entity = 'users'::text\) AND \(seq > /);
    }
  });
});
