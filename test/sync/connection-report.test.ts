import { describe, expect, it } from 'vitest';
import { describeEndpoint, describeToken, summarize, type EndpointCheck, type TokenCheck } from '../../src/sync/index.ts';

const endpoint = (overrides: Partial<EndpointCheck>): EndpointCheck => ({
  endpoint: 'users', path: '/ims/oneroster/v1p1/users', reachable: true, ok: false, status: 200, totalCount: null, latencyMs: 12.4,
  codeMinor: null, attempts: 1, problem: null, explanation: null, ...overrides,
});
const token = (overrides: Partial<TokenCheck>): TokenCheck => ({ ok: false, status: 401, error: null, latencyMs: null, attempts: 1, problem: 'refused', explanation: null, ...overrides });

describe('Test connection wording', () => {
  it.each<[Partial<EndpointCheck>, string]>([
    [{ ok: true, totalCount: 1234 }, 'users: reachable — 1234 records, 12 ms'],
    [{ ok: true, totalCount: 1 }, 'users: reachable — 1 record, 12 ms'],
    [{ ok: true }, 'users: reachable — the provider does not report a count, 12 ms'],
    [{ endpoint: 'demographics', status: 403, problem: 'refused', codeMinor: 'forbidden' }, 'demographics: 403 — the access has no demographics scope'],
    [{ status: 404, problem: 'refused' }, 'users: 404 — the provider does not serve /ims/oneroster/v1p1/users; check the base URL and the version'],
    [{ status: 429, problem: 'refused', attempts: 5 }, 'users: 429 — the provider kept asking us to slow down (after 5 attempts)'],
    [{ status: 503, problem: 'refused', attempts: 5 }, 'users: 503 — refused: the provider failed on its side; try again later (after 5 attempts)'],
    [{ status: 400, problem: 'refused', codeMinor: 'invalid_filter_field' }, 'users: 400 — refused (invalid_filter_field)'],
    [{ status: 401, problem: 'refused' }, 'users: 401 — the token was refused even when fresh: the access may be inactive or expired'],
    [{ problem: 'missing_envelope' }, "users: 200 but no 'users' list — not a OneRoster answer; check the base URL and the version"],
    [{ problem: 'not_json' }, 'users: 200 but not JSON — not a OneRoster answer; check the base URL'],
    [{ reachable: false, status: null, latencyMs: null, problem: 'timeout', explanation: 'no answer within 30 s', attempts: 5 }, 'users: unreachable — no answer within 30 s (after 5 attempts)'],
    [{ reachable: false, status: null, problem: 'skipped' }, 'users: not checked — authentication failed first'],
  ])('%j reads as %j', (check, words) => {
    expect(describeEndpoint(endpoint(check), 'oauth2')).toBe(words);
  });

  it('blames the signature for a 401 under OAuth 1.0a', () => {
    expect(describeEndpoint(endpoint({ status: 401, problem: 'refused' }), 'oauth1')).toBe('users: 401 — the signature was refused: the client id or secret is wrong (or the clocks differ by minutes)');
  });

  it.each<[Partial<TokenCheck>, string]>([
    [{ ok: true, status: 200, problem: null }, 'token: obtained'],
    [{ status: 401, error: 'invalid_client' }, 'token: 401 — the client id or secret is wrong'],
    [{ status: 400, error: 'invalid_client' }, 'token: 400 — the client id or secret is wrong'],
    [{ status: 400, error: 'invalid_scope' }, 'token: 400 — the provider refused the requested scope'],
    [{ status: 404 }, 'token: 404 — there is no token endpoint at this URL'],
    [{ status: 500 }, 'token: 500 — the token request was refused: the provider failed on its side; try again later'],
    [{ status: null, problem: 'network', explanation: 'could not connect (ECONNREFUSED)', attempts: 3 }, 'token: unreachable — could not connect (ECONNREFUSED) (after 3 attempts)'],
    [{ status: 200, problem: 'missing_envelope' }, 'token: 200 but no access_token in the answer — is the token URL right?'],
  ])('token %j reads as %j', (check, words) => {
    expect(describeToken(token(check))).toBe(words);
  });

  it('heads the summary with the verdict', () => {
    const good = endpoint({ ok: true, totalCount: 3 });
    const bad = endpoint({ endpoint: 'demographics', status: 403, problem: 'refused' });
    expect(summarize(null, [good, good], 'oauth1')[0]).toBe('Connection works: all 2 endpoints answered.');
    expect(summarize(token({ ok: true, status: 200, problem: null }), [good, bad], 'oauth2')).toEqual([
      'Connection works in part: 1 of 2 endpoints answered.',
      'token: obtained',
      'users: reachable — 3 records, 12 ms',
      'demographics: 403 — the access has no demographics scope',
    ]);
    expect(summarize(null, [bad], 'oauth1')[0]).toBe('Connection failed: none of the 1 endpoints answered.');
    expect(summarize(token({}), [endpoint({ problem: 'skipped' })], 'oauth2')[0]).toBe('Connection failed: could not get a token, so no endpoint was read.');
  });
});
