import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../src/access/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { sshdAvailable, startSshd, type TestSshd } from '../support/sshd.ts';

const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];

function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

describe.runIf(sshdAvailable())('rosterbridge connection add|test|sync with an sftp:// location', () => {
  let sshd: TestSshd;
  let location: string;
  let keyFile: string;
  const dir = mkdtempSync(join(tmpdir(), 'rb-sftp-cli-'));
  const env = { ROSTERBRIDGE_MASTER_KEY: generateMasterKey() };
  const db = ['--db', `sqlite:${join(dir, 'hub.db')}`];
  beforeAll(async () => {
    sshd = await startSshd();
    location = `sftp://${sshd.user}@127.0.0.1:${sshd.port}${writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE))}/`;
    keyFile = join(dir, 'id_ed25519');
    writeFileSync(keyFile, sshd.clientKey, { mode: 0o600 });
  });
  afterAll(async () => {
    await sshd.stop();
  });

  it('refuses to move a connection onto an unpinned SFTP server, printing the fingerprint, and changes nothing; moves it with the pin', async () => {
    const local = writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE));
    const added = await cli([...db, 'connection', 'add', 'Moving drop', '--kind', 'csv', '--district', 'd1', '--location', local], { env });
    expect(added.code, added.stderr).toBe(0);
    const unpinned = await cli([...db, 'connection', 'update', 'Moving drop', '--location', location, '--sftp-key-file', keyFile], { env });
    expect(unpinned.code).toBe(1);
    expect(unpinned.stderr.trim()).toBe(
      `rosterbridge: the new SFTP server's host key is not pinned. It presents ${sshd.hostKey}; confirm that with the server's administrator, then run the update again with --sftp-host-key ${sshd.hostKey}`,
    );
    const unchanged = await cli([...db, '--json', 'connection', 'show', 'Moving drop'], { env });
    expect(JSON.parse(unchanged.stdout)).toMatchObject({ connection: { csv: { location: local } } });

    const moved = await cli([...db, 'connection', 'update', 'Moving drop', '--location', location, '--sftp-key-file', keyFile, '--sftp-host-key', sshd.hostKey], { env });
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`SFTP host key: ${sshd.hostKey} (pinned)`);
  });

  it('refuses an unpinned server, printing the fingerprint to pin; then adds, tests and syncs with a key file', async () => {
    const unpinned = await cli([...db, 'connection', 'add', 'SFTP drop', '--kind', 'csv', '--district', 'd1', '--location', location, '--sftp-key-file', keyFile], { env });
    expect(unpinned.code).toBe(1);
    expect(unpinned.stderr.trim()).toBe(
      `rosterbridge: the SFTP server's host key is not pinned. It presents ${sshd.hostKey}; confirm that with the server's administrator, then add the connection again with --sftp-host-key ${sshd.hostKey}`,
    );

    const added = await cli([...db, 'connection', 'add', 'SFTP drop', '--kind', 'csv', '--district', 'd1', '--location', location, '--sftp-key-file', keyFile, '--sftp-host-key', sshd.hostKey], { env });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain(`SFTP host key: ${sshd.hostKey} (pinned)`);
    expect(added.stdout).toMatch(/SFTP login:\s+private key, stored sealed \(fingerprint \S+\)/);

    const tested = await cli([...db, 'connection', 'test', 'SFTP drop'], { env });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toContain('Bundle readable: OneRoster 1.1, 6 files with data.');
    expect(tested.stdout).toContain('users.csv: bulk, 4 rows');

    const synced = await cli([...db, '--json', 'connection', 'sync', 'SFTP drop'], { env });
    expect(synced.code, synced.stderr).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ run: { status: 'succeeded', counts: { users: { created: 4 } } } });
    const keyLine = sshd.clientKey.split('\n')[1] ?? '';
    for (const out of [added, tested, synced]) expect(out.stdout + out.stderr).not.toContain(keyLine);
  });

  it('takes a password from stdin, and says in plain words when the server refuses it', async () => {
    const password = 'wrong-horse-battery-3f9a';
    const added = await cli([...db, 'connection', 'add', 'SFTP password', '--kind', 'csv', '--district', 'd2', '--location', location, '--sftp-password-stdin', '--sftp-host-key', sshd.hostKey], { env, stdin: `${password}\n` });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/SFTP login:\s+password, stored sealed/);
    const tested = await cli([...db, 'connection', 'test', 'SFTP password'], { env });
    expect(tested.code).toBe(2);
    expect(tested.stdout.trim()).toBe(`Connection failed: the SFTP server at 127.0.0.1:${sshd.port} refused the login of user ${sshd.user}: the password is wrong (or password login is not allowed)`);
    for (const out of [added, tested]) expect(out.stdout + out.stderr).not.toContain(password);
  });

  it('refuses SFTP options on a local location, and an SFTP location without a credential', async () => {
    const local = await cli([...db, 'connection', 'add', 'Local', '--kind', 'csv', '--district', 'd1', '--location', '/srv/x.zip', '--sftp-host-key', sshd.hostKey], { env });
    expect(local.stderr.trim()).toBe('rosterbridge: the --sftp-… options are for an sftp:// location only');
    const none = await cli([...db, 'connection', 'add', 'No credential', '--kind', 'csv', '--district', 'd1', '--location', location, '--sftp-host-key', sshd.hostKey], { env });
    expect(none.stderr.trim()).toBe('rosterbridge: an SFTP location needs a credential: --sftp-password-stdin (first line of stdin) or --sftp-key-file <path> (an OpenSSH private key)');
  });
});
