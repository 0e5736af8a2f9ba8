import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, generateMasterKey, parseMasterKey } from '../../src/access/index.ts';
import { writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { addConnection, probeHostKey, runSync, systemClientDeps, testConnection, type Connection, type ConnectionInput, type SyncDeps } from '../../src/sync/index.ts';
import { dumpHubTables } from '../sync/sync-fixture.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { sshdAvailable, startSshd, type TestSshd } from '../support/sshd.ts';
import { contents, openHubStore, ROSTER, START } from '../sync-runs/run-fixture.ts';
import { leftovers } from './sftp-leftovers.ts';

const WRONG_PASSWORD = 'not-the-password-7d1e';

describe.runIf(sshdAvailable())('CSV connections over SFTP, against a real OpenSSH server', () => {
  let sshd: TestSshd;
  let zipPath: string;
  const district = createDemoDistrict({ students: 20, seed: 'sftp-source', schoolYear: 2026 });
  beforeAll(async () => {
    sshd = await startSshd();
    zipPath = join(sshd.files, 'district.zip');
    await writeBundle(zipPath, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
  });
  afterAll(async () => {
    await sshd.stop();
  });
  const at = (path: string): string => `sftp://${sshd.user}@127.0.0.1:${sshd.port}${path}`;

  it('shows the host key a server presents, as ssh-keygen prints it, without logging in', async () => {
    expect(await probeHostKey(at(zipPath), 10_000)).toBe(sshd.hostKey);
  });

  describe.each(engines())('on %s', (engine) => {
    const clock = fixedClock(START);
    const box = createSecretBox(parseMasterKey(generateMasterKey()));
    const ctx = { clock, timeZone: 'UTC', actor: 'test:admin' };
    let hub: Awaited<ReturnType<typeof openHubStore>>;
    let deps: SyncDeps;
    let counter = 0;
    beforeAll(async () => {
      hub = await openHubStore(engine, clock);
      deps = { store: hub.store, box, clientDeps: systemClientDeps(), clock };
    });
    afterAll(async () => {
      await hub.close();
    });
    const add = (location: string, options: { secret?: string; auth?: 'password' | 'private-key'; hostKey?: string; districtId?: string } = {}): Promise<Connection> => {
      counter += 1;
      const input: ConnectionInput = {
        name: `SFTP ${counter}`,
        districtId: options.districtId ?? district.districtId,
        kind: 'oneroster-csv',
        csv: { location, sftp: { auth: options.auth ?? 'private-key', hostKey: options.hostKey ?? sshd.hostKey, timeoutMs: 10_000 } },
        sftpSecret: options.secret ?? sshd.clientKey,
      };
      return addConnection(hub.store.db, ctx, box, input);
    };

    it('Test connection fetches the zip and reports its manifest and row counts, then removes the copy', async () => {
      const connection = await add(at(zipPath));
      const { result: report, left } = await leftovers(() => testConnection(hub.store.db, box, connection, systemClientDeps()));
      expect(left).toEqual([]);
      expect(report).toMatchObject({ kind: 'oneroster-csv', ok: true, version: '1.2', location: at(zipPath) });
      expect(report.summary[0]).toMatch(/^Bundle readable: OneRoster 1\.2, \d+ files with data\.$/);
      const users = report.kind === 'oneroster-csv' ? report.files.find((f) => f.file === 'users.csv') : undefined;
      expect(users).toEqual({ file: 'users.csv', mode: 'bulk', rows: [...district.records('users')].length });
    });

    it('syncs the zip from SFTP into the store record for record, and leaves no temp files', async () => {
      const connection = await add(at(zipPath));
      const { result: run, left } = await leftovers(() => runSync(deps, connection.id, { trigger: 'manual' }));
      expect(left).toEqual([]);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      for (const entity of ROSTER) {
        const expected = new Set([...district.records(entity)].map((r) => r.sourcedId));
        expect(run.counts[entity]?.created, entity).toBe(expected.size);
        const stored = await contents(hub.store, entity);
        expect([...expected].every((id) => stored.has(id)), entity).toBe(true);
      }
      expect(await dumpHubTables(hub.store)).not.toContain(sshd.clientKey.split('\n')[1]);
    });

    it('syncs every .csv of a folder location (ending in /)', async () => {
      const folder = writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE));
      const connection = await add(at(`${folder}/`), { districtId: 'd-folder' });
      const run = await runSync(deps, connection.id, { trigger: 'manual' });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(run.counts.users).toMatchObject({ created: 4 });
    });

    it('says in plain words that a password was refused, and never shows it', async () => {
      const connection = await add(at(zipPath), { auth: 'password', secret: WRONG_PASSWORD });
      const report = await testConnection(hub.store.db, box, connection, systemClientDeps());
      expect(report.ok).toBe(false);
      expect(report.summary).toEqual([`Connection failed: the SFTP server at 127.0.0.1:${sshd.port} refused the login of user ${sshd.user}: the password is wrong (or password login is not allowed)`]);
      const { result: run, left } = await leftovers(() => runSync(deps, connection.id, { trigger: 'manual' }));
      expect(left).toEqual([]);
      expect(run.status).toBe('failed');
      expect(run.errors).toEqual([expect.stringContaining(`refused the login of user ${sshd.user}: the password is wrong`)]);
      expect(JSON.stringify([report, run])).not.toContain(WRONG_PASSWORD);
      expect(await dumpHubTables(hub.store)).not.toContain(WRONG_PASSWORD);
    });

    it('says in plain words that a key the server does not know was refused', async () => {
      const connection = await add(at(zipPath), { secret: sshd.strangerKey });
      const report = await testConnection(hub.store.db, box, connection, systemClientDeps());
      expect(report.summary).toEqual([`Connection failed: the SFTP server at 127.0.0.1:${sshd.port} refused the login of user ${sshd.user}: the private key is not accepted for this user`]);
      expect(JSON.stringify(report)).not.toContain(sshd.strangerKey.split('\n')[1]);
    });

    it('refuses a server whose host key is not the pinned one, naming both fingerprints', async () => {
      const pinned = `SHA256:${'Q'.repeat(43)}`;
      const connection = await add(at(zipPath), { hostKey: pinned });
      const report = await testConnection(hub.store.db, box, connection, systemClientDeps());
      expect(report.ok).toBe(false);
      expect(report.summary[0]).toBe(
        `Connection failed: the SFTP server at 127.0.0.1:${sshd.port} presented host key ${sshd.hostKey}, not the pinned ${pinned}: refused. If the server's key was changed on purpose, confirm the new fingerprint with its administrator and pin it; otherwise someone may be in between`,
      );
      const run = await runSync(deps, connection.id, { trigger: 'manual' });
      expect(run.status).toBe('failed');
      expect(run.errors[0]).toContain(`presented host key ${sshd.hostKey}, not the pinned ${pinned}: refused`);
    });

    it('says which file or folder is missing, or that a folder has no .csv files', async () => {
      const missingZip = await add(at(join(sshd.files, 'gone.zip')));
      expect((await testConnection(hub.store.db, box, missingZip, systemClientDeps())).summary).toEqual([`Connection failed: the SFTP server at 127.0.0.1:${sshd.port} has no file ${join(sshd.files, 'gone.zip')}`]);
      const missingFolder = await add(at(`${join(sshd.files, 'nowhere')}/`));
      expect((await testConnection(hub.store.db, box, missingFolder, systemClientDeps())).summary).toEqual([`Connection failed: the SFTP server at 127.0.0.1:${sshd.port} has no folder ${join(sshd.files, 'nowhere')}/`]);
      const empty = await add(at(`${mkdtempSync(join(tmpdir(), 'rb-sftp-empty-'))}/`));
      expect((await testConnection(hub.store.db, box, empty, systemClientDeps())).summary[0]).toMatch(/^Connection failed: the SFTP folder .* on 127\.0\.0\.1:\d+ has no \.csv files$/);
      const { result: run, left } = await leftovers(() => runSync(deps, missingZip.id, { trigger: 'manual' }));
      expect(left).toEqual([]);
      expect(run.status).toBe('failed');
      expect(run.errors).toEqual([expect.stringContaining(`has no file ${join(sshd.files, 'gone.zip')}`)]);
    });
  });
});
