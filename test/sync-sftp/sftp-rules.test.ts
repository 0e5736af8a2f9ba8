import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { hostKeyFingerprint, parseSftpLocation, validateConnection, type ConnectionInput } from '../../src/sync/index.ts';
import { sftpFailure } from '../../src/sync/sftp/sftp-failure.ts';

const PIN = `SHA256:${'Ab1+'.repeat(10)}xyz`;
const sftp = (location: string, extra: { auth?: string; hostKey?: string; timeoutMs?: number } = { hostKey: PIN }, secret: string | undefined = 'a password'): ConnectionInput => ({
  name: 'SFTP CSV',
  districtId: 'd1',
  kind: 'oneroster-csv',
  csv: { location, sftp: extra },
  ...(secret === undefined ? {} : { sftpSecret: secret }),
});
const problems = (input: ConnectionInput): string[] => {
  const checked = validateConnection(input);
  return checked.ok ? [] : checked.problems;
};

describe('sftp:// locations', () => {
  it('takes apart user, host, port and path; a trailing / is a folder; /~/ is the home folder', () => {
    expect(parseSftpLocation('sftp://export@sis.example.org:2222/out/My%20District/district.zip')).toEqual({
      ok: true,
      value: { username: 'export', host: 'sis.example.org', port: 2222, path: '/out/My District/district.zip', folder: false },
    });
    expect(parseSftpLocation('sftp://export@[::1]/out/')).toEqual({ ok: true, value: { username: 'export', host: '::1', port: 22, path: '/out/', folder: true } });
    expect(parseSftpLocation('sftp://export@h/~/drop/district.zip')).toMatchObject({ ok: true, value: { path: 'drop/district.zip' } });
  });

  it('refuses a location without a user or a path, with a password or a query, or a file that is not a zip', () => {
    expect(parseSftpLocation('sftp://sis.example.org/out/roster.zip')).toEqual({ ok: false, problems: ['the sftp:// location needs a user name (sftp://user@host/…)'] });
    expect(parseSftpLocation('sftp://u:pw@h/out/roster.zip')).toEqual({ ok: false, problems: ['the sftp:// location must not carry a password; give it with --sftp-password-stdin'] });
    expect(parseSftpLocation('sftp://u@h/')).toEqual({ ok: false, problems: ['the sftp:// location needs a path: a .zip file, or a folder ending in /'] });
    expect(parseSftpLocation('sftp://u@h/out/users.csv')).toEqual({ ok: false, problems: ['the sftp:// path must name a .zip file or a folder ending in /'] });
    expect(parseSftpLocation('sftp://u@h/out/x.zip?x=1')).toEqual({ ok: false, problems: ['the sftp:// location must not have a query or fragment'] });
    // Dot segments resolve as in any URL, before the path reaches the server.
    expect(parseSftpLocation('sftp://u@h/out/%2e%2e/x/')).toMatchObject({ ok: true, value: { path: '/x/' } });
  });
});

describe('an SFTP connection', () => {
  it('is valid with a pinned host key and a password, and keeps the password out of its settings', () => {
    const checked = validateConnection(sftp('sftp://export@sis.example.org/out/district.zip'));
    expect(checked).toEqual({
      ok: true,
      value: { name: 'SFTP CSV', districtId: 'd1', mode: 'import', kind: 'oneroster-csv', csv: { location: 'sftp://export@sis.example.org/out/district.zip', sftp: { auth: 'password', hostKey: PIN, timeoutMs: 30_000 } }, clientSecret: 'a password' },
    });
  });

  it('requires a pinned host key in OpenSSH SHA256 form, a credential, and a sane timeout, listing every problem', () => {
    expect(problems(sftp('sftp://u@h/x.zip', {}, ''))).toEqual(["the SFTP server's host key must be pinned (SHA256:…, as `ssh-keygen -lf` prints it)", 'an SFTP password is required']);
    expect(problems(sftp('sftp://u@h/x.zip', { hostKey: 'MD5:aa:bb', auth: 'kerberos', timeoutMs: 10 }))).toEqual([
      'SFTP auth must be one of password, private-key',
      'the SFTP host key must be a SHA256 fingerprint: SHA256: followed by 43 base64 characters',
      'SFTP timeout (ms) must be a whole number from 1000 to 600000',
    ]);
    expect(problems(sftp('sftp://u@h/x.zip', { hostKey: PIN }, 'two\nlines'))).toEqual(['the SFTP password must be one line']);
    expect(problems({ name: 'SFTP CSV', districtId: 'd1', kind: 'oneroster-csv', csv: { location: 'sftp://u@h/x.zip' } })).toEqual([
      "the SFTP server's host key must be pinned (SHA256:…, as `ssh-keygen -lf` prints it)",
      'an SFTP password is required',
    ]);
  });

  it('takes an OpenSSH private key, and refuses another format or a passphrase-protected key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-sftp-keys-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'plain')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', join(dir, 'locked')]);
    const key = { hostKey: PIN, auth: 'private-key' };
    expect(problems(sftp('sftp://u@h/x.zip', key, readFileSync(join(dir, 'plain'), 'utf8')))).toEqual([]);
    expect(problems(sftp('sftp://u@h/x.zip', key, readFileSync(join(dir, 'locked'), 'utf8')))).toEqual(['the SFTP private key cannot be read (a passphrase-protected key is not supported: export it without one)']);
    expect(problems(sftp('sftp://u@h/x.zip', key, readFileSync(join(dir, 'plain.pub'), 'utf8')))).toEqual(['the SFTP private key must be in OpenSSH format (-----BEGIN OPENSSH PRIVATE KEY-----)']);
  });

  it('refuses SFTP settings or a credential on a local location', () => {
    expect(problems(sftp('/srv/out/district.zip'))).toEqual(['SFTP settings and credentials belong only to an sftp:// location']);
  });
});

describe('host key fingerprints', () => {
  it('are what ssh-keygen -lf prints', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-sftp-fp-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'k.pub')], { encoding: 'utf8' }).split(' ')[1];
    const parsed = ssh2.utils.parseKey(readFileSync(join(dir, 'k.pub'), 'utf8'));
    if (parsed instanceof Error) throw parsed;
    expect(hostKeyFingerprint(parsed.getPublicSSH())).toBe(printed);
  });
});

describe('SFTP failures in plain words', () => {
  const location = { username: 'export', host: 'sis.example.org', port: 22, path: '/out/district.zip', folder: false };
  const ctx = { location, auth: 'password' as const, timeoutMs: 30_000, pinned: PIN, presented: PIN };
  const fail = (message: string, code?: string | number): string => sftpFailure(Object.assign(new Error(message), code === undefined ? {} : { code }), ctx).message;

  it('names the cause without any credential', () => {
    expect(sftpFailure(new Error('Host denied (verification failed)'), { ...ctx, presented: `SHA256:${'z'.repeat(43)}` }).message).toMatch(/^the SFTP server at sis\.example\.org:22 presented host key SHA256:z{43}, not the pinned SHA256:.*: refused\./);
    expect(fail('getConnection: All configured authentication methods failed')).toBe('the SFTP server at sis.example.org:22 refused the login of user export: the password is wrong (or password login is not allowed)');
    expect(sftpFailure(new Error('All configured authentication methods failed'), { ...ctx, auth: 'private-key' }).message).toBe('the SFTP server at sis.example.org:22 refused the login of user export: the private key is not accepted for this user');
    expect(fail('getConnection: Timed out while waiting for handshake')).toBe('no answer from the SFTP server at sis.example.org:22 within 30 s');
    expect(fail('Keepalive timeout')).toBe('the SFTP server at sis.example.org:22 stopped answering mid-transfer');
    expect(fail('getConnection: Address lookup failed for host', 'ENOTFOUND')).toBe('the SFTP host name sis.example.org cannot be resolved');
    expect(fail('get: Permission denied /out/district.zip', 3)).toBe('the SFTP server at sis.example.org:22 denies user export access to /out/district.zip');
    expect(fail('get: No such file /out/district.zip', 2)).toBe('the SFTP server at sis.example.org:22 has no file /out/district.zip');
    expect(sftpFailure(new Error('boom'), ctx).code).toBe('remote_unreachable');
  });
});
