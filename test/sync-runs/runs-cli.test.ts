import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_CORE, MANIFEST_11, validFiles, writeBundleFolder } from '../support/bundles.ts';

const CLI = ['--import', 'tsx', join(import.meta.dirname, '../../src/cli/main.ts')];

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, ROSTERBRIDGE_ACTOR: 'cli:vendor-engineer' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end('');
  });
}

describe('rosterbridge connection sync | run | approve | history | rules | schools | map-schools', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rb-runs-cli-'));
  const db = ['--db', `sqlite:${join(dir, 'hub.db')}`];

  it('previews the first sync, shows its records, approves it, and keeps the history', async () => {
    const bundle = writeBundleFolder(validFiles(), MANIFEST_11(ALL_CORE));
    expect((await cli([...db, 'connection', 'add', 'Maple CSV', '--kind', 'csv', '--district', 'd1', '--location', bundle])).code).toBe(0);

    const schools = await cli([...db, '--json', 'connection', 'schools', 'Maple CSV', '--auto', 'name']);
    expect(schools.code, schools.stderr).toBe(0);
    expect(JSON.parse(schools.stdout)).toMatchObject({ report: { source: [{ sourcedId: 's1', name: 'Maple High', identifier: '101' }], hub: [], proposal: {} } });
    const mapped = await cli([...db, '--json', 'connection', 'map-schools', 'Maple CSV', '--select', 's1']);
    expect(JSON.parse(mapped.stdout)).toEqual({ schools: { selected: ['s1'] } });

    const rulesFile = join(dir, 'rules.json');
    writeFileSync(rulesFile, JSON.stringify({ previewRequired: true, rules: { idPrefix: 'maple:' } }));
    const set = await cli([...db, 'connection', 'rules', 'set', 'Maple CSV', '--file', rulesFile]);
    expect(set.code, set.stderr).toBe(0);
    writeFileSync(rulesFile, JSON.stringify({ rules: { idPrefix: 'no spaces allowed' }, readMode: 'weekly' }));
    const refused = await cli([...db, 'connection', 'rules', 'set', 'Maple CSV', '--file', rulesFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('SIS ID prefix: 1 to 32 letters, digits or . _ : -');
    expect(refused.stderr).toContain('readMode must be full or delta');
    const shown = await cli([...db, '--json', 'connection', 'rules', 'show', 'Maple CSV']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ settings: { previewRequired: true, rules: { idPrefix: 'maple:', schools: { selected: ['s1'] } } }, watermark: null });

    const sync = await cli([...db, '--json', 'connection', 'sync', 'Maple CSV']);
    expect(sync.code, sync.stderr).toBe(3);
    const held = (JSON.parse(sync.stdout) as { run: { id: string; status: string; reasons: string[] } }).run;
    expect(held.status).toBe('held');
    expect(held.reasons).toEqual(['this connection requires every run to be previewed and approved']);

    const preview = await cli([...db, 'connection', 'run', held.id, '--records']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Status:');
    expect(preview.stdout).toContain('create users maple:u-s1 (from users.csv:3; rules: SIS ID prefix)');

    const approved = await cli([...db, '--json', 'connection', 'approve', held.id]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ run: { status: 'succeeded', decidedBy: 'cli:vendor-engineer' } });
    const again = await cli([...db, 'connection', 'approve', held.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is succeeded, not held');

    const history = await cli([...db, '--json', 'connection', 'history', 'Maple CSV']);
    expect((JSON.parse(history.stdout) as { runs: Array<{ status: string }> }).runs.map((r) => r.status)).toEqual(['succeeded']);
    const text = await cli([...db, 'connection', 'history', 'Maple CSV']);
    expect(text.stdout).toMatch(/succeeded\s+manual\s+full\s+13\s+0/);
  });
});
