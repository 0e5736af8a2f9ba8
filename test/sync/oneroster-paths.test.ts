import { describe, expect, it } from 'vitest';
import { entityDecl, type EntityName, type Version } from '../../src/model/index.ts';
import { alternativeLayouts, collectionPath, recordPath, type PathLayout } from '../../src/sync/index.ts';

const path = (version: Version, entity: EntityName, layout: PathLayout): string => collectionPath(version, entityDecl(entity), layout);

describe('OneRoster paths per layout (pure)', () => {
  it('standard: 1.1 under one base, 1.2 under one base per service', () => {
    expect(['users', 'lineItems', 'resources'].map((e) => path('1.1', e as EntityName, 'standard'))).toEqual(['/ims/oneroster/v1p1/users', '/ims/oneroster/v1p1/lineItems', '/ims/oneroster/v1p1/resources']);
    expect(['users', 'lineItems', 'resources'].map((e) => path('1.2', e as EntityName, 'standard'))).toEqual([
      '/ims/oneroster/rostering/v1p2/users',
      '/ims/oneroster/gradebook/v1p2/lineItems',
      '/ims/oneroster/resources/v1p2/resources',
    ]);
  });

  it('flat: 1.2 without the service segment, as Skyward Qmlativ serves it', () => {
    expect(['users', 'results', 'resources'].map((e) => path('1.2', e as EntityName, 'flat'))).toEqual(['/ims/oneroster/v1p2/users', '/ims/oneroster/v1p2/results', '/ims/oneroster/v1p2/resources']);
    // 1.1 has no segment to leave out (the settings refuse flat with 1.1; the path stays the spec's).
    expect(path('1.1', 'users', 'flat')).toBe('/ims/oneroster/v1p1/users');
  });

  it('per-service bases: each service given under its own prefix, the others standard', () => {
    const classLink: PathLayout = { rostering: '/ims/oneroster/v1p1' };
    expect(path('1.2', 'users', classLink)).toBe('/ims/oneroster/v1p1/users');
    expect(path('1.2', 'categories', classLink)).toBe('/ims/oneroster/gradebook/v1p2/categories');
    expect(path('1.1', 'results', { gradebook: '/gradebook/v1p1' })).toBe('/gradebook/v1p1/results');
    expect(path('1.1', 'orgs', { gradebook: '/gradebook/v1p1' })).toBe('/ims/oneroster/v1p1/orgs');
  });

  it('a record by id under the layout, its id percent-encoded (what the 2-way push PUTs and DELETEs)', () => {
    expect(recordPath('1.2', entityDecl('lineItems'), 'li 1/a', 'standard')).toBe('/ims/oneroster/gradebook/v1p2/lineItems/li%201%2Fa');
    expect(recordPath('1.2', entityDecl('lineItems'), 'li-1', 'flat')).toBe('/ims/oneroster/v1p2/lineItems/li-1');
    expect(recordPath('1.2', entityDecl('results'), 'r1', { gradebook: '/sis/gb' })).toBe('/sis/gb/results/r1');
    expect(recordPath('1.1', entityDecl('results'), 'r1', 'standard')).toBe('/ims/oneroster/v1p1/results/r1');
  });

  it('the layouts Test connection tries instead of the standard one: flat, then v1p1 for every service; none for 1.1', () => {
    expect(alternativeLayouts('1.2').map((l) => path('1.2', 'users', l))).toEqual(['/ims/oneroster/v1p2/users', '/ims/oneroster/v1p1/users']);
    expect(alternativeLayouts('1.1')).toEqual([]);
  });
});
