import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, generateMasterKey, parseMasterKey } from '../../src/access/index.ts';
import { writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { addConnection, runSync, systemClientDeps, testConnection, type Connection, type SyncDeps } from '../../src/sync/index.ts';
import { dumpHubTables } from '../sync/sync-fixture.ts';
import { ALL_CORE, MANIFEST_11, validFiles } from '../support/bundles.ts';
import { engines } from '../support/engines.ts';
import { startPasswordSftpServer, type PasswordSftpServer } from '../support/sftp-server.ts';
import { contents, openHubStore, ROSTER, START } from '../sync-runs/run-fixture.ts';
import { leftovers } from './sftp-leftovers.ts';

const USER = 'district-export';
const PASSWORD = 'correct horse battery 91c4';
const WRONG_PASSWORD = 'not-the-password-7d1e';

describe('CSV connections over SFTP with a password, against an SSH server on loopback', () => {
  let server: PasswordSftpServer;
  let zipPath: string;
  let folder: string;
  const district = createDemoDistrict({ students: 12, seed: 'sftp-password', schoolYear: 2026 });
  beforeAll(async () => {
    server = await startPasswordSftpServer(USER, PASSWORD);
    zipPath = join(server.files, 'district.zip');
    await writeBundle(zipPath, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
    folder = join(server.files, 'nightly');
    mkdirSync(folder);
    writeFileSync(join(folder, 'manifest.csv'), MANIFEST_11(ALL_CORE));
    for (const [name, content] of Object.entries(validFiles())) writeFileSync(join(folder, name), content);
  });
  afterAll(async () => {
    await server.stop();
  });
  const at = (path: string): string => `sftp://${USER}@127.0.0.1:${server.port}${path}`;

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
    const add = (location: string, secret: string, districtId = district.districtId): Promise<Connection> => {
      counter += 1;
      return addConnection(hub.store.db, ctx, box, {
        name: `SFTP password ${counter}`,
        districtId,
        kind: 'oneroster-csv',
        csv: { location, sftp: { auth: 'password', hostKey: server.hostKey, timeoutMs: 10_000 } },
        sftpSecret: secret,
      });
    };

    it('logs in with the sealed password and syncs the zip record for record, leaving no temp files', async () => {
      const connection = await add(at(zipPath), PASSWORD);
      // Sealed at rest: the password is nowhere in the hub's tables.
      expect(await dumpHubTables(hub.store)).not.toContain(PASSWORD);
      server.logins.length = 0;
      const { result: run, left } = await leftovers(() => runSync(deps, connection.id, { trigger: 'manual' }));
      expect(left).toEqual([]);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(server.logins).toEqual([{ user: USER, accepted: true }]);
      for (const entity of ROSTER) {
        const expected = new Set([...district.records(entity)].map((r) => r.sourcedId));
        expect(run.counts[entity]?.created, entity).toBe(expected.size);
        const stored = await contents(hub.store, entity);
        expect([...expected].every((id) => stored.has(id)), entity).toBe(true);
      }
      expect(JSON.stringify(run)).not.toContain(PASSWORD);
    });

    it('Test connection with the password reads a folder location', async () => {
      const connection = await add(at(`${folder}/`), PASSWORD, 'd-folder');
      const report = await testConnection(hub.store.db, box, connection, systemClientDeps());
      expect(report.ok).toBe(true);
      const users = report.kind === 'oneroster-csv' ? report.files.find((f) => f.file === 'users.csv') : undefined;
      expect(users).toEqual({ file: 'users.csv', mode: 'bulk', rows: 4 });
      const run = await runSync(deps, connection.id, { trigger: 'manual' });
      expect(run.status).toBe('succeeded');
      expect(run.counts.users).toMatchObject({ created: 4 });
    });

    it('says in plain words that a wrong password was refused, and never shows it', async () => {
      const connection = await add(at(zipPath), WRONG_PASSWORD);
      server.logins.length = 0;
      const report = await testConnection(hub.store.db, box, connection, systemClientDeps());
      expect(report.ok).toBe(false);
      expect(report.summary).toEqual([`Connection failed: the SFTP server at 127.0.0.1:${server.port} refused the login of user ${USER}: the password is wrong (or password login is not allowed)`]);
      // The server was asked, and said no: the refusal is the server's, not ours.
      expect(server.logins).toEqual([{ user: USER, accepted: false }]);
      const { result: run, left } = await leftovers(() => runSync(deps, connection.id, { trigger: 'manual' }));
      expect(left).toEqual([]);
      expect(run.status).toBe('failed');
      expect(run.errors).toEqual([expect.stringContaining(`refused the login of user ${USER}: the password is wrong`)]);
      expect(JSON.stringify([report, run])).not.toContain(WRONG_PASSWORD);
      expect(await dumpHubTables(hub.store)).not.toContain(WRONG_PASSWORD);
    });
  });
});
