import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAP_CEILING_FLAG } from '../../src/hub/index.ts';

const root = join(import.meta.dirname, '..', '..');

describe('the heap ceiling of Rosterbridge processes', () => {
  it('is set by the installed command', () => {
    const firstLine = readFileSync(join(root, 'bin', 'rosterbridge.js'), 'utf8').split('\n')[0];
    expect(firstLine).toBe(`#!/usr/bin/env -S node ${HEAP_CEILING_FLAG}`);
  });

  it('is set by every npm script that runs the CLI', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const cli = Object.entries(scripts).filter(([, command]) => command.includes('src/cli/main.ts'));
    expect(cli.map(([name]) => name).sort()).toEqual(['demo', 'rosterbridge', 'serve']);
    for (const [name, command] of cli) expect(command, name).toContain(`tsx ${HEAP_CEILING_FLAG} src/cli/main.ts`);
  });

  it('is what the benchmarks start their children with, as the product runs', () => {
    for (const file of ['child-server.ts', 'bench-setup.ts', 'import.ts']) {
      const text = readFileSync(join(root, 'bench', file), 'utf8');
      const launches = text.match(/\['--import', 'tsx'[^\]]*/g) ?? [];
      expect(launches.length, file).toBeGreaterThan(0);
      for (const launch of launches) expect(launch, file).toContain('HEAP_CEILING_FLAG');
    }
  });
});
