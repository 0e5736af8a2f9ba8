import { describe, expect, it } from 'vitest';
import {
  parseCollectionQuery,
  type CollectionQuery,
  type CollectionQueryOptions,
  type QueryError,
} from '../../src/model/query/index.ts';
import { fakeCatalog } from './fake-catalog.ts';

const V11: CollectionQueryOptions = { version: '1.1' };
const V12: CollectionQueryOptions = { version: '1.2' };

function ok(raw: string, options: CollectionQueryOptions = V12): CollectionQuery {
  const result = parseCollectionQuery(raw, fakeCatalog, options);
  if (!result.ok) throw new Error(`expected ${raw} to parse, got: ${result.error.code} ${result.error.message}`);
  return result.query;
}

function refused(raw: string, options: CollectionQueryOptions = V12): QueryError {
  const result = parseCollectionQuery(raw, fakeCatalog, options);
  if (result.ok) throw new Error(`expected ${raw} to be refused`);
  return result.error;
}

describe('parseCollectionQuery: filter decoding', () => {
  const expected = {
    kind: 'and',
    operands: [
      { kind: 'comparison', path: 'email', fieldKind: 'string', predicate: '=', value: 'a@b.org' },
      { kind: 'comparison', path: 'status', fieldKind: 'enum', predicate: '=', value: 'active' },
    ],
  };

  it.each([
    ["filter=email='a@b.org' AND status='active'"],
    ['filter=email%3D%27a%40b.org%27%20AND%20status%3D%27active%27'],
    ['filter=email%3d%27a%40b.org%27+AND+status%3d%27active%27'],
    ["filter=email='a@b.org'+AND+status='active'"],
    ["filter=email%3D'a@b.org'%20AND status%3D%27active'"],
    ["?limit=5&filter=email='a@b.org' AND status='active'"],
  ])('gives the same AST for %s', (raw) => {
    expect(ok(raw).filter).toEqual(expected);
  });

  it("keeps '+' in a raw quoted value and decodes %2B to '+'", () => {
    const plus = { kind: 'comparison', path: 'email', fieldKind: 'string', predicate: '=', value: 'a+b@x.org' };
    expect(ok("filter=email='a+b@x.org'").filter).toEqual(plus);
    expect(ok('filter=email%3D%27a%2Bb%40x.org%27').filter).toEqual(plus);
    expect(ok("filter=email='a%2Bb@x.org'").filter).toEqual(plus);
  });

  it("reads '+' as a space inside a value whose quotes were encoded (form encoding)", () => {
    expect(ok('filter=givenName%3D%27Mary+Ann%27').filter).toMatchObject({ value: 'Mary Ann' });
    expect(ok(`filter=${new URLSearchParams({ x: "givenName='Mary Ann'" }).toString().slice(2)}`).filter).toMatchObject({
      value: 'Mary Ann',
    });
  });

  it("does not split on '&' inside a raw quoted filter value", () => {
    const query = ok("filter=givenName='Tom & Jerry'&limit=7&offset=3");
    expect(query.filter).toMatchObject({ path: 'givenName', value: 'Tom & Jerry' });
    expect(query).toMatchObject({ limit: 7, offset: 3 });
    expect(ok("filter=givenName='a&b' OR givenName='c&d=e'&limit=2").filter).toMatchObject({
      kind: 'or',
      operands: [{ value: 'a&b' }, { value: 'c&d=e' }],
    });
  });

  it("splits on '&' after an encoded closing quote and keeps %26 inside values", () => {
    const query = ok('filter=givenName%3D%27Tom%20%26%20Jerry%27&limit=7');
    expect(query.filter).toMatchObject({ value: 'Tom & Jerry' });
    expect(query.limit).toBe(7);
  });

  it("keeps a lone '%' literal and decodes UTF-8 escapes", () => {
    expect(ok("filter=givenName~'100%'").filter).toMatchObject({ value: '100%' });
    expect(ok("filter=givenName~'50%2'").filter).toMatchObject({ value: '50%2' });
    expect(ok("filter=givenName~'%zz'").filter).toMatchObject({ value: '%zz' });
    expect(ok('filter=givenName%3D%27Zo%C3%AB%27').filter).toMatchObject({ value: 'Zoë' });
    expect(ok("filter=givenName='Zoë'").filter).toMatchObject({ value: 'Zoë' });
    expect(ok('filter=givenName%3D%27%FF%27').filter).toMatchObject({ value: '\uFFFD' });
  });

  it('keeps the doubled-quote escape through decoding', () => {
    expect(ok("filter=familyName='O''Brien'").filter).toMatchObject({ value: "O'Brien" });
    expect(ok('filter=familyName%3D%27O%27%27Brien%27').filter).toMatchObject({ value: "O'Brien" });
  });

  it('normalises a +02:00 offset whether its + arrived raw, encoded, or as a form-encoded space', () => {
    const value = '2024-03-01T08:00:00.000Z';
    expect(ok("filter=dateLastModified>'2024-03-01T10:00:00+02:00'").filter).toMatchObject({ value });
    expect(ok('filter=dateLastModified%3E%272024-03-01T10:00:00%2B02:00%27').filter).toMatchObject({ value });
    expect(ok('filter=dateLastModified%3E%272024-03-01T10:00:00+02:00%27').filter).toMatchObject({ value });
  });

  it('refuses a bad filter, an empty one and one repeated with different values', () => {
    expect(refused("filter=nickname='x'")).toMatchObject({ code: 'invalid_filter_field' });
    expect(refused('filter=')).toMatchObject({ code: 'invalid_filter_field', message: 'filter is empty' });
    expect(refused("filter=status='a'&filter=status='b'")).toMatchObject({ code: 'invalid_filter_field' });
    expect(ok("filter=status='a'&filter=status='a'").filter).toMatchObject({ value: 'a' });
  });

  it('reports an unterminated quote that swallowed the rest of the query', () => {
    const error = refused("filter=status='active&limit=5");
    expect(error.code).toBe('invalid_filter_field');
    expect(error.message).toContain('unterminated quoted value starting at character 8');
  });
});

describe('parseCollectionQuery: limit and offset', () => {
  it('defaults to limit 100 and offset 0, or the configured default', () => {
    expect(ok('')).toEqual({ limit: 100, offset: 0, warnings: [] });
    expect(ok('', { version: '1.2', defaultLimit: 25 }).limit).toBe(25);
    expect(ok('', { version: '1.2', defaultLimit: 500, maxLimit: 200 }).limit).toBe(200);
  });

  it('accepts whole numbers and caps limit at maxLimit', () => {
    expect(ok('limit=1&offset=0')).toMatchObject({ limit: 1, offset: 0 });
    expect(ok('limit=10000')).toMatchObject({ limit: 10_000 });
    expect(ok('limit=10001').limit).toBe(10_000);
    expect(ok('limit=5000', { version: '1.2', maxLimit: 1000 }).limit).toBe(1000);
    expect(ok('limit=99999999999999999999999999').limit).toBe(10_000);
    expect(ok('limit=007&offset=0042')).toMatchObject({ limit: 7, offset: 42 });
    expect(ok('limit=+5+').limit).toBe(5);
    expect(ok('limit=5&limit=5').limit).toBe(5);
    expect(ok('offset=2147483647').offset).toBe(2_147_483_647);
  });

  it.each(['limit=0', 'limit=00', 'limit=-1', 'limit=1.5', 'limit=1e3', 'limit=abc', 'limit=', 'limit', 'limit=0x10',
    'limit=5&limit=6'])('refuses %s with invalid_limit', (raw) => {
    expect(refused(raw).code).toBe('invalid_limit');
  });

  it.each(['offset=-1', 'offset=1.0', 'offset=x', 'offset=', 'offset=2147483648', 'offset=1&offset=2'])(
    'refuses %s with invalid_offset',
    (raw) => {
      expect(refused(raw).code).toBe('invalid_offset');
    },
  );
});

describe('parseCollectionQuery: sort and orderBy', () => {
  it('sorts ascending by default, honours desc, and accepts the 1.1 typo acs', () => {
    expect(ok('sort=familyName').sort).toEqual({ path: 'familyName', fieldKind: 'string', direction: 'asc' });
    expect(ok('sort=familyName&orderBy=desc').sort).toMatchObject({ direction: 'desc' });
    expect(ok('sort=familyName&orderBy=DESC').sort).toMatchObject({ direction: 'desc' });
    expect(ok('orderBy=asc&sort=dateLastModified').sort).toEqual({
      path: 'dateLastModified',
      fieldKind: 'datetime',
      direction: 'asc',
    });
    expect(ok('sort=familyName&orderBy=acs', V11).sort).toMatchObject({ direction: 'asc' });
    expect(ok('sort=familyName&orderBy=acs', V12).sort).toMatchObject({ direction: 'asc' });
  });

  it('ignores orderBy without sort, even an invalid one', () => {
    expect(ok('orderBy=desc')).toEqual({ limit: 100, offset: 0, warnings: [] });
    expect(ok('orderBy=sideways')).toEqual({ limit: 100, offset: 0, warnings: [] });
  });

  it('warns about an unknown sort field in 1.1 and returns no sort', () => {
    const query = ok('sort=shoeSize&orderBy=desc', V11);
    expect(query.sort).toBeUndefined();
    expect(query.warnings).toEqual([{ code: 'invalid_sort_field', message: "unknown sort field 'shoeSize'" }]);
  });

  it('refuses an unknown sort field in 1.2', () => {
    expect(refused('sort=shoeSize')).toEqual({ code: 'invalid_sort_field', message: "unknown sort field 'shoeSize'" });
    expect(refused('sort=email').code).toBe('invalid_sort_field');
    expect(refused('sort=').code).toBe('invalid_sort_field');
    expect(refused('sort=familyName&sort=sourcedId').code).toBe('invalid_sort_field');
  });

  it('treats a bad orderBy as invalid_sort_field: 1.1 warns and sorts ascending, 1.2 refuses', () => {
    const query = ok('sort=familyName&orderBy=up', V11);
    expect(query.sort).toEqual({ path: 'familyName', fieldKind: 'string', direction: 'asc' });
    expect(query.warnings).toEqual([{ code: 'invalid_sort_field', message: 'orderBy must be asc or desc' }]);
    expect(refused('sort=familyName&orderBy=up').code).toBe('invalid_sort_field');
  });
});

describe('parseCollectionQuery: fields', () => {
  it('merges comma lists and repeated params, trims, drops duplicates and keeps order', () => {
    expect(ok('fields=sourcedId,%20email').fields).toEqual(['sourcedId', 'email']);
    expect(ok('fields=sourcedId&fields=email,givenName').fields).toEqual(['sourcedId', 'email', 'givenName']);
    expect(ok('fields=email,+sourcedId,email&fields=sourcedId').fields).toEqual(['email', 'sourcedId']);
    expect(ok('fields=sourcedId,,email,').fields).toEqual(['sourcedId', 'email']);
  });

  it.each(['fields=', 'fields', 'fields=%20,', 'fields=sourcedId&fields='])('refuses the blank selection %s', (raw) => {
    expect(refused(raw, V11).code).toBe('invalid_blank_selection_field');
    expect(refused(raw, V12).code).toBe('invalid_selection_field');
  });

  it('drops unknown fields with a warning in 1.1', () => {
    const query = ok('fields=sourcedId,shoeSize,email,shoeSize', V11);
    expect(query.fields).toEqual(['sourcedId', 'email']);
    expect(query.warnings).toEqual([{ code: 'invalid_selection_field', message: "unknown selection field 'shoeSize'" }]);
  });

  it('returns whole records in 1.1 when no requested field exists', () => {
    const query = ok('fields=shoeSize,hat', V11);
    expect(query.fields).toBeUndefined();
    expect(query.warnings.map((warning) => warning.code)).toEqual(['invalid_selection_field', 'invalid_selection_field']);
  });

  it('refuses an unknown field in 1.2', () => {
    expect(refused('fields=sourcedId,shoeSize')).toEqual({
      code: 'invalid_selection_field',
      message: "unknown selection field 'shoeSize'",
    });
  });

  it('is case-sensitive about field names', () => {
    expect(refused('fields=SourcedId').code).toBe('invalid_selection_field');
  });
});

describe('parseCollectionQuery: everything together', () => {
  it('ignores unknown parameters such as access_token and OAuth 1.0a ones', () => {
    const query = ok(
      "access_token=abc&oauth_signature=x%2By&limit=2&offset=4&sort=familyName&orderBy=desc&filter=status='active'&fields=sourcedId&orderby=asc&=x&&",
    );
    expect(query).toEqual({
      limit: 2,
      offset: 4,
      sort: { path: 'familyName', fieldKind: 'string', direction: 'desc' },
      filter: { kind: 'comparison', path: 'status', fieldKind: 'enum', predicate: '=', value: 'active' },
      fields: ['sourcedId'],
      warnings: [],
    });
  });

  it('collects several 1.1 warnings', () => {
    const query = ok('sort=hat&fields=sourcedId,shoeSize', V11);
    expect(query.warnings.map((warning) => warning.code)).toEqual(['invalid_sort_field', 'invalid_selection_field']);
  });

  it('reports the first problem in parameter order (limit, offset, sort, filter, fields)', () => {
    expect(refused("fields=hat&filter=hat='x'&sort=hat&offset=-1&limit=0").code).toBe('invalid_limit');
    expect(refused("fields=hat&filter=hat='x'&sort=hat&offset=-1").code).toBe('invalid_offset');
    expect(refused("fields=hat&filter=hat='x'&sort=hat").code).toBe('invalid_sort_field');
    expect(refused("fields=hat&filter=hat='x'").code).toBe('invalid_filter_field');
  });
});
