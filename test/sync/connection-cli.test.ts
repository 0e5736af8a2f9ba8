import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateMasterKey } from '../../src/access/index.ts';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';

const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];
const SECRET = 'cli-remote-secret-5a4b3c';

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

describe('rosterbridge connection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-connection-cli-'));
  const env = { ROSTERBRIDGE_MASTER_KEY: generateMasterKey() };
  const db = ['--db', `sqlite:${join(dir, 'hub.db')}`];
  const restFlags = ['--kind', 'rest', '--district', 'd1', '--oneroster', '1.1', '--base-url', 'https://sis.example.org/API', '--token-url', 'https://sis.example.org/API/oauth/token', '--client-id', 'sp-key'];

  it('adds REST connections with the secret from stdin or an environment variable, and never shows it', async () => {
    const fromStdin = await cli([...db, '--json', 'connection', 'add', 'Skyward', ...restFlags, '--client-secret-stdin'], { env, stdin: `${SECRET}\n` });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ connection: { name: 'Skyward', kind: 'oneroster-rest', rest: { version: '1.1', pageSize: 1000, concurrency: 2 } } });
    const fromEnv = await cli([...db, 'connection', 'add', 'Skyward OAuth1', ...restFlags.filter((f, i, all) => f !== '--token-url' && all[i - 1] !== '--token-url'), '--auth', 'oauth1', '--client-secret-env', 'SIS_SECRET'], { env: { ...env, SIS_SECRET: SECRET } });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(fromEnv.stdout).toContain('Authentication:    OAuth 1.0a (HMAC-SHA256)');
    const list = await cli([...db, '--json', 'connection', 'list'], { env });
    expect((JSON.parse(list.stdout) as { connections: Array<{ name: string }> }).connections.map((c) => c.name)).toEqual(['Skyward', 'Skyward OAuth1']);
    const show = await cli([...db, 'connection', 'show', 'Skyward'], { env });
    expect(show.stdout).toContain('Client secret:     stored sealed (fingerprint');
    for (const out of [fromStdin, fromEnv, list, show]) expect(out.stdout + out.stderr).not.toContain(SECRET);
  });

  it('refuses an add without a secret, or with invalid settings, in one line listing every problem', async () => {
    const noSecret = await cli([...db, 'connection', 'add', 'No secret', ...restFlags], { env });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr.trim()).toBe('rosterbridge: a REST connection needs its client secret: --client-secret-stdin (first line of stdin) or --client-secret-env <VAR>');
    const invalid = await cli([...db, 'connection', 'add', 'Bad', ...restFlags, '--page-size', 'many', '--concurrency', '9', '--client-secret-stdin'], { env, stdin: SECRET });
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.trim()).toBe('rosterbridge: connection is invalid: page size must be a whole number from 1 to 10000; concurrency must be a whole number from 1 to 5');
  });

  it('tests a CSV connection: the manifest and the rows per file', async () => {
    const bundle = writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE));
    const added = await cli([...db, 'connection', 'add', 'Nightly CSV', '--kind', 'csv', '--district', 'd1', '--location', bundle], { env });
    expect(added.code, added.stderr).toBe(0);
    const tested = await cli([...db, '--json', 'connection', 'test', 'Nightly CSV'], { env });
    expect(tested.code, tested.stderr).toBe(0);
    const { report } = JSON.parse(tested.stdout) as { report: { ok: boolean; version: string; files: Array<{ file: string; mode: string; rows: number | null }> } };
    expect(report.ok).toBe(true);
    expect(report.version).toBe('1.1');
    const withData = report.files.filter((f) => f.rows !== null);
    expect(withData).toHaveLength(6);
    expect(withData).toEqual(expect.arrayContaining([
      { file: 'orgs.csv', mode: 'bulk', rows: 2 },
      { file: 'academicSessions.csv', mode: 'bulk', rows: 2 },
      { file: 'courses.csv', mode: 'bulk', rows: 1 },
      { file: 'classes.csv', mode: 'bulk', rows: 1 },
      { file: 'users.csv', mode: 'bulk', rows: 4 },
      { file: 'enrollments.csv', mode: 'bulk', rows: 3 },
    ]));
    const human = await cli([...db, 'connection', 'test', 'Nightly CSV'], { env });
    expect(human.stdout).toContain('users.csv: bulk, 4 rows');
  });

  it('exits 2 with the problems when a CSV bundle is broken', async () => {
    const broken = writeBundleFolder(validFiles(), MANIFEST_11({ ...ALL_CORE, demographics: 'bulk' }));
    await cli([...db, 'connection', 'add', 'Broken CSV', '--kind', 'csv', '--district', 'd1', '--location', broken], { env });
    const tested = await cli([...db, 'connection', 'test', 'Broken CSV'], { env });
    expect(tested.code).toBe(2);
    expect(tested.stdout).toContain('Bundle has problems: 1 found.');
    expect(tested.stdout).toContain('file.demographics is bulk but demographics.csv is not in the bundle');
  });
});
