import { parse } from 'csv-parse';
import { isHubError } from '../kernel/index.ts';
import type { BundleReader } from './bundle/index.ts';
import type { ImportProblem } from './problems.ts';

export interface CsvRow {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

export interface CsvFile {
  readonly header: readonly string[];
  readonly rows: AsyncGenerator<CsvRow>;
}

/** A problem that ends the reading of a file (bad encoding, broken quoting, damaged zip entry). */
export class FileReadError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
  }
}

function asProblem(file: string, error: unknown): ImportProblem {
  if (isHubError(error)) {
    const details = error.details as { line?: number } | undefined;
    return { file, ...(details?.line !== undefined ? { line: details.line } : {}), rule: 'encoding', message: error.message };
  }
  const e = error as { code?: string; lines?: number; message?: string };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    return { file, ...(e.lines !== undefined ? { line: e.lines } : {}), rule: 'csv-syntax', message: (e.message ?? 'malformed CSV').replace(/^Invalid Record Length: /, '') };
  }
  return { file, rule: 'unreadable', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Streams one CSV file of a bundle (RFC 4180, UTF-8) as header + rows with line numbers.
 * A row with a different number of cells than the header is a syntax problem, not a silent shift.
 */
export async function openCsv(bundle: BundleReader, file: string): Promise<CsvFile> {
  const text = await bundle.openText(file);
  const parser = parse({ relax_column_count: false, skip_empty_lines: true, info: true, bom: true });
  text.on('error', (error: unknown) => parser.destroy(error instanceof Error ? error : new Error(String(error))));
  text.pipe(parser);
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  let first: IteratorResult<{ record: string[]; info: { lines: number } }>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw new FileReadError(asProblem(file, error));
  }
  const header = first.done === true ? [] : first.value.record.map((h) => h.trim());
  async function* rows(): AsyncGenerator<CsvRow> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield { line: next.value.info.lines, cells: next.value.record };
      }
    } catch (error) {
      throw new FileReadError(asProblem(file, error));
    } finally {
      text.destroy();
    }
  }
  return { header, rows: rows() };
}

/** Cell text by column name for one row ('' for a column the header lacks). */
export function cellReader(header: readonly string[]): (row: CsvRow) => (column: string) => string {
  const index = new Map(header.map((h, i) => [h, i]));
  return (row) => (column) => {
    const i = index.get(column);
    return i === undefined ? '' : (row.cells[i] ?? '');
  };
}
