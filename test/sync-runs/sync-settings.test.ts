import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS, isFullRead, parseSyncSettings, type SyncSettings } from '../../src/sync/run/index.ts';

describe('sync settings', () => {
  it('lists every problem of a settings document at once, shape and model alike', () => {
    const parsed = parseSyncSettings({
      rules: { idPrefix: 'bad prefix!', filters: { users: { match: 'some', conditions: [{ field: 'shoeSize', operator: 'equals', value: '9' }] } }, uniqueness: ['phone'], colour: 'red' },
      guard: { users: { deletePercent: 150, oops: 1 }, pets: {} },
      previewRequired: 'yes',
      rollover: [{ from: '2026-07-01', to: '2026-06-01', mode: 'pause' }, { from: 'July', to: '2026-08-01', mode: 'pause' }, { from: '2026-07-01', to: '2026-07-02', mode: 'nap' }],
      timeZone: 'Mars/Olympus',
      readMode: 'sometimes',
      fullSyncEveryDays: 0,
      extra: true,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      "'extra' is not a setting (one of rules, guard, previewRequired, rollover, timeZone, readMode, fullSyncEveryDays)",
      "rules: 'colour' is not a rule (one of schools, filters, staffMode, emergencyContacts, attributes, requirements, idPrefix, uniqueness, masterFields)",
      'rules.filters.users.match must be all or any',
      "rules.uniqueness: 'phone' is not email, username or userIds:<type>",
      'guard: users.deletePercent must be a number from 0 to 100',
      'guard: users.oops is not a threshold (one of deletePercent, deleteCount, updatePercent, minimumSourcePercent)',
      "guard: 'pets' is not an entity",
      'previewRequired must be true or false',
      'timeZone must be an IANA time zone such as America/Chicago',
      'readMode must be full or delta',
      'fullSyncEveryDays must be a whole number of days from 1 to 366, or null',
      'rollover[0]: from 2026-07-01 is after to 2026-06-01',
      'rollover[1]: from and to must be days YYYY-MM-DD',
      'rollover[2]: mode must be pause or freezeDeletes',
    ]);
  });

  it('checks well-shaped rules against the model too, and keeps what a document leaves out', () => {
    const base: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, previewRequired: true, rules: { idPrefix: 'a:' } };
    const bad = parseSyncSettings({ rules: { filters: { users: { match: 'all', conditions: [{ field: 'shoeSize', operator: 'equals', value: '9' }] } } } }, base);
    expect(bad).toEqual({ ok: false, problems: ["filter rules: users has no field 'shoeSize'"] });
    const good = parseSyncSettings({ guard: { users: { deletePercent: 5 } } }, base);
    expect(good).toEqual({ ok: true, value: { ...base, guard: { users: { deletePercent: 5 } } } });
    // Rules merge one by one; null removes one.
    const merged = parseSyncSettings({ rules: { staffMode: 'teaching' } }, base);
    expect(merged.ok && merged.value.rules).toEqual({ idPrefix: 'a:', staffMode: 'teaching' });
    const cleared = parseSyncSettings({ rules: { idPrefix: null, emergencyContacts: false } }, base);
    expect(cleared.ok && cleared.value.rules).toEqual({ emergencyContacts: false });
  });

  it('reads in full without a watermark, in full mode, and when the reconciliation is due', () => {
    const now = new Date('2026-03-10T00:00:00Z');
    const delta = { ...DEFAULT_SYNC_SETTINGS, readMode: 'delta' as const, fullSyncEveryDays: 7 };
    expect(isFullRead({ settings: DEFAULT_SYNC_SETTINGS, watermark: '2026-03-09T00:00:00.000Z', lastFullSyncAt: '2026-03-09T00:00:00.000Z' }, now)).toBe(true);
    expect(isFullRead({ settings: delta, watermark: null, lastFullSyncAt: null }, now)).toBe(true);
    expect(isFullRead({ settings: delta, watermark: '2026-03-09T00:00:00.000Z', lastFullSyncAt: '2026-03-05T00:00:00.000Z' }, now)).toBe(false);
    expect(isFullRead({ settings: delta, watermark: '2026-03-09T00:00:00.000Z', lastFullSyncAt: '2026-03-03T00:00:00.000Z' }, now)).toBe(true);
  });
});
