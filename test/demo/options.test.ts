import { describe, expect, it } from 'vitest';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { isHubError } from '../../src/kernel/index.ts';

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('demo district options', () => {
  it.each([0, -1, 1.5, 200_001, Number.NaN])('rejects %s students with invalid_argument', (students) => {
    expect(isHubError(failure(() => createDemoDistrict({ students, schoolYear: 2026 })), 'invalid_argument')).toBe(true);
  });

  it('rejects a school year that is not a four-digit year and an invalid `now`', () => {
    expect(isHubError(failure(() => createDemoDistrict({ students: 5, schoolYear: 26 })), 'invalid_argument')).toBe(true);
    expect(isHubError(failure(() => createDemoDistrict({ students: 5, now: new Date('nope') })), 'invalid_argument')).toBe(
      true,
    );
  });

  it('yields nothing for the entities it does not generate', () => {
    const district = createDemoDistrict({ students: 50, schoolYear: 2026 });
    for (const entity of ['scoreScales', 'resources', 'classResources', 'courseResources', 'userResources'] as const) {
      expect(district.counts[entity]).toBe(0);
      expect([...district.records(entity)]).toEqual([]);
    }
  });
});
