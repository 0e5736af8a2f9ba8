import { describe, expect, it } from 'vitest';
import { validateConnection, type ConnectionInput } from '../../src/sync/index.ts';

type RestInput = Extract<ConnectionInput, { kind: 'oneroster-rest' }>;

const rest = (overrides: Partial<RestInput['rest']> = {}): RestInput => ({
  name: 'Skyward 2025-26', districtId: 'd1', kind: 'oneroster-rest', clientSecret: 's3cret',
  rest: { version: '1.1', baseUrl: 'https://district.skyward.com/API/', tokenUrl: 'https://district.skyward.com/API/oauth/token', clientId: 'sp-key', ...overrides },
});

describe('connection settings', () => {
  it('fills the defaults: OAuth 2.0, page size 1000, concurrency 2, 30 s, import mode', () => {
    const checked = validateConnection(rest());
    expect(checked).toEqual({
      ok: true,
      value: {
        name: 'Skyward 2025-26', districtId: 'd1', mode: 'import', kind: 'oneroster-rest', clientSecret: 's3cret',
        rest: { version: '1.1', baseUrl: 'https://district.skyward.com/API', tokenUrl: 'https://district.skyward.com/API/oauth/token', clientId: 'sp-key', auth: 'oauth2', scope: null, pageSize: 1000, concurrency: 2, timeoutMs: 30_000, paths: 'standard' },
      },
    });
  });

  it('lists every problem at once', () => {
    const checked = validateConnection({ ...rest({ version: '2.0', baseUrl: 'ftp://x', tokenUrl: null, clientId: 'a b', pageSize: 20_000, concurrency: 6, timeoutMs: 10 }), name: '', districtId: '', mode: 'both', clientSecret: '' });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([
      'name must be 1–80 letters, digits, spaces, dots, underscores or dashes, starting with a letter or digit',
      'district is required (the hub district id, without spaces)',
      'mode must be one of import, two-way',
      "OneRoster version must be 1.1 or 1.2, not '2.0'",
      'service base URL must be http:// or https://',
      'a token URL is required for OAuth 2.0 (often <base URL>/oauth/token)',
      'client id is required, without spaces or colons',
      'page size must be a whole number from 1 to 10000',
      'concurrency must be a whole number from 1 to 5',
      'request timeout (ms) must be a whole number from 1000 to 600000',
      'a client secret is required',
    ]);
  });

  it('refuses credentials or a query in a URL, and a token URL or scope under OAuth 1.0a', () => {
    const checked = validateConnection(rest({ baseUrl: 'https://u:p@x.org/api?x=1', auth: 'oauth1', scope: 'roster.readonly' }));
    expect(checked.ok ? [] : checked.problems).toEqual([
      'service base URL must not carry credentials; use the client id and secret',
      'service base URL must not have a query or fragment',
      'OAuth 1.0a has no token URL: leave it out',
      'OAuth 1.0a has no scopes: leave scope out',
    ]);
  });

  it('takes a path layout: standard, flat (1.2 only), or per-service bases trimmed of trailing slashes', () => {
    const paths = (version: string, value: RestInput['rest']['paths']) => {
      const checked = validateConnection(rest({ version, paths: value }));
      return checked.ok && checked.value.kind === 'oneroster-rest' ? checked.value.rest.paths : checked.ok ? undefined : checked.problems;
    };
    expect(paths('1.2', undefined)).toBe('standard');
    expect(paths('1.2', ' flat ')).toBe('flat');
    expect(paths('1.2', { rostering: '/ims/oneroster/v1p1/', gradebook: ' /gb/v1p2 ' })).toEqual({ rostering: '/ims/oneroster/v1p1', gradebook: '/gb/v1p2' });
    expect(paths('1.1', { gradebook: '/ims/oneroster/gradebook/v1p1' })).toEqual({ gradebook: '/ims/oneroster/gradebook/v1p1' });
    expect(paths('1.1', 'flat')).toEqual(['paths flat is for OneRoster 1.2 (1.1 has no service segment to leave out): use standard, or per-service bases']);
  });

  it('lists every problem of a path layout', () => {
    const problems = (value: RestInput['rest']['paths']) => {
      const checked = validateConnection(rest({ version: '1.2', paths: value }));
      return checked.ok ? [] : checked.problems;
    };
    expect(problems('v1p1')).toEqual(["paths must be standard, flat, or per-service bases (rostering=/…, gradebook=/…, resources=/…), not 'v1p1'"]);
    expect(problems({})).toEqual(['paths: give at least one service base (rostering, gradebook, resources), or standard or flat']);
    expect(problems({ grades: '/x', rostering: 'ims/oneroster/v1p1', gradebook: 'https://sis.example.org/ims', resources: '/ims/../admin' })).toEqual([
      "paths: 'grades' is not a OneRoster service (rostering, gradebook, resources)",
      "paths: the rostering base must be a path under the base URL, like /ims/oneroster/v1p1 (a leading slash, no query, no '..'), not 'ims/oneroster/v1p1'",
      "paths: the gradebook base must be a path under the base URL, like /ims/oneroster/v1p1 (a leading slash, no query, no '..'), not 'https://sis.example.org/ims'",
      "paths: the resources base must be a path under the base URL, like /ims/oneroster/v1p1 (a leading slash, no query, no '..'), not '/ims/../admin'",
    ]);
    expect(problems({ rostering: '/ims?x=1' })).toHaveLength(1);
    expect(problems({ rostering: '/ims//oneroster' })).toHaveLength(1);
    expect(problems({ rostering: '/' })).toHaveLength(1);
    // With the rest of the REST settings' problems, not instead of them.
    const checked = validateConnection(rest({ version: '1.2', clientId: '', paths: 'none' }));
    expect(checked.ok ? [] : checked.problems).toEqual(['client id is required, without spaces or colons', "paths must be standard, flat, or per-service bases (rostering=/…, gradebook=/…, resources=/…), not 'none'"]);
  });

  it('accepts a CSV source as a local path or an sftp:// address, nothing else', () => {
    const csv = (location: string): ConnectionInput => ({ name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location } });
    expect(validateConnection(csv('/data/roster.zip')).ok).toBe(true);
    const sftp: ConnectionInput = { name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location: 'sftp://sp@sis.example.org/out/roster.zip', sftp: { hostKey: `SHA256:${'a'.repeat(43)}` } }, sftpSecret: 'pw' };
    expect(validateConnection(sftp).ok).toBe(true);
    expect(validateConnection(csv('https://example.org/roster.zip'))).toEqual({ ok: false, problems: ['location must be a local path or an sftp:// address'] });
    expect(validateConnection(csv(' '))).toEqual({ ok: false, problems: ['location is required (a zip file, a folder, or an sftp:// address)'] });
  });
});
