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
        rest: { version: '1.1', baseUrl: 'https://district.skyward.com/API', tokenUrl: 'https://district.skyward.com/API/oauth/token', clientId: 'sp-key', auth: 'oauth2', scope: null, pageSize: 1000, concurrency: 2, timeoutMs: 30_000 },
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

  it('accepts a CSV source as a local path or an sftp:// address, nothing else', () => {
    const csv = (location: string): ConnectionInput => ({ name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location } });
    expect(validateConnection(csv('/data/roster.zip')).ok).toBe(true);
    const sftp: ConnectionInput = { name: 'Nightly CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location: 'sftp://sp@sis.example.org/out/roster.zip', sftp: { hostKey: `SHA256:${'a'.repeat(43)}` } }, sftpSecret: 'pw' };
    expect(validateConnection(sftp).ok).toBe(true);
    expect(validateConnection(csv('https://example.org/roster.zip'))).toEqual({ ok: false, problems: ['location must be a local path or an sftp:// address'] });
    expect(validateConnection(csv(' '))).toEqual({ ok: false, problems: ['location is required (a zip file, a folder, or an sftp:// address)'] });
  });
});
