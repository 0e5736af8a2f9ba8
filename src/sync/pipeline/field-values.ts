import type { AnyRecord, UserRole } from '../../model/index.ts';

/**
 * A record's value for a rule's field, as text: a list gives each element, a boolean `true` or
 * `false`, a number its decimal text, and `role` / `org` look into users' roles. Absent → [].
 */
export function fieldValues(record: AnyRecord, field: string): string[] {
  const values = record as Record<string, unknown>;
  if ((field === 'role' || field === 'org') && Array.isArray(values.roles)) {
    return (values.roles as UserRole[]).map((r) => (field === 'role' ? r.role : r.org));
  }
  const value = values[field];
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.flatMap((v: unknown) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [String(v)] : []));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}
