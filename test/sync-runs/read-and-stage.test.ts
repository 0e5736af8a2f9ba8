import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/kernel/index.ts';
import { entityDecl, type AnyRecord, type EntityDecl, type EntityName } from '../../src/model/index.ts';
import type { Store } from '../../src/store/index.ts';
import { recordDigest, type SyncRules } from '../../src/sync/pipeline/index.ts';
import { RunContext } from '../../src/sync/run/pipeline-context.ts';
import { readAndStage } from '../../src/sync/run/read-and-stage.ts';
import { SourceWatch } from '../../src/sync/run/read-source.ts';
import type { SourceItem, SyncSource } from '../../src/sync/run/source.ts';
import { createSpool } from '../../src/sync/run/spool.ts';
import type { StageRun } from '../../src/sync/run/stage-entity.ts';
import { DEFAULT_SYNC_SETTINGS } from '../../src/sync/run/sync-settings.ts';
import { engines } from '../support/engines.ts';
import { enrollment, klass, person, school } from '../sync-pipeline/pipeline-fixture.ts';
import { openHubStore, START } from './run-fixture.ts';

const SOURCE: ReadonlyArray<readonly [EntityName, readonly AnyRecord[]]> = [
  ['orgs', [school('s1')]],
  ['classes', [klass('c1', 's1')]],
  ['users', [person('t1', [['teacher', 's1']]), person('t2', [['teacher', 's1']]), person('st1', [['student', 's1']])]],
  ['enrollments', [enrollment('e1', 'c1', 't1', 'teacher'), enrollment('e2', 'c1', 'st1')]],
];

/** A source of the records above; `onRead` sees each entity as the run asks for it. */
function fakeSource(onRead: (entity: EntityDecl) => Promise<void>): SyncSource {
  async function* items(records: readonly AnyRecord[], origin: string): AsyncGenerator<SourceItem> {
    for (const record of records) yield { kind: 'record', record, origin, sourceId: record.sourcedId };
  }
  return {
    entities: SOURCE.map(([name]) => entityDecl(name)),
    read: async (entity) => {
      await onRead(entity);
      const records = SOURCE.find(([name]) => name === entity.name)?.[1] ?? [];
      return { full: true, origin: `/${entity.name}`, items: items(records, `/${entity.name}`) };
    },
    close: async () => undefined,
  };
}

describe.each(engines())('reading and staging a source on %s', (engine) => {
  let store: Store;
  let close: () => Promise<void>;
  let runs = 0;
  beforeAll(async () => {
    const hub = await openHubStore(engine, fixedClock(START));
    store = hub.store;
    close = hub.close;
  });
  afterAll(async () => {
    await close();
  });

  function stageRun(rules: SyncRules): StageRun {
    runs++;
    return { store, runId: `run-${runs}`, connectionId: `c-${runs}`, settings: { ...DEFAULT_SYNC_SETTINGS, rules }, context: new RunContext(rules), deletesFrozen: false, holdReasons: [], problems: { add: () => undefined }, seq: 0, beat: async () => undefined };
  }

  const stagedIds = async (runId: string, entity: string): Promise<string[]> =>
    (await store.db.selectFrom('sync_changes').select('sourced_id').where('run_id', '=', runId).where('entity', '=', entity).orderBy('sourced_id').execute()).map((r) => String(r.sourced_id));

  it('stages users as they arrive, before the enrollments are even asked for, when no rule needs them', async () => {
    const run = stageRun({});
    const spool = createSpool();
    let usersStagedWhenEnrollmentsAsked: string[] | undefined;
    try {
      const source = fakeSource(async (entity) => {
        if (entity.name === 'enrollments') usersStagedWhenEnrollmentsAsked = await stagedIds(run.runId, 'users');
      });
      const staged = await readAndStage(source, run, spool, new SourceWatch(run.beat), async () => undefined);
      expect(usersStagedWhenEnrollmentsAsked).toEqual(['st1', 't1', 't2']);
      expect(staged.map((s) => [s.entity.name, s.counts.created])).toEqual([['orgs', 1], ['classes', 1], ['users', 3], ['enrollments', 2]]);
      // Only orgs went through the spool (their schools are learnt before they are mapped).
      expect(['orgs', 'classes', 'users', 'enrollments'].filter((e) => spool.has(e))).toEqual(['orgs']);
    } finally {
      spool.remove();
    }
  });

  it('holds users back until the enrollments are read when staff are kept only while they teach', async () => {
    const run = stageRun({ staffMode: 'teaching' });
    const spool = createSpool();
    let usersStagedWhenEnrollmentsAsked: string[] | undefined;
    try {
      const source = fakeSource(async (entity) => {
        if (entity.name === 'enrollments') usersStagedWhenEnrollmentsAsked = await stagedIds(run.runId, 'users');
      });
      const staged = await readAndStage(source, run, spool, new SourceWatch(run.beat), async () => undefined);
      expect(usersStagedWhenEnrollmentsAsked).toEqual([]);
      // t2 teaches no class: left out; t1 teaches c1, the student is untouched.
      expect(await stagedIds(run.runId, 'users')).toEqual(['st1', 't1']);
      expect(staged.find((s) => s.entity.name === 'users')?.counts).toMatchObject({ created: 2, dropped: 1 });
      expect(staged.map((s) => s.entity.name)).toEqual(['orgs', 'classes', 'users', 'enrollments']);
    } finally {
      spool.remove();
    }
  });

  it('stages held users even when the source has no enrollments', async () => {
    const run = stageRun({ filters: { users: { match: 'all', conditions: [{ field: 'givenName', operator: 'equals', value: 'Nobody' }], includeLinked: true } } });
    const spool = createSpool();
    try {
      const base = fakeSource(async () => undefined);
      const source: SyncSource = { ...base, entities: base.entities.filter((e) => e.name !== 'enrollments') };
      const staged = await readAndStage(source, run, spool, new SourceWatch(run.beat), async () => undefined);
      expect(staged.map((s) => s.entity.name)).toEqual(['orgs', 'classes', 'users']);
      // No enrollment links anyone to a kept class, and no one matches the filter.
      expect(staged.find((s) => s.entity.name === 'users')?.counts).toMatchObject({ created: 0, dropped: 3 });
    } finally {
      spool.remove();
    }
  });

  /** Ownership rows as a commit would have left them: every record of the source, with its digest. */
  async function ownEverything(connectionId: string, except: readonly string[] = [], extra: readonly string[] = []): Promise<void> {
    const rows = SOURCE.flatMap(([name, records]) =>
      records.filter((r) => !except.includes(r.sourcedId)).map((r) => ({ id: `${connectionId}/${name}/${r.sourcedId}`, connection_id: connectionId, entity: name, sourced_id: r.sourcedId, digest: recordDigest(entityDecl(name), r), run_id: 'before' })),
    );
    for (const id of extra) rows.push({ id: `${connectionId}/users/${id}`, connection_id: connectionId, entity: 'users', sourced_id: id, digest: 'gone', run_id: 'before' });
    await store.db.insertInto('sync_owned').values(rows).execute();
  }

  /** Whether a run walked a connection's owned ids (the keyset query over sync_owned in sourcedId order). */
  function walkWatch(): { plugin: KyselyPlugin; walked: () => boolean } {
    const nodes: RootOperationNode[] = [];
    const plugin: KyselyPlugin = {
      transformQuery: ({ node }) => {
        nodes.push(node);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const walked = (): boolean => nodes.some((n) => n.kind === 'SelectQueryNode' && JSON.stringify(n).includes('"sync_owned"') && n.orderBy !== undefined);
    return { plugin, walked };
  }

  it('does not walk what the connection owns when the source showed all of it, and walks to find what is gone otherwise', async () => {
    const unchanged = stageRun({});
    await ownEverything(unchanged.connectionId);
    const quiet = walkWatch();
    const spool = createSpool();
    try {
      const staged = await readAndStage(fakeSource(async () => undefined), { ...unchanged, store: { ...store, db: store.db.withPlugin(quiet.plugin) } }, spool, new SourceWatch(unchanged.beat), async () => undefined);
      expect(staged.map((s) => [s.entity.name, s.counts.unchanged, s.counts.deleted])).toEqual([['orgs', 1, 0], ['classes', 1, 0], ['users', 3, 0], ['enrollments', 2, 0]]);
      expect(quiet.walked()).toBe(false);
    } finally {
      spool.remove();
    }

    const oneGone = stageRun({});
    await ownEverything(oneGone.connectionId, [], ['left-the-district']);
    const walking = walkWatch();
    const spool2 = createSpool();
    try {
      const staged = await readAndStage(fakeSource(async () => undefined), { ...oneGone, store: { ...store, db: store.db.withPlugin(walking.plugin) } }, spool2, new SourceWatch(oneGone.beat), async () => undefined);
      expect(staged.find((s) => s.entity.name === 'users')?.counts).toMatchObject({ unchanged: 3, deleted: 1 });
      expect(await stagedIds(oneGone.runId, 'users')).toEqual(['left-the-district']);
      expect(walking.walked()).toBe(true);
    } finally {
      spool2.remove();
    }
  });
});
