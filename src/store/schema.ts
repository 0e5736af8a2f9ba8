import { sql } from 'kysely';
import { ATTENDANCE_ENTITIES, ENTITIES, tableOf, type AnyEntityDecl, type ColumnStorage } from '../model/index.ts';
import { q, type Db, type StoreDialect } from './dialect.ts';

/** A table the store keeps: roster tables are derived from the model; hub modules declare theirs. */
export interface TableSpec {
  readonly name: string;
  readonly columns: ReadonlyArray<{ name: string; storage: ColumnStorage; primaryKey?: boolean; notNull?: boolean }>;
  readonly indexes: ReadonlyArray<{ columns: readonly string[]; unique?: boolean }>;
}

/** The roster tables, one per OneRoster entity, with the indexes the provider's filters and scoping use. */
export function rosterTableSpecs(): TableSpec[] {
  return entityTableSpecs(ENTITIES);
}

/** The hub's attendance tables, derived the same way from the attendance registry. */
export function attendanceTableSpecs(): TableSpec[] {
  return entityTableSpecs(ATTENDANCE_ENTITIES);
}

function entityTableSpecs(entities: readonly AnyEntityDecl[]): TableSpec[] {
  return entities.map((entity) => {
    const table = tableOf(entity);
    const indexes: Array<{ columns: string[]; unique?: boolean }> = [
      { columns: ['district_id', 'status', 'sourced_id'] },
      { columns: ['date_last_modified', 'sourced_id'] },
      // The provider's default order (creation, then sourcedId) within a district: a page's ids come
      // from this index alone, however deep the offset (stable pages while a sync writes, too).
      { columns: ['district_id', 'date_created', 'sourced_id'] },
    ];
    for (const column of table.columns) {
      if (column.field !== undefined && column.indexed) indexes.push({ columns: [column.name, 'sourced_id'] });
    }
    return {
      name: table.name,
      columns: table.columns.map((c) => ({
        name: c.name,
        storage: c.storage,
        primaryKey: c.name === 'sourced_id',
        notNull: ['district_id', 'status', 'date_last_modified', 'date_created', 'content_hash'].includes(c.name),
      })),
      indexes,
    };
  });
}

function indexName(table: string, columns: readonly string[]): string {
  return `ix_${table}__${columns.join('__')}`.slice(0, 63);
}

/**
 * Brings the database up to the declared tables: creates missing tables, adds missing columns and
 * indexes. Additive changes to the model therefore need no hand-written migration; a destructive one
 * (renaming, dropping) must be written by hand (docs/decisions/0001-schema-from-model.md).
 */
export async function ensureSchema(db: Db, dialect: StoreDialect, specs: readonly TableSpec[]): Promise<void> {
  const existing = new Map((await db.introspection.getTables()).map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  for (const spec of specs) {
    const columns = existing.get(spec.name);
    if (columns === undefined) {
      const defs = spec.columns.map(
        (c) => `${q(c.name)} ${dialect.columnType(c.storage, c.primaryKey === true)}${c.notNull === true && c.primaryKey !== true ? ' not null' : ''}`,
      );
      await sql.raw(`create table if not exists ${q(spec.name)} (${defs.join(', ')})`).execute(db);
    } else {
      for (const c of spec.columns) {
        if (!columns.has(c.name)) await sql.raw(`alter table ${q(spec.name)} add column ${q(c.name)} ${dialect.columnType(c.storage, false)}`).execute(db);
      }
    }
    for (const index of spec.indexes) {
      const unique = index.unique === true ? 'unique ' : '';
      await sql.raw(`create ${unique}index if not exists ${indexName(spec.name, index.columns)} on ${q(spec.name)} (${index.columns.map(q).join(', ')})`).execute(db);
    }
  }
}
