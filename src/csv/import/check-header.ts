import { csvHeader, type AnyEntityDecl, type Version } from '../../model/index.ts';
import type { ProblemLog } from '../problems.ts';

/**
 * Checks a file's header against the entity's derived CSV header: unknown or repeated columns and
 * missing required ones are problems on line 1; free `metadata.*` columns are allowed and returned.
 */
export function checkHeader(problems: ProblemLog, entity: AnyEntityDecl, version: Version, file: string, header: readonly string[]): { metadataColumns: string[]; ok: boolean } {
  const expected = csvHeader(entity, version);
  const known = new Set(expected);
  let ok = true;
  const bad = (column: string, message: string): void => {
    ok = false;
    problems.add({ file, line: 1, column, rule: 'header', message });
  };
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) bad(column, `column '${column}' appears twice`);
    seen.add(column);
    if (!known.has(column) && !column.startsWith('metadata.')) {
      const close = expected.find((e) => e.toLowerCase() === column.toLowerCase());
      bad(column, `'${column}' is not a ${version} ${entity.name}.csv column${close !== undefined ? ` (did you mean '${close}'?)` : ''}`);
    }
  }
  const required = ['sourcedId', ...entity.fields.filter((f) => f.required[version] === true).flatMap((f) => f.csv[version] ?? [])];
  for (const column of required) if (!seen.has(column)) bad(column, `required column '${column}' is missing from the header`);
  return { metadataColumns: header.filter((c) => c.startsWith('metadata.') && !known.has(c)), ok };
}

