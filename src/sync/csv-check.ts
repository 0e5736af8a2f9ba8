import { FileReadError, formatProblem, openBundle, openCsv, readManifest, type ImportProblem } from '../csv/index.ts';
import { isHubError } from '../kernel/index.ts';

export interface CsvFileCheck {
  /** e.g. `users.csv`. */
  readonly file: string;
  readonly mode: 'bulk' | 'delta' | 'absent';
  /** Data rows (the header not counted); null when the file is absent or could not be read. */
  readonly rows: number | null;
}

export interface CsvTestReport {
  readonly kind: 'oneroster-csv';
  readonly connection: string;
  readonly location: string;
  readonly ok: boolean;
  readonly version: '1.1' | '1.2' | null;
  readonly files: readonly CsvFileCheck[];
  readonly summary: readonly string[];
}

/**
 * Test connection for a local CSV bundle (an sftp:// one is fetched first, by the caller): open the bundle (zip or folder), read its manifest, and
 * count the rows of every file it lists. Only counts leave this function, never a cell.
 */
export async function checkCsvConnection(connection: string, location: string): Promise<CsvTestReport> {
  const base = { kind: 'oneroster-csv' as const, connection, location };
  let bundle;
  try {
    bundle = await openBundle(location);
  } catch (error) {
    if (!isHubError(error)) throw error;
    return { ...base, ok: false, version: null, files: [], summary: [`Connection failed: ${error.message}`] };
  }
  try {
    const problems: ImportProblem[] = [];
    const manifest = await readManifest(bundle, { add: (p) => problems.push(p) });
    const files: CsvFileCheck[] = [];
    for (const [name, mode] of manifest?.modes ?? []) {
      const file = `${name}.csv`;
      files.push({ file, mode, rows: mode === 'absent' || !bundle.has(file) ? null : await countRows(bundle, file, problems) });
    }
    const ok = manifest !== undefined && problems.length === 0;
    const headline = ok
      ? `Bundle readable: OneRoster ${manifest.version}, ${files.filter((f) => f.rows !== null).length} files with data.`
      : `Bundle has problems: ${problems.length} found.`;
    const lines = files.map((f) => (f.rows === null ? `${f.file}: ${f.mode}` : `${f.file}: ${f.mode}, ${f.rows} row${f.rows === 1 ? '' : 's'}`));
    return { ...base, ok, version: manifest?.version ?? null, files, summary: [headline, ...lines, ...problems.map(formatProblem)] };
  } finally {
    await bundle.close();
  }
}

async function countRows(bundle: Awaited<ReturnType<typeof openBundle>>, file: string, problems: ImportProblem[]): Promise<number | null> {
  try {
    const csv = await openCsv(bundle, file);
    let rows = 0;
    for await (const _row of csv.rows) rows += 1;
    return rows;
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    problems.push(error.problem);
    return null;
  }
}
