import { describe, expect, it } from 'vitest';
import {
  parseCollectionQuery,
  parseFilter,
  type CollectionQueryResult,
  type FilterResult,
} from '../../src/model/query/index.ts';
import { fakeCatalog } from './fake-catalog.ts';

/** mulberry32: a tiny seeded PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FILTER_FRAGMENTS = [
  "'", "''", '"', '=', '!=', '>', '>=', '<', '<=', '~', '!', '<>', '==', ' AND ', ' OR ', ' and ', ' XOR ', 'AND', 'OR',
  ' ', '  ', '\t', '\n', '(', ')', '.', ',', 'status', 'email', 'dateLastModified', 'birthDate', 'enabledUser', 'weight',
  'grades', 'school.sourcedId', 'roles.org.sourcedId', 'nickname', '__proto__', 'constructor', "'active'", "'2024-03-01'",
  "'2024-03-01T10:00:00+02:00'", "'true'", "'1.5'", "'O''Brien'", '%', '%2', '%27', '%3D', '%20', '%2B', '%FF', '%C3',
  '%E2%82', '+', '&', '&limit=5', 'é', 'Zoë', '🦊', '\uD83D', '\uDC00', '\u0000', '\u200B', '\u00A0', '\uFEFF', '\\',
];

const QUERY_FRAGMENTS = [
  '&', '=', '?', 'filter=', 'limit=', 'offset=', 'sort=', 'orderBy=', 'fields=', 'fields', 'limit', 'acs', 'desc', 'asc',
  '0', '1', '-1', '99999999999999999999', '1.5', 'familyName', 'sourcedId,email', ',', '%2C', '%26', 'access_token=x',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('empty fragment list');
  return item;
}

function garble(random: () => number, fragments: readonly string[]): string {
  const length = Math.floor(random() * 14);
  let text = '';
  for (let i = 0; i < length; i += 1) {
    text += random() < 0.1 ? String.fromCharCode(Math.floor(random() * 0x3000)) : pick(random, fragments);
  }
  return text;
}

const VALID_TERMS = [
  "status='active'", "email~'a+b@x.org'", "familyName>='M'", "givenName='O''Brien'", "dateLastModified>'2024-03-01'",
  "dateLastModified<='2024-03-01T10:00:00.123+02:00'", "enabledUser!='FALSE'", "weight<'1e3'", "grades='09'",
  "school.sourcedId='s1'", "roles.org.sourcedId!='o&2'", "givenName='Zoë 🦊'",
];

/** A valid filter of 1–4 terms, then `mutations` random edits (insert, delete or replace a fragment). */
function mutatedFilter(random: () => number, mutations: number): string {
  const terms = Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(random, VALID_TERMS));
  let text = terms.reduce((joined, term) => `${joined}${pick(random, [' AND ', ' OR ', ' and ', '  Or\t'])}${term}`);
  for (let i = 0; i < mutations; i += 1) {
    const at = Math.floor(random() * (text.length + 1));
    const cut = Math.floor(random() * 3) * Math.floor(random() * 4);
    text = text.slice(0, at) + (random() < 0.7 ? pick(random, FILTER_FRAGMENTS) : '') + text.slice(at + cut);
  }
  return text;
}

function expectFilterOutcome(result: FilterResult): void {
  if (result.ok) expect(result.filter.kind).toMatch(/^(comparison|and|or)$/);
  else {
    expect(result.error.code).toBe('invalid_filter_field');
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

function expectQueryOutcome(result: CollectionQueryResult): void {
  if (result.ok) {
    expect(Number.isInteger(result.query.limit) && result.query.limit >= 1 && result.query.limit <= 10_000).toBe(true);
    expect(Number.isInteger(result.query.offset) && result.query.offset >= 0).toBe(true);
    for (const warning of result.query.warnings) expect(typeof warning.message).toBe('string');
  } else {
    expect(result.error.code).toMatch(/^invalid_/);
    expect(result.error.message.length).toBeGreaterThan(0);
  }
}

describe('the query parsers never throw', () => {
  it('parseFilter answers ok or a QueryError for 2000 garbled filters', () => {
    const random = prng(20_240_301);
    for (let i = 0; i < 1000; i += 1) expectFilterOutcome(parseFilter(garble(random, FILTER_FRAGMENTS), fakeCatalog));
    for (let i = 0; i < 1000; i += 1) {
      const mutations = i % 4;
      const text = mutatedFilter(random, mutations);
      const result = parseFilter(text, fakeCatalog);
      expectFilterOutcome(result);
      // Unmutated filters are valid: the generator is not just producing refusals.
      if (mutations === 0) expect(result.ok, text).toBe(true);
    }
  });

  it('parseCollectionQuery answers ok or a QueryError for 2000 garbled query strings', () => {
    const random = prng(1_234_567);
    const fragments = [...QUERY_FRAGMENTS, ...FILTER_FRAGMENTS];
    for (let i = 0; i < 2000; i += 1) {
      const version = random() < 0.5 ? '1.1' : '1.2';
      expectQueryOutcome(parseCollectionQuery(garble(random, fragments), fakeCatalog, { version }));
      const filter = mutatedFilter(random, i % 3);
      const raw = parseCollectionQuery(`filter=${filter}&limit=5`, fakeCatalog, { version });
      // encodeURIComponent refuses lone surrogates; the parser itself does not care.
      const wellFormed = filter.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
      const encoded = parseCollectionQuery(`filter=${encodeURIComponent(wellFormed)}`, fakeCatalog, { version });
      expectQueryOutcome(raw);
      expectQueryOutcome(encoded);
      // A valid filter means the same whether the client encoded it or not.
      if (i % 3 === 0) {
        expect(raw.ok && encoded.ok, filter).toBe(true);
        if (raw.ok && encoded.ok) expect(encoded.query.filter).toEqual(raw.query.filter);
      }
    }
  });
});
