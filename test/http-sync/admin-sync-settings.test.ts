import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, markOutbox } from '../../src/gradebook/index.ts';
// The gradebook writer records outbox rows inside its own transaction; the test writes one directly.
import { recordOutbox } from '../../src/gradebook/outbox.ts';
import { entityDecl, type OrgRecord } from '../../src/model/index.ts';
import { upsertRecords } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { addCsvConnection, openSyncAdminFixture, START, type SyncAdminFixture } from './sync-admin-fixture.ts';

interface Problems {
  error: string;
  message: string;
  problems?: string[];
}

describe.each(engines())('connection settings, schools, schedule and push in the admin API on %s', (engine) => {
  let f: SyncAdminFixture;
  let id: string;
  beforeAll(async () => {
    f = await openSyncAdminFixture(engine);
    id = await addCsvConnection(f);
  });
  afterAll(async () => {
    await f.close();
  });

  it('shows the settings in force and saves a settings document', async () => {
    const shown = await f.call('GET', `/admin/api/connections/${id}/settings`);
    expect(shown.statusCode).toBe(200);
    expect(shown.json()).toMatchObject({ settings: { previewRequired: false, readMode: 'full', rules: {} }, watermark: null, lastFullSyncAt: null });
    const saved = await f.call('PUT', `/admin/api/connections/${id}/settings`, { previewRequired: true, readMode: 'delta', fullSyncEveryDays: 7, rules: { idPrefix: 'maple:' }, guard: { users: { deletePercent: 25 } } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ settings: { previewRequired: true, readMode: 'delta', fullSyncEveryDays: 7, rules: { idPrefix: 'maple:' }, guard: { users: { deletePercent: 25 } } } });
    // Parts left out keep their values.
    await f.call('PUT', `/admin/api/connections/${id}/settings`, { readMode: 'full' });
    expect((await f.call('GET', `/admin/api/connections/${id}/settings`)).json()).toMatchObject({ settings: { previewRequired: true, readMode: 'full', rules: { idPrefix: 'maple:' } } });
  });

  it('refuses a settings document with every problem listed, and saves nothing of it', async () => {
    const before = (await f.call('GET', `/admin/api/connections/${id}/settings`)).json();
    const refused = await f.call('PUT', `/admin/api/connections/${id}/settings`, { previewRequired: 'yes', timeZone: 'Mars/Olympus', guard: { wizards: {} }, colour: 'blue', readMode: 'full' });
    expect(refused.statusCode).toBe(400);
    const body = refused.json<Problems>();
    expect(body.error).toBe('invalid_argument');
    expect(body.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining("'colour' is not a setting"),
        "guard: 'wizards' is not an entity",
        'previewRequired must be true or false',
        'timeZone must be an IANA time zone such as America/Chicago',
      ]),
    );
    expect(body.problems).toHaveLength(4);
    expect((await f.call('PUT', `/admin/api/connections/${id}/settings`, [1, 2])).json<Problems>().problems).toEqual(['the settings must be a JSON object']);
    expect((await f.call('GET', `/admin/api/connections/${id}/settings`)).json()).toEqual(before);
    expect((await f.call('PUT', '/admin/api/connections/nope/settings', {})).statusCode).toBe(404);
  });

  it('lists the source schools beside the hub\'s, proposes a mapping by name, and saves a selection and a map', async () => {
    const sourceSchools = [...f.district.records('orgs')].filter((o) => o.type === 'school');
    const [first, second] = sourceSchools;
    if (first === undefined || second === undefined) throw new Error('two demo schools');
    const hubSchool: OrgRecord = { sourcedId: 'hub-school-1', status: 'active', name: first.name.toUpperCase(), type: 'school', parent: f.district.districtId };
    await upsertRecords(f.store.db, f.store.dialect, entityDecl('orgs'), [hubSchool], { districtId: f.district.districtId, now: START });

    const listed = await f.call('GET', `/admin/api/connections/${id}/schools`);
    expect(listed.statusCode, listed.body).toBe(200);
    const report = listed.json<{ report: { source: Array<{ sourcedId: string }>; hub: Array<{ sourcedId: string }>; proposal: Record<string, string>; current: object } }>().report;
    expect(report.source.map((s) => s.sourcedId).sort()).toEqual(sourceSchools.map((s) => s.sourcedId).sort());
    expect(report.hub.map((s) => s.sourcedId)).toEqual(['hub-school-1']);
    expect(report.proposal).toEqual({});
    const auto = await f.call('GET', `/admin/api/connections/${id}/schools?auto=name`);
    expect(auto.json<{ report: { proposal: Record<string, string> } }>().report.proposal).toEqual({ [first.sourcedId]: 'hub-school-1' });
    expect((await f.call('GET', `/admin/api/connections/${id}/schools?auto=zip`)).statusCode).toBe(400);

    const mapped = await f.call('POST', `/admin/api/connections/${id}/schools`, { select: [first.sourcedId, second.sourcedId], map: { [first.sourcedId]: 'hub-school-1' } });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json()).toEqual({ schools: { selected: [first.sourcedId, second.sourcedId], map: { [first.sourcedId]: 'hub-school-1' } } });
    // Only the selection changes; the map stays.
    expect((await f.call('POST', `/admin/api/connections/${id}/schools`, { select: [first.sourcedId] })).json()).toEqual({ schools: { selected: [first.sourcedId], map: { [first.sourcedId]: 'hub-school-1' } } });
    expect((await f.call('GET', `/admin/api/connections/${id}/schools`)).json<{ report: { current: object } }>().report.current).toEqual({ selected: [first.sourcedId], map: { [first.sourcedId]: 'hub-school-1' } });
    expect((await f.call('GET', `/admin/api/connections/${id}/settings`)).json()).toMatchObject({ settings: { rules: { idPrefix: 'maple:', schools: { selected: [first.sourcedId] } } } });

    for (const bad of [{}, { select: 'all' }, { map: { [first.sourcedId]: 7 } }]) expect((await f.call('POST', `/admin/api/connections/${id}/schools`, bad)).statusCode, JSON.stringify(bad)).toBe(400);
  });

  it('answers 502 when the source of a connection cannot be read for its schools', async () => {
    const created = await f.call('POST', '/admin/api/connections', { name: 'Gone CSV', districtId: f.district.districtId, kind: 'oneroster-csv', csv: { location: '/nonexistent/district.zip' } });
    const gone = created.json<{ connection: { id: string } }>().connection.id;
    const answered = await f.call('GET', `/admin/api/connections/${gone}/schools`);
    expect(answered.statusCode).toBe(502);
    expect(answered.json<Problems>().error).toBe('bundle_unreadable');
  });

  it('sets, shows and turns off a schedule with its next five run times, and queues a run now', async () => {
    expect((await f.call('GET', `/admin/api/connections/${id}/schedule`)).json()).toEqual({ connection: { id, name: 'Nightly CSV' }, schedule: null, nextRuns: [] });
    const set = await f.call('PUT', `/admin/api/connections/${id}/schedule`, { at: '02:00', days: 'weekdays', timeZone: 'America/Chicago' });
    expect(set.statusCode, set.body).toBe(200);
    const expected = {
      schedule: { connectionId: id, enabled: true, rule: { kind: 'daily', hour: 2, minute: 0, days: 'weekdays', timeZone: 'America/Chicago' } },
      // START is Tuesday 2026-03-10 15:00 UTC; 02:00 in Chicago (CDT) is 07:00 UTC, on weekdays.
      nextRuns: ['2026-03-11T07:00:00.000Z', '2026-03-12T07:00:00.000Z', '2026-03-13T07:00:00.000Z', '2026-03-16T07:00:00.000Z', '2026-03-17T07:00:00.000Z'],
    };
    expect(set.json()).toMatchObject(expected);
    expect((await f.call('GET', `/admin/api/connections/${id}/schedule`)).json()).toMatchObject(expected);
    expect((await f.call('PUT', `/admin/api/connections/${id}/schedule`, { cron: '30 1 * * 0', timeZone: 'UTC' })).json()).toMatchObject({ schedule: { rule: { kind: 'cron', cron: '30 1 * * 0' } }, nextRuns: ['2026-03-15T01:30:00.000Z', expect.any(String), expect.any(String), expect.any(String), expect.any(String)] });

    const refused = await f.call('PUT', `/admin/api/connections/${id}/schedule`, { at: '25:00', timeZone: 'Mars/Olympus' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<Problems>().problems?.length).toBeGreaterThanOrEqual(2);
    expect((await f.call('PUT', `/admin/api/connections/${id}/schedule`, { at: 2 })).statusCode).toBe(400);
    expect((await f.call('GET', `/admin/api/connections/${id}/schedule`)).json()).toMatchObject({ schedule: { rule: { kind: 'cron' }, enabled: true } });

    const off = await f.call('DELETE', `/admin/api/connections/${id}/schedule`);
    expect(off.json()).toMatchObject({ schedule: { enabled: false, rule: { kind: 'cron' } }, nextRuns: [] });
    expect((await f.call('GET', `/admin/api/connections/${id}/schedule`)).json()).toMatchObject({ schedule: { enabled: false }, nextRuns: [] });

    const queued = await f.call('POST', `/admin/api/connections/${id}/run-now`);
    expect(queued.statusCode, queued.body).toBe(202);
    expect(queued.json()).toMatchObject({ connection: { id }, queued: true, jobId: expect.any(String) });
    const twice = await f.call('POST', `/admin/api/connections/${id}/run-now`);
    expect(twice.statusCode).toBe(200);
    expect(twice.json()).toMatchObject({ queued: false, reason: 'already-queued' });
    expect((await f.call('POST', '/admin/api/connections/nope/run-now')).statusCode).toBe(404);
  });

  it('pushes, lists the outbox and retries failed rows of a two-way connection, and refuses an import-only one', async () => {
    const secret = 'push-secret-value-0123';
    const created = await f.call('POST', '/admin/api/connections', {
      name: 'SIS two-way',
      districtId: f.district.districtId,
      kind: 'oneroster-rest',
      mode: 'two-way',
      clientSecret: secret,
      rest: { version: '1.2', baseUrl: 'http://127.0.0.1:9/API', tokenUrl: 'http://127.0.0.1:9/API/oauth/token', clientId: 'rosterbridge' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const twoWay = created.json<{ connection: { id: string } }>().connection.id;

    const nothing = await f.call('POST', `/admin/api/connections/${twoWay}/push`);
    expect(nothing.statusCode, nothing.body).toBe(200);
    expect(nothing.json()).toEqual({ push: { connection: 'SIS two-way', rows: 0, pushed: 0, failed: 0, retryLater: 0, stopped: null } });
    expect((await f.call('GET', `/admin/api/connections/${twoWay}/outbox`)).json()).toEqual({ outbox: [] });
    const importOnly = await f.call('POST', `/admin/api/connections/${id}/push`);
    expect(importOnly.statusCode).toBe(400);
    expect(importOnly.json<Problems>().message).toContain('does not push grades');

    // A gradebook write the SIS refused for good: listed as failed, then put back to pending.
    const now = f.clock.now().toISOString();
    await recordOutbox(f.store.db, f.district.districtId, now, [{ entity: 'results', sourcedId: 'r-1', operation: 'put' }]);
    const [row] = await listOutbox(f.store.db, f.district.districtId);
    await markOutbox(f.store.db, [row?.id ?? ''], { status: 'failed', lastStatus: 422, lastError: 'the SIS refused the record (422)' }, now);
    const failed = (await f.call('GET', `/admin/api/connections/${twoWay}/outbox?status=failed`)).json<{ outbox: Array<{ sourcedId: string; status: string; lastStatus: number }> }>().outbox;
    expect(failed).toMatchObject([{ sourcedId: 'r-1', status: 'failed', lastStatus: 422 }]);
    expect((await f.call('GET', `/admin/api/connections/${twoWay}/outbox?status=pending`)).json()).toEqual({ outbox: [] });
    expect((await f.call('GET', `/admin/api/connections/${twoWay}/outbox?status=lost`)).statusCode).toBe(400);
    expect((await f.call('GET', `/admin/api/connections/${twoWay}/outbox?limit=0`)).statusCode).toBe(400);
    expect((await f.call('POST', `/admin/api/connections/${twoWay}/retry-push`)).json()).toEqual({ requeued: 1 });
    expect((await f.call('GET', `/admin/api/connections/${twoWay}/outbox?status=pending`)).json()).toMatchObject({ outbox: [{ sourcedId: 'r-1', status: 'pending', attempts: 0 }] });
    expect((await f.call('POST', `/admin/api/connections/${twoWay}/retry-push`)).json()).toEqual({ requeued: 0 });
    for (const response of [nothing, created]) expect(response.body).not.toContain(secret);
  });

  it('refuses every settings, schools, schedule and push route without an admin token', async () => {
    const routes: Array<['GET' | 'POST' | 'PUT' | 'DELETE', string]> = [
      ['GET', `/admin/api/connections/${id}/settings`],
      ['PUT', `/admin/api/connections/${id}/settings`],
      ['GET', `/admin/api/connections/${id}/schools`],
      ['POST', `/admin/api/connections/${id}/schools`],
      ['GET', `/admin/api/connections/${id}/schedule`],
      ['PUT', `/admin/api/connections/${id}/schedule`],
      ['DELETE', `/admin/api/connections/${id}/schedule`],
      ['POST', `/admin/api/connections/${id}/run-now`],
      ['POST', `/admin/api/connections/${id}/push`],
      ['GET', `/admin/api/connections/${id}/outbox`],
      ['POST', `/admin/api/connections/${id}/retry-push`],
    ];
    for (const [method, url] of routes) {
      const refused = await f.app.inject({ method, url, payload: method === 'PUT' || method === 'POST' ? { previewRequired: false, at: '03:00', select: ['x'] } : undefined });
      expect(refused.statusCode, `${method} ${url}`).toBe(401);
    }
    // Nothing a refused request carried was saved.
    expect((await f.call('GET', `/admin/api/connections/${id}/settings`)).json()).toMatchObject({ settings: { previewRequired: true } });
    expect((await f.call('GET', `/admin/api/connections/${id}/schedule`)).json()).toMatchObject({ schedule: { enabled: false } });
  });
});
