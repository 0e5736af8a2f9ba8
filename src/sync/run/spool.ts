import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const READ_BYTES = 1 << 20;

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
      // Lines split by hand: the spool writes '\n' only (JSON escapes it inside strings), and
      // readline's general line handling was a tenth of a no-change run.
      let rest = '';
      for await (const chunk of createReadStream(path(entity), { encoding: 'utf8', highWaterMark: READ_BYTES })) {
        const text = rest + String(chunk);
        let start = 0;
        for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
          if (end > start) yield JSON.parse(text.slice(start, end)) as SourceItem;
          start = end + 1;
        }
        rest = text.slice(start);
      }
      if (rest !== '') yield JSON.parse(rest) as SourceItem;
    },
    has: (entity) => written.has(entity),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
