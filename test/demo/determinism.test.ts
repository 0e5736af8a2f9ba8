import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDemoDistrict, type DemoDistrict } from '../../src/demo/index.ts';
import type { EntityName } from '../../src/model/records.ts';

const ENTITIES: readonly EntityName[] = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'enrollments',
  'demographics',
  'categories',
  'lineItems',
  'results',
];

/** A digest of an entity's records, in order, byte for byte. */
function digest(district: DemoDistrict, entity: EntityName): string {
  const hash = createHash('sha256');
  for (const record of district.records(entity)) hash.update(`${JSON.stringify(record)}\n`);
  return hash.digest('hex');
}

describe('demo district determinism', () => {
  it('gives byte-identical records for the same options', () => {
    const a = createDemoDistrict({ students: 400, seed: 'alpha', schoolYear: 2026 });
    const b = createDemoDistrict({ students: 400, seed: 'alpha', schoolYear: 2026 });
    expect(b.districtId).toBe(a.districtId);
    expect(b.counts).toEqual(a.counts);
    for (const entity of ENTITIES) expect(digest(b, entity), entity).toBe(digest(a, entity));
  });

  it('yields the same sequence every time records() is iterated, even after callers mutate records', () => {
    const district = createDemoDistrict({ students: 120, schoolYear: 2026 });
    const users = district.records('users');
    const first = JSON.stringify([...users]);
    for (const user of users) user.givenName = 'Changed';
    for (const org of district.records('orgs')) org.name = 'Changed';
    expect(JSON.stringify([...users])).toBe(first);
    expect([...district.records('orgs')].map((o) => o.name)).not.toContain('Changed');
  });

  it('gives different districts for different seeds', () => {
    const a = createDemoDistrict({ students: 200, seed: 'alpha', schoolYear: 2026 });
    const b = createDemoDistrict({ students: 200, seed: 'beta', schoolYear: 2026 });
    expect(b.districtId).not.toBe(a.districtId);
    const idsOf = (d: DemoDistrict): Set<string> => new Set([...d.records('users')].map((u) => u.sourcedId));
    const shared = [...idsOf(a)].filter((id) => idsOf(b).has(id));
    expect(shared).toEqual([]);
    for (const entity of ['users', 'classes', 'enrollments'] as const) {
      expect(digest(b, entity), entity).not.toBe(digest(a, entity));
    }
  });

  it('treats a numeric seed like its text and defaults the seed', () => {
    expect(createDemoDistrict({ students: 10, seed: 42, schoolYear: 2026 }).districtId).toBe(
      createDemoDistrict({ students: 10, seed: '42', schoolYear: 2026 }).districtId,
    );
    expect(createDemoDistrict({ students: 10, schoolYear: 2026 }).districtId).toBe(
      createDemoDistrict({ students: 10, seed: 'rosterbridge', schoolYear: 2026 }).districtId,
    );
  });

  it('derives the school year from `now`: August or later belongs to the next calendar year', () => {
    expect(createDemoDistrict({ students: 5, now: new Date('2025-07-31T12:00:00Z') }).schoolYear).toBe(2025);
    expect(createDemoDistrict({ students: 5, now: new Date('2025-08-01T12:00:00Z') }).schoolYear).toBe(2026);
    expect(createDemoDistrict({ students: 5, now: new Date('2026-01-15T12:00:00Z') }).schoolYear).toBe(2026);
    const district = createDemoDistrict({ students: 5, schoolYear: 2031 });
    const year = [...district.records('academicSessions')].find((s) => s.type === 'schoolYear');
    expect(year).toMatchObject({ title: '2030-2031', schoolYear: '2031' });
  });
});
