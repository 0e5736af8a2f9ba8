import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type EnrollmentRecord, type UserRecord } from '../../src/model/index.ts';
import { readRecords, streamRecords, tombstoneRecords, upsertRecords } from '../../src/store/index.ts';
import { recordLineage, runSync, saveSyncSettings, type Connection } from '../../src/sync/index.ts';
import { engines } from '../support/engines.ts';
import { ROSTER, contents, openRunFixture, stamps, type RunFixture } from './run-fixture.ts';

describe.each(engines())('sync runs from our own provider over HTTP on %s', (engine) => {
  let f: RunFixture;
  let connection: Connection;
  beforeAll(async () => {
    f = await openRunFixture(engine);
  });
  afterAll(async () => {
    await f.close();
  });

  it('imports the whole district into an empty store with OAuth 2.0 (1.2), and a re-run changes nothing', async () => {
    connection = await f.connect({ auth: 'oauth2', version: '1.2' });
    const run = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.problems).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(run.full).toBe(true);
    for (const entity of ROSTER) {
      const expected = await contents(f.source, entity);
      expect(run.counts[entity]?.created, entity).toBe(expected.size);
      expect(await contents(f.target, entity), entity).toEqual(expected);
    }
    const before = await stamps(f.target);
    f.clock.advance(60_000);
    const again = await runSync(f.deps(), connection.id, { trigger: 'schedule' });
    expect(again.status).toBe('succeeded');
    expect(again.trigger).toBe('schedule');
    expect(Object.values(again.counts).every((c) => c !== undefined && c.created + c.updated + c.deleted === 0 && c.unchanged === c.incoming)).toBe(true);
    expect(await stamps(f.target)).toEqual(before);
  });

  it('commits an update and a delete of the source, bumps what they touch, and records lineage', async () => {
    const users = entityDecl('users');
    const enrollments = entityDecl('enrollments');
    const sourceUsers: UserRecord[] = [];
    for await (const u of streamRecords<UserRecord>(f.source.db, f.source.dialect, users)) sourceUsers.push(u);
    const changed = sourceUsers.find((u) => u.roles.some((r) => r.role === 'student'));
    const leaving = sourceUsers.filter((u) => u.roles.some((r) => r.role === 'student'))[1];
    if (changed === undefined || leaving === undefined) throw new Error('the demo district has students');
    const leavingEnrollments: EnrollmentRecord[] = [];
    for await (const e of streamRecords<EnrollmentRecord>(f.source.db, f.source.dialect, enrollments)) if (e.user === leaving.sourcedId) leavingEnrollments.push(e);
    f.clock.advance(60_000);
    const now = f.clock.now().toISOString();
    await upsertRecords(f.source.db, f.source.dialect, users, [{ ...changed, givenName: 'Renamed' }], { districtId: f.districtId, now });
    await tombstoneRecords(f.source.db, f.source.dialect, users, [leaving.sourcedId], { districtId: f.districtId, now });
    await tombstoneRecords(f.source.db, f.source.dialect, enrollments, leavingEnrollments.map((e) => e.sourcedId), { districtId: f.districtId, now });
    const before = await stamps(f.target);

    f.clock.advance(60_000);
    const run = await runSync(f.deps(), connection.id, { trigger: 'manual' });
    expect(run.status).toBe('succeeded');
    expect(run.counts.users).toMatchObject({ updated: 1, deleted: 1, created: 0 });
    expect(run.counts.enrollments).toMatchObject({ updated: 0, deleted: leavingEnrollments.length, created: 0 });
    const stored = await readRecords(f.target.db, f.target.dialect, users, [changed.sourcedId, leaving.sourcedId]);
    expect(stored.get(changed.sourcedId)?.givenName).toBe('Renamed');
    expect(stored.get(leaving.sourcedId)?.status).toBe('tobedeleted');
    // Only the changed records and those whose relationships changed (the classes of removed enrollments) moved.
    const after = await stamps(f.target);
    const moved = after.filter((line) => !before.includes(line)).map((line) => line.split('/').slice(0, 2).join('/'));
    const classes = leavingEnrollments.map((e) => `classes/${e.class}`);
    // A changed or removed user bumps its agents (guardians), as the CSV importer does.
    const agents = [...(changed.agents ?? []), ...(leaving.agents ?? [])].map((id) => `users/${id}`);
    expect(new Set(moved)).toEqual(new Set([`users/${changed.sourcedId}`, `users/${leaving.sourcedId}`, ...leavingEnrollments.map((e) => `enrollments/${e.sourcedId}`), ...classes, ...agents]));

    const lineage = await recordLineage(f.target.db, 'users', changed.sourcedId);
    expect(lineage.map((l) => [l.action, l.origin, l.sourceId])).toEqual([
      ['create', '/ims/oneroster/rostering/v1p2/users', changed.sourcedId],
      ['update', '/ims/oneroster/rostering/v1p2/users', changed.sourcedId],
    ]);
    expect((await recordLineage(f.target.db, 'users', leaving.sourcedId)).at(-1)).toMatchObject({ action: 'delete', runId: run.id, origin: '/ims/oneroster/rostering/v1p2/users (absent from a full read)' });
  });

  it('applies the rules over OAuth 1.0a on OneRoster 1.1: a school chosen and mapped onto a hub school, an ID prefix, a filter; lineage names the rules', async () => {
    const schools = [...(await contents(f.source, 'orgs')).values()].filter((o) => 'type' in o && o.type === 'school').map((o) => o.sourcedId);
    const [hubSchool, chosen] = schools;
    if (hubSchool === undefined || chosen === undefined) throw new Error('two schools');
    const oauth1 = await f.connect({ auth: 'oauth1', version: '1.1' });
    await saveSyncSettings(f.target.db, f.ctx, oauth1, {
      rules: {
        schools: { selected: [chosen], map: { [chosen]: hubSchool } },
        idPrefix: 'sp1:',
        filters: { users: { match: 'all', conditions: [{ field: 'role', operator: 'notEquals', value: 'aide' }] } },
      },
    });
    const run = await runSync(f.deps(), oauth1.id, { trigger: 'manual' });
    expect(run.errors).toEqual([]);
    expect(run.problems).toEqual([]);
    expect(run.status).toBe('succeeded');
    // The district comes in (prefixed); the chosen school becomes the hub's; the others stay out.
    expect(run.counts.orgs).toMatchObject({ created: 1, dropped: 3 });
    expect(run.counts.users?.dropped).toBeGreaterThan(0);
    const orgs = await contents(f.target, 'orgs');
    expect([...orgs.keys()].filter((id) => id.startsWith('sp1:'))).toEqual([`sp1:${f.districtId}`]);
    const classes = [...(await contents(f.target, 'classes')).values()].filter((c) => c.sourcedId.startsWith('sp1:'));
    expect(classes.length).toBeGreaterThan(0);
    expect(new Set(classes.map((c) => ('school' in c ? c.school : '')))).toEqual(new Set([hubSchool]));
    const someClass = classes[0];
    if (someClass === undefined) throw new Error('a class');
    const lineage = await recordLineage(f.target.db, 'classes', someClass.sourcedId);
    expect(lineage).toHaveLength(1);
    expect(lineage[0]).toMatchObject({ action: 'create', runId: run.id, origin: '/ims/oneroster/v1p1/classes', sourceId: someClass.sourcedId.slice('sp1:'.length) });
    expect(lineage[0]?.rules).toEqual(['schools mapping', 'SIS ID prefix']);
    // The first connection's records stayed as they were: the second wrote only prefixed ids.
    expect(run.counts.users?.created).toBe(run.counts.users?.incoming);
  });
});
