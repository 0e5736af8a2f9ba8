import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SourceItem } from './source.ts';

/**
 * What a run read from its source, on disk: one file of JSON lines per entity, so a run can read
 * the source once and still pass over an entity twice (enrollments before users, to know who is
 * linked to a kept class) while memory holds only the current page. Removed when the run ends.
 */
export interface Spool {
  writer(entity: string): SpoolWriter;
  read(entity: string): AsyncGenerator<SourceItem>;
  has(entity: string): boolean;
  remove(): void;
}

export interface SpoolWriter {
  write(item: SourceItem): void;
  close(): void;
}

const FLUSH_BYTES = 1 << 20;

export function createSpool(): Spool {
  const dir = mkdtempSync(join(tmpdir(), 'rb-sync-run-'));
  const written = new Set<string>();
  const path = (entity: string): string => join(dir, `${entity}.jsonl`);
  return {
    writer(entity) {
      const fd = openSync(path(entity), 'w');
      written.add(entity);
      let buffer: string[] = [];
      let size = 0;
      const flush = (): void => {
        if (buffer.length > 0) writeSync(fd, buffer.join(''));
        buffer = [];
        size = 0;
      };
      return {
        write(item) {
          const line = `${JSON.stringify(item)}\n`;
          buffer.push(line);
          size += line.length;
          if (size >= FLUSH_BYTES) flush();
        },
        close() {
          flush();
          closeSync(fd);
        },
      };
    },
    async *read(entity) {
      if (!written.has(entity)) return;
      const lines = createInterface({ input: createReadStream(path(entity), 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) if (line !== '') yield JSON.parse(line) as SourceItem;
    },
    has: (entity) => written.has(entity),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
