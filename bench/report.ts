import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');

/** Replaces the section between `<!-- bench:<name> -->` markers in docs/benchmarks.md (appends it if absent). */
export function updateBenchmarkSection(name: string, body: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const text = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${body}\n${end}`;
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  writeFileSync(FILE, pattern.test(text) ? text.replace(pattern, block) : `${text.trimEnd()}\n\n## ${name}\n\n${block}\n`);
}
