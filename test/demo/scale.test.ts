import { describe, expect, it } from 'vitest';
import { createDemoDistrict } from '../../src/demo/index.ts';
import type { EntityName } from '../../src/model/records.ts';

describe('demo district at scale', () => {
  it('streams 50 000 students with counts that match what records() yields', () => {
    const district = createDemoDistrict({ students: 50_000, seed: 'scale', schoolYear: 2026 });
    // Count without keeping records: the streams are generators recomputed per student.
    for (const entity of Object.keys(district.counts) as EntityName[]) {
      let n = 0;
      for (const _record of district.records(entity)) n++;
      expect(n, entity).toBe(district.counts[entity]);
    }
    expect(district.counts.demographics).toBe(50_000);
    expect(district.counts.users).toBeGreaterThan(50_000 * 2);
    expect(district.counts.enrollments).toBeGreaterThan(50_000 * 4);
  });
});
