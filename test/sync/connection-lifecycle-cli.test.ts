import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMasterKey, secretFingerprint } from '../../src/access/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const CLI = ['--import', 'tsx', new URL('../../src/cli/main.ts', import.meta.url).pathname];
const OLD = 'cli-old-secret-3c2b1a';
const NEW = 'cli-new-secret-6f5e4d';
const env = { ROSTERBRIDGE_MASTER_KEY: generateMasterKey(), ROSTERBRIDGE_ACTOR: 'cli:vendor-engineer' };

function cli(args: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

describe.each(engines())('rosterbridge connection update | rotate-secret | remove on %s', (engine) => {
  let database: TestDatabase;
  let db: string[];
  let sis: Server;
  let sisUrl: string;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = ['--db', database.url];
    // A SIS that refuses every client: Test connection after a rotation reports its 401.
    sis = createServer((_request, response) => response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client' })));
    await new Promise<void>((resolve) => sis.listen(0, '127.0.0.1', resolve));
    sisUrl = `http://127.0.0.1:${(sis.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sis.closeAllConnections();
    await new Promise<void>((resolve) => sis.close(() => resolve()));
    await database.drop();
  });

  it('updates a connection without its secret, refuses a change of kind, and rotates the secret from stdin or a variable', async () => {
    const added = await cli([...db, 'connection', 'add', 'Skyward', '--kind', 'rest', '--district', 'd1', '--oneroster', '1.2', '--base-url', sisUrl, '--token-url', `${sisUrl}/oauth/token`, '--client-id', 'rb', '--client-secret-stdin'], { stdin: `${OLD}\n` });
    expect(added.code, added.stderr).toBe(0);
    const updated = await cli([...db, '--json', 'connection', 'update', 'Skyward', '--name', 'Skyward 2026', '--client-id', 'rb-2', '--concurrency', '3']);
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ connection: { name: 'Skyward 2026', credentialFingerprint: secretFingerprint(OLD), rest: { clientId: 'rb-2', concurrency: 3 } }, changed: ['name', 'rest.clientId', 'rest.concurrency'] });
    const kind = await cli([...db, 'connection', 'update', 'Skyward 2026', '--kind', 'csv', '--concurrency', '8']);
    expect(kind.code).toBe(1);
    expect(kind.stderr.trim()).toBe(
      'rosterbridge: connection Skyward 2026 cannot be updated: the kind of a connection cannot be changed (oneroster-rest): add a new connection of kind oneroster-csv and remove this one; concurrency must be a whole number from 1 to 5',
    );

    const none = await cli([...db, 'connection', 'rotate-secret', 'Skyward 2026']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('give the new secret: --secret-stdin (first line of stdin), --secret-env <VAR>');
    const rotated = await cli([...db, 'connection', 'rotate-secret', 'Skyward 2026', '--secret-stdin'], { stdin: `${NEW}\n` });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout.trim()).toBe(`Secret of Skyward 2026 rotated (fingerprint ${secretFingerprint(OLD)} → ${secretFingerprint(NEW)}).`);
    const tested = await cli([...db, 'connection', 'rotate-secret', 'Skyward 2026', '--secret-env', 'SIS_SECRET', '--test'], { env: { SIS_SECRET: OLD } });
    expect(tested.code).toBe(2);
    expect(tested.stdout).toContain('token: 401 — the client id or secret is wrong');
    const shown = await cli([...db, 'connection', 'show', 'Skyward 2026']);
    expect(shown.stdout).toContain(`stored sealed (fingerprint ${secretFingerprint(OLD)})`);
    for (const out of [added, updated, rotated, tested, shown]) {
      expect(out.stdout + out.stderr).not.toContain(OLD);
      expect(out.stdout + out.stderr).not.toContain(NEW);
    }
  });

  it('takes --paths and --path-base on add and update, shows the paths, and refuses both at once', async () => {
    const rest = ['--kind', 'rest', '--district', 'd1', '--oneroster', '1.2', '--base-url', sisUrl, '--token-url', `${sisUrl}/oauth/token`, '--client-id', 'rb', '--client-secret-stdin'];
    const added = await cli([...db, '--json', 'connection', 'add', 'Qmlativ', ...rest, '--paths', 'flat'], { stdin: `${OLD}\n` });
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ connection: { rest: { paths: 'flat' } } });
    const shown = await cli([...db, 'connection', 'show', 'Qmlativ']);
    expect(shown.stdout).toContain('flat (rostering /ims/oneroster/v1p2, gradebook /ims/oneroster/v1p2, resources /ims/oneroster/v1p2)');
    const bases = await cli([...db, '--json', 'connection', 'update', 'Qmlativ', '--path-base', 'rostering=/ims/oneroster/v1p1', '--path-base', 'resources=/res/v1p2/']);
    expect(bases.code, bases.stderr).toBe(0);
    expect(JSON.parse(bases.stdout)).toMatchObject({ connection: { rest: { paths: { rostering: '/ims/oneroster/v1p1', resources: '/res/v1p2' } } } });
    const again = await cli([...db, 'connection', 'show', 'Qmlativ']);
    expect(again.stdout).toContain('per-service bases (rostering /ims/oneroster/v1p1, gradebook /ims/oneroster/gradebook/v1p2, resources /res/v1p2)');
    const both = await cli([...db, 'connection', 'update', 'Qmlativ', '--paths', 'flat', '--path-base', 'rostering=/x']);
    expect(both.code).toBe(1);
    expect(both.stderr.trim()).toBe('rosterbridge: give --paths or --path-base, not both (bases are a layout of their own)');
    const malformed = await cli([...db, 'connection', 'update', 'Qmlativ', '--path-base', '/ims/oneroster/v1p1']);
    expect(malformed.stderr.trim()).toBe("rosterbridge: --path-base takes service=/prefix, e.g. rostering=/ims/oneroster/v1p1, not '/ims/oneroster/v1p1'");
    const refused = await cli([...db, 'connection', 'update', 'Qmlativ', '--oneroster', '1.1', '--paths', 'flat']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('rosterbridge: connection Qmlativ cannot be updated: paths flat is for OneRoster 1.2 (1.1 has no service segment to leave out): use standard, or per-service bases');
  });

  it('removes a connection only with --yes: records stay unowned, or --tombstone-records tombstones them', async () => {
    const bundle = writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE));
    for (const name of ['Maple CSV', 'Oak CSV']) {
      expect((await cli([...db, 'connection', 'add', name, '--kind', 'csv', '--district', 'd1', '--location', bundle])).code).toBe(0);
    }
    expect((await cli([...db, 'connection', 'sync', 'Maple CSV'])).code).toBe(0);
    expect((await cli([...db, 'connection', 'schedule', 'Maple CSV', '--at', '02:00'])).code).toBe(0);
    const asked = await cli([...db, 'connection', 'remove', 'Maple CSV']);
    expect(asked.code).toBe(1);
    expect(asked.stderr.trim()).toBe(
      'rosterbridge: removing Maple CSV cannot be undone: the records it owns (orgs 2, academicSessions 2, courses 1, classes 1, users 4, enrollments 3) would stay in the store, unowned; its settings, secret and schedule would go. Run it again with --yes',
    );
    const removed = await cli([...db, '--json', 'connection', 'remove', 'Maple CSV', '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removal: { records: 'kept', released: { users: 4 } } });
    expect((await cli([...db, 'connection', 'show', 'Maple CSV'])).stderr).toContain("no connection 'Maple CSV'");
    const audit = await cli([...db, '--json', 'audit', 'list', '--kind', 'change']);
    const actions = (JSON.parse(audit.stdout) as { entries: Array<{ action: string; actor: string }> }).entries.map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['cli:vendor-engineer connection.update', 'cli:vendor-engineer connection.rotate-secret', 'cli:vendor-engineer connection.remove']));
    expect(audit.stdout).not.toContain(OLD);
    expect(audit.stdout).not.toContain(NEW);

    // Oak takes over what Maple left, then goes with its records.
    expect((await cli([...db, 'connection', 'sync', 'Oak CSV'])).code).toBe(0);
    const tombstoned = await cli([...db, 'connection', 'remove', 'Oak CSV', '--tombstone-records', '--yes']);
    expect(tombstoned.code, tombstoned.stderr).toBe(0);
    expect(tombstoned.stdout).toContain('Tombstoned what it owned: orgs 2, academicSessions 2, courses 1, classes 1, users 4, enrollments 3; delta readers see the deletions.');
  });
});
