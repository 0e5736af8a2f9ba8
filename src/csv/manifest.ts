import { csvEntitiesFor, childFiles, type Version } from '../model/index.ts';
import type { BundleReader } from './bundle/index.ts';
import type { ImportProblem } from './problems.ts';
import { FileReadError, openCsv } from './rows.ts';

export type FileMode = 'bulk' | 'delta' | 'absent';

export interface Manifest {
  readonly version: Version;
  /** Mode per file name without `.csv` (entities and 1.2 child files). */
  readonly modes: ReadonlyMap<string, FileMode>;
}

export const MANIFEST = 'manifest.csv';

/** File names (without .csv) a version's manifest lists. */
export function manifestFiles(version: Version): string[] {
  const names: string[] = [];
  for (const e of csvEntitiesFor(version)) {
    names.push(e.name);
    for (const c of childFiles(e, version)) names.push(c.child.file);
  }
  return names;
}

/** Reads and checks manifest.csv: the version, every file's mode, and that listed files exist. */
export async function readManifest(bundle: BundleReader, problems: { add(p: ImportProblem): void }): Promise<Manifest | undefined> {
  if (!bundle.has(MANIFEST)) {
    problems.add({ file: MANIFEST, rule: 'manifest', message: `manifest.csv is missing from ${bundle.location}; a OneRoster bundle must have one at its root` });
    return undefined;
  }
  const properties = new Map<string, { value: string; line: number }>();
  try {
    const csv = await openCsv(bundle, MANIFEST);
    if (csv.header[0] !== 'propertyName' || csv.header[1] !== 'value') {
      problems.add({ file: MANIFEST, line: 1, rule: 'header', message: `header must be 'propertyName,value', found '${csv.header.join(',')}'` });
      return undefined;
    }
    for await (const row of csv.rows) properties.set((row.cells[0] ?? '').trim().replace(/\*$/, ''), { value: (row.cells[1] ?? '').trim(), line: row.line });
  } catch (error) {
    if (error instanceof FileReadError) {
      problems.add(error.problem);
      return undefined;
    }
    throw error;
  }
  const versionText = properties.get('oneroster.version');
  if (versionText === undefined || (versionText.value !== '1.1' && versionText.value !== '1.2')) {
    problems.add({ file: MANIFEST, ...(versionText ? { line: versionText.line } : {}), column: 'value', rule: 'manifest', message: `oneroster.version must be 1.1 or 1.2, found '${versionText?.value ?? '(missing)'}'` });
    return undefined;
  }
  const version = versionText.value;
  const known = new Set(manifestFiles(version));
  const modes = new Map<string, FileMode>();
  for (const [key, { value, line }] of properties) {
    if (!key.startsWith('file.')) continue;
    const name = key.slice('file.'.length);
    if (!known.has(name)) {
      problems.add({ file: MANIFEST, line, column: 'propertyName', rule: 'manifest', message: `'${key}' is not a OneRoster ${version} file` });
      continue;
    }
    const mode = value.toLowerCase();
    if (mode !== 'bulk' && mode !== 'delta' && mode !== 'absent') {
      problems.add({ file: MANIFEST, line, column: 'value', rule: 'manifest', message: `${key} must be bulk, delta or absent, found '${value}'` });
      continue;
    }
    modes.set(name, mode);
    if (mode !== 'absent' && !bundle.has(`${name}.csv`)) {
      problems.add({ file: MANIFEST, line, rule: 'manifest', message: `${key} is ${mode} but ${name}.csv is not in the bundle` });
    }
  }
  return { version, modes };
}
