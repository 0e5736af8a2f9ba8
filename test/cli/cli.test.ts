import { execFile } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the rosterbridge command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-cli-'));
  const db = `sqlite:${join(dir, 'hub.db')}`;

  it('has --help on every command', async () => {
    for (const command of ['init', 'generate', 'import', 'export', 'demo', 'serve']) {
      const out = await cli([command, '--help']);
      expect(out.code, command).toBe(0);
      expect(out.stdout).toContain(`Usage: rosterbridge ${command}`);
    }
  });

  it('init creates an owner-only master key, generate → import → export work with --json', async () => {
    const init = await cli(['--data-dir', join(dir, 'data'), '--json', 'init']);
    expect(init.code).toBe(0);
    const key = JSON.parse(init.stdout) as { masterKeyFile: string; masterKeyCreated: boolean };
    expect(key.masterKeyCreated).toBe(true);
    expect(statSync(key.masterKeyFile).mode & 0o777).toBe(0o600);

    const bundle = join(dir, 'district.zip');
    const generated = await cli(['--json', 'generate', '--students', '40', '--out', bundle, '--oneroster', '1.1']);
    expect(generated.code).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({ version: '1.1', mode: 'bulk' });

    const imported = await cli(['--db', db, '--json', 'import', bundle]);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as { ok: boolean; counts: Record<string, { created: number }> };
    expect(report.ok).toBe(true);
    expect(report.counts.users?.created).toBeGreaterThan(40);

    const exported = await cli(['--db', db, 'export', join(dir, 'out'), '--since', '2000-01-01']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('Exported a delta OneRoster 1.2 bundle');
  });

  it('tombstones purge reports what it removed and refuses a retention under one day', async () => {
    const purged = await cli(['--db', db, '--json', 'tombstones', 'purge', '--days', '30']);
    expect(purged.code).toBe(0);
    const outcome = JSON.parse(purged.stdout) as { before: string; purged: Record<string, number> };
    expect(outcome.purged).toEqual({});
    expect(Date.now() - new Date(outcome.before).getTime()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    const bad = await cli(['--db', db, 'tombstones', 'purge', '--days', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('whole number of days');
  });

  it('exits non-zero with one clear line when an import is rejected', async () => {
    const bad = join(dir, 'bad');
    mkdtempSync(bad);
    const out = await cli(['--db', db, 'import', dir]);
    expect(out.code).toBe(3);
    expect(out.stdout).toContain('manifest.csv is missing');
    expect(out.stderr.trim().split('\n')).toEqual(['rosterbridge: import rejected (1 problem(s)); the store is unchanged']);
  });

  it('demo loads a district and hands out a vendor credential, a fresh secret on every run', async () => {
    const env = { ROSTERBRIDGE_DATA_DIR: join(dir, 'demo-data') };
    const first = await cli(['--json', 'demo', '--students', '30', '--no-serve'], env);
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout) as { clientId: string; clientSecret: string; tokenCurl: string; studentsCurl: string; districtId: string };
    expect(a.clientId).toBe('demo-vendor');
    expect(a.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.tokenCurl).toContain(`-u 'demo-vendor:${a.clientSecret}'`);
    expect(a.studentsCurl).toContain(a.tokenCurl);
    expect(a.studentsCurl).toContain('/ims/oneroster/rostering/v1p2/students?');
    const second = await cli(['--json', 'demo', '--students', '30', '--no-serve'], env);
    const b = JSON.parse(second.stdout) as { clientSecret: string; districtId: string };
    expect(b.clientSecret).not.toBe(a.clientSecret);
    expect(b.districtId).toBe(a.districtId);
  });

  it('refuses bad arguments with one line', async () => {
    const out = await cli(['generate', '--students', 'many', '--out', join(dir, 'x')]);
    expect(out.code).toBe(1);
    expect(out.stderr.trim()).toBe("rosterbridge: --students must be a whole number of at least 1, not 'many'");
    writeFileSync(join(dir, 'not-a.zip'), 'hello');
    const zip = await cli(['--db', db, 'import', join(dir, 'not-a.zip')]);
    expect(zip.code).toBe(3);
    expect(zip.stdout).toContain('is not a readable zip archive');
  });
});
