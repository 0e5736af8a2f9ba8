import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseFilter, type FilterExpression, type Predicate } from '../../src/model/query/index.ts';
import { fakeCatalog } from './fake-catalog.ts';

function ok(text: string): FilterExpression {
  const result = parseFilter(text, fakeCatalog);
  if (!result.ok) throw new Error(`expected ${text} to parse, got: ${result.error.message}`);
  return result.filter;
}

function problem(text: string): string {
  const result = parseFilter(text, fakeCatalog);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  expect(result.error.code).toBe('invalid_filter_field');
  return result.error.message;
}

const cmp = (path: string, predicate: Predicate, value: string, fieldKind = 'string') => ({
  kind: 'comparison',
  path,
  fieldKind,
  predicate,
  value,
});

describe('parseFilter: comparisons', () => {
  it.each<Predicate>(['=', '!=', '>', '>=', '<', '<=', '~'])('parses the %s predicate', (predicate) => {
    expect(ok(`familyName${predicate}'M'`)).toEqual(cmp('familyName', predicate, 'M'));
  });

  it('tolerates whitespace around the predicate and the whole filter', () => {
    expect(ok("  familyName  >=\t'M'  ")).toEqual(cmp('familyName', '>=', 'M'));
  });

  it('accepts dotted paths the catalog knows', () => {
    expect(ok("school.sourcedId='s1'")).toEqual(cmp('school.sourcedId', '=', 's1', 'ref'));
    expect(ok("roles.org.sourcedId!='o2'")).toEqual(cmp('roles.org.sourcedId', '!=', 'o2', 'ref'));
    expect(ok("roles.role='teacher'")).toEqual(cmp('roles.role', '=', 'teacher', 'enum'));
  });

  it("reads a doubled quote as one quote", () => {
    expect(ok("familyName='O''Brien'")).toEqual(cmp('familyName', '=', "O'Brien"));
    expect(ok("familyName=''''")).toEqual(cmp('familyName', '=', "'"));
  });

  it('keeps string values verbatim, including spaces, operators and the empty value', () => {
    expect(ok("givenName=' Mary AND Ann '")).toEqual(cmp('givenName', '=', ' Mary AND Ann '));
    expect(ok("email=''")).toEqual(cmp('email', '=', ''));
    expect(ok("email~'a&b=c'")).toEqual(cmp('email', '~', 'a&b=c'));
  });

  it('keeps unicode values', () => {
    expect(ok("givenName='Zoë 🦊'")).toEqual(cmp('givenName', '=', 'Zoë 🦊'));
  });
});

describe('parseFilter: AND / OR', () => {
  const a = cmp('status', '=', 'active', 'enum');
  const b = cmp('email', '~', 'x', 'string');
  const c = cmp('givenName', '=', 'y', 'string');

  it('joins two terms with AND or OR, keywords in any case', () => {
    expect(ok("status='active' AND email~'x'")).toEqual({ kind: 'and', operands: [a, b] });
    expect(ok("status='active' or email~'x'")).toEqual({ kind: 'or', operands: [a, b] });
    expect(ok("status='active'\n\tAnd  email~'x'")).toEqual({ kind: 'and', operands: [a, b] });
  });

  it('flattens three terms joined by one operator', () => {
    expect(ok("status='active' AND email~'x' AND givenName='y'")).toEqual({ kind: 'and', operands: [a, b, c] });
    expect(ok("status='active' OR email~'x' OR givenName='y'")).toEqual({ kind: 'or', operands: [a, b, c] });
  });

  it('binds AND tighter than OR when they are mixed', () => {
    expect(ok("status='active' AND email~'x' OR givenName='y'")).toEqual({
      kind: 'or',
      operands: [{ kind: 'and', operands: [a, b] }, c],
    });
    expect(ok("status='active' OR email~'x' AND givenName='y'")).toEqual({
      kind: 'or',
      operands: [a, { kind: 'and', operands: [b, c] }],
    });
  });

  it('does not take AND inside a quoted value for an operator', () => {
    expect(ok("givenName='a AND b' OR email~'x'")).toEqual({
      kind: 'or',
      operands: [cmp('givenName', '=', 'a AND b'), b],
    });
  });

  it(`accepts ${MAX_TERMS} terms and refuses more`, () => {
    const terms = (n: number) => Array.from({ length: n }, (_, i) => `sourcedId='${i}'`).join(' OR ');
    expect(parseFilter(terms(MAX_TERMS), fakeCatalog).ok).toBe(true);
    expect(problem(terms(MAX_TERMS + 1))).toContain(`more than ${MAX_TERMS}`);
  });
});

describe('parseFilter: typed values', () => {
  it('keeps a date-only value and marks it', () => {
    expect(ok("dateLastModified>'2024-03-01'")).toEqual({
      ...cmp('dateLastModified', '>', '2024-03-01', 'datetime'),
      dateOnly: true,
    });
    expect(ok("birthDate<'2010-02-28'")).toEqual({ ...cmp('birthDate', '<', '2010-02-28', 'date'), dateOnly: true });
  });

  it.each([
    ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.5Z', '2024-03-01T10:00:00.500Z'],
    ['2024-03-01T10:00:00.123456Z', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01T10:00:00.999999+00:00', '2024-03-01T10:00:00.999Z'],
    ['2024-03-01T10:00:00+02:00', '2024-03-01T08:00:00.000Z'],
    ['2024-03-01T01:30:00-05:30', '2024-03-01T07:00:00.000Z'],
    ['2024-03-01T00:30:00+0100', '2024-02-29T23:30:00.000Z'],
    ['2024-03-01T10:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01t10:00:00z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00 02:00', '2024-03-01T08:00:00.000Z'],
    [' 2024-03-01T10:00:00Z ', '2024-03-01T10:00:00.000Z'],
  ])('normalises the date-time %s to %s', (input, expected) => {
    expect(ok(`dateLastModified>='${input}'`)).toEqual(cmp('dateLastModified', '>=', expected, 'datetime'));
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '24-03-01', '2024-03-01T25:00:00Z', '2024-03-01T10:60:00Z',
    '2024-03-01T10:00:00+24:00', 'yesterday', '', '2024-03-01T', '1710000000'])(
    'refuses the date value %j',
    (value) => {
      expect(problem(`dateLastModified>'${value}'`)).toMatch(/^dateLastModified must be a date or date-time/);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(ok("birthDate='2000-02-29'")).toMatchObject({ value: '2000-02-29', dateOnly: true });
  });

  it('normalises numbers and refuses what is not one', () => {
    expect(ok("weight>'09.50'")).toEqual(cmp('weight', '>', '9.5', 'number'));
    expect(ok("weight<='-1e3'")).toEqual(cmp('weight', '<=', '-1000', 'number'));
    for (const bad of ['abc', '', '1,5', '0x10', 'Infinity', 'NaN', '1e999', '5kg']) {
      expect(problem(`weight='${bad}'`)).toMatch(/^weight must be a number/);
    }
  });

  it('normalises booleans and refuses other values', () => {
    expect(ok("enabledUser='TRUE'")).toEqual(cmp('enabledUser', '=', 'true', 'boolean'));
    expect(ok("enabledUser!='False'")).toEqual(cmp('enabledUser', '!=', 'false', 'boolean'));
    expect(problem("enabledUser='1'")).toMatch(/^enabledUser must be true or false/);
  });

  it.each<Predicate>(['>', '>=', '<', '<=', '~'])('refuses %s on a boolean', (predicate) => {
    expect(problem(`enabledUser${predicate}'true'`)).toContain(`the ${predicate} operator cannot be used with enabledUser`);
  });

  it('refuses contains on dates and numbers, ordering on enums, refs and lists', () => {
    expect(problem("dateLastModified~'2024'")).toContain('cannot be used');
    expect(problem("weight~'1'")).toContain('cannot be used');
    expect(problem("status>'a'")).toContain('cannot be used');
    expect(problem("school.sourcedId<'a'")).toContain('cannot be used');
    expect(problem("grades>='09'")).toContain('cannot be used');
  });

  it('takes =, != and ~ on list fields', () => {
    expect(ok("grades='09'")).toEqual(cmp('grades', '=', '09', 'stringList'));
    expect(ok("agents~'p1'")).toEqual(cmp('agents', '~', 'p1', 'refList'));
  });
});

describe('parseFilter: refusals say what and where', () => {
  it.each([
    ['', /filter is empty/],
    ['   ', /filter is empty/],
    ["nickname='x'", /unknown filter field 'nickname' \(character 1\)/],
    ["status='active' AND shoeSize='4'", /unknown filter field 'shoeSize' \(character 21\)/],
    ["status='active", /unterminated quoted value starting at character 8/],
    ["status='it''s", /unterminated quoted value starting at character 8/],
    ["status 'active'", /expected a comparison operator .* after 'status' at character 8, found a quoted value/],
    ['status', /expected a comparison operator after 'status' at character 7 \(end of filter\)/],
    ['status=', /missing value after 'status'= at character 8 \(end of filter\)/],
    ['status=active', /the value for 'status' must be in single quotes \(character 8\)/],
    ['status="active"', /must be in single quotes/],
    ["='x'", /missing field name before '=' at character 1/],
    ["'x'", /expected a field name before the value at character 1/],
    ["status='active' AND", /filter ends with AND at character 17/],
    ["status='active' or  ", /filter ends with OR at character 17/],
    ["status='active' XOR x", /expected AND or OR at character 17, found 'XOR'/],
    ["status='active'AND email='x'", /expected whitespace before AND at character 16/],
    ["status='active' AND(email='x')", /expected whitespace after AND at character 20/],
    ["(status='active')", /parentheses are not supported \(character 1\)/],
    ["status='active' AND AND email='x'", /unknown filter field 'AND'|expected a comparison operator/],
    ["status=='active'", /must be in single quotes \(character 8\)/],
    ["status<>'active'", /must be in single quotes \(character 8\)/],
    ["status='a' 'b'", /expected AND or OR at character 12, found a quoted value/],
  ])('refuses %j', (text, message) => {
    expect(problem(text)).toMatch(message);
  });

  it('does not echo values in messages', () => {
    expect(problem("email='secret@x.org' junk")).not.toContain('secret');
    expect(problem("dateLastModified>'secret'")).not.toContain('secret');
    expect(problem("email='secret@x.org' 'other'")).not.toContain('secret');
  });

  it('truncates very long field names in messages', () => {
    const message = problem(`${'x'.repeat(5000)}='1'`);
    expect(message.length).toBeLessThan(200);
  });

  it('does not treat inherited object properties as fields', () => {
    expect(problem("constructor='x'")).toContain("unknown filter field 'constructor'");
    expect(problem("__proto__='x'")).toContain("unknown filter field '__proto__'");
  });
});
