/**
 * Reading and writing cells of the access tables. Booleans are stored as 0/1, JSON as text, and
 * both engines hand back slightly different types; these functions make one shape of them.
 */
export type Row = Record<string, unknown>;

export function cellText(row: Row, column: string): string {
  const value = row[column];
  if (value === null || value === undefined) throw new Error(`column ${column} is unexpectedly empty`);
  return String(value);
}

export function cellOptionalText(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : String(value);
}

export function cellBool(row: Row, column: string): boolean {
  const value = row[column];
  return value === 1 || value === true || value === '1';
}

export function cellNumber(row: Row, column: string): number | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  return typeof value === 'number' ? value : Number(value);
}

export function cellStringArray(row: Row, column: string): string[] | null {
  const value = row[column];
  if (value === null || value === undefined) return null;
  const parsed: unknown = JSON.parse(String(value));
  if (!Array.isArray(parsed)) throw new Error(`column ${column} does not hold a JSON array`);
  return parsed.map(String);
}

export function cellJson(row: Row, column: string): unknown {
  const value = row[column];
  return value === null || value === undefined ? null : (JSON.parse(String(value)) as unknown);
}

export const boolCell = (value: boolean): number => (value ? 1 : 0);
export const jsonCell = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));
