import { describe, expect, it } from 'vitest';
import { checkNewSecret, mergeConnection, type Connection } from '../../src/sync/index.ts';

const HOST_KEY = `SHA256:${'A'.repeat(43)}`;
const OTHER_KEY = `SHA256:${'B'.repeat(43)}`;
const stamps = { id: 'c1', createdAt: '2026-03-10T15:00:00.000Z', updatedAt: '2026-03-10T15:00:00.000Z' };
const sftp: Connection = {
  ...stamps, name: 'Nightly SFTP', districtId: 'd1', mode: 'import', kind: 'oneroster-csv', credentialFingerprint: 'abcdefgh',
  csv: { location: 'sftp://rb@sftp.example.org/exports/district.zip', sftp: { auth: 'password', hostKey: HOST_KEY, timeoutMs: 30_000 } },
};
const rest: Connection = {
  ...stamps, name: 'Skyward', districtId: 'd1', mode: 'import', kind: 'oneroster-rest', credentialFingerprint: 'abcdefgh',
  rest: { version: '1.1', baseUrl: 'https://sis.example.org/API', tokenUrl: 'https://sis.example.org/API/oauth/token', clientId: 'sp-key', auth: 'oauth2', scope: null, pageSize: 1000, concurrency: 2, timeoutMs: 30_000, paths: 'standard' },
};
const problems = (r: ReturnType<typeof mergeConnection>): string[] => (r.ok ? [] : r.problems);

describe('a connection update merged over the stored connection (pure)', () => {
  it('keeps the stored SFTP credential when the login method stays, even as the path changes', () => {
    const merged = mergeConnection(sftp, { csv: { location: 'sftp://rb@sftp.example.org/exports/new.zip', sftp: { timeoutMs: 60_000 } } }, { stored: true });
    expect(merged).toMatchObject({ ok: true, secret: { action: 'keep' }, value: { csv: { location: 'sftp://rb@sftp.example.org/exports/new.zip', sftp: { auth: 'password', hostKey: HOST_KEY, timeoutMs: 60_000 } } } });
  });

  it('asks for a new host key when the server changes, and for a credential when the login method does', () => {
    expect(problems(mergeConnection(sftp, { csv: { location: 'sftp://rb@other.example.org:2222/district.zip' } }, { stored: true }))).toEqual([
      'the SFTP server changed (other.example.org:2222): pin its host key too (--sftp-host-key, sftp.hostKey), checked with its administrator',
    ]);
    expect(mergeConnection(sftp, { csv: { location: 'sftp://rb@other.example.org:2222/district.zip', sftp: { hostKey: OTHER_KEY } } }, { stored: true }).ok).toBe(true);
    expect(problems(mergeConnection(sftp, { csv: { sftp: { auth: 'private-key' } } }, { stored: true }))).toEqual([
      "an SFTP location with private-key login needs its credential with the update (--sftp-password-stdin or --sftp-key-file; the API's secret)",
    ]);
    // The new credential is checked against the new login method.
    expect(problems(mergeConnection(sftp, { csv: { sftp: { auth: 'private-key' } } }, { stored: true, given: 'not a key' }))).toEqual(['the SFTP private key must be in OpenSSH format (-----BEGIN OPENSSH PRIVATE KEY-----)']);
  });

  it('refuses settings of the other kind, and a credential for a local location', () => {
    expect(problems(mergeConnection(rest, { csv: { location: '/srv/x.zip' } }, { stored: true }))).toEqual(['CSV settings (location, SFTP) belong to a CSV connection; this one is oneroster-rest']);
    expect(problems(mergeConnection(sftp, { rest: { baseUrl: 'https://x.example.org' } }, { stored: true }))).toEqual(['REST settings (base URL, client id, auth …) belong to a REST connection; this one is oneroster-csv']);
    expect(problems(mergeConnection(sftp, { csv: { location: '/srv/x.zip' } }, { stored: true, given: 'pw' }))).toEqual(['SFTP settings and credentials belong only to an sftp:// location']);
    expect(mergeConnection(sftp, { csv: { location: '/srv/x.zip' } }, { stored: true })).toMatchObject({ ok: true, secret: { action: 'clear' } });
  });

  it('takes a new REST secret with an update and checks it like add', () => {
    expect(mergeConnection(rest, { rest: { clientId: 'sp-key-2' } }, { stored: true, given: 'fresh' })).toMatchObject({ ok: true, secret: { action: 'set', secret: 'fresh' } });
    expect(problems(mergeConnection(rest, { rest: { clientId: 'sp-key-2' } }, { stored: true, given: '' }))).toEqual(['a client secret is required']);
    expect(problems(mergeConnection(rest, { rest: { auth: 'oauth1', tokenUrl: 'https://sis.example.org/token' } }, { stored: true }))).toEqual(['OAuth 1.0a has no token URL: leave it out']);
  });

  it('replaces the path layout as a whole, keeps it when not given, and checks it against the version', () => {
    const bases = { ...rest, rest: { ...rest.rest, version: '1.2', paths: { rostering: '/ims/oneroster/v1p1', gradebook: '/ims/oneroster/v1p1' } } } as const;
    expect(mergeConnection(bases, { rest: { pageSize: 50 } }, { stored: true })).toMatchObject({ ok: true, value: { rest: { pageSize: 50, paths: { rostering: '/ims/oneroster/v1p1', gradebook: '/ims/oneroster/v1p1' } } } });
    const replaced = mergeConnection(bases, { rest: { paths: { resources: '/res' } } }, { stored: true });
    expect(replaced.ok && replaced.value.kind === 'oneroster-rest' ? replaced.value.rest.paths : undefined).toEqual({ resources: '/res' });
    expect(mergeConnection(bases, { rest: { paths: 'flat' } }, { stored: true })).toMatchObject({ ok: true, value: { rest: { paths: 'flat' } } });
    expect(problems(mergeConnection(rest, { rest: { paths: 'flat' } }, { stored: true }))).toEqual(['paths flat is for OneRoster 1.2 (1.1 has no service segment to leave out): use standard, or per-service bases']);
    expect(mergeConnection(rest, { rest: { version: '1.2', paths: 'flat' } }, { stored: true })).toMatchObject({ ok: true, value: { rest: { version: '1.2', paths: 'flat' } } });
  });

  it('checks a rotated credential against the connection it is for', () => {
    expect(checkNewSecret(rest, 'fine')).toEqual([]);
    expect(checkNewSecret(rest, '')).toEqual(['a client secret is required']);
    expect(checkNewSecret(sftp, 'pw\nsecond')).toEqual(['the SFTP password must be one line']);
    expect(checkNewSecret({ ...sftp, csv: { location: '/srv/x.zip' } }, 'pw')).toEqual(['connection Nightly SFTP reads a local location (/srv/x.zip) and has no credential to rotate']);
  });
});
