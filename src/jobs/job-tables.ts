import type { TableSpec } from '../store/index.ts';

/**
 * The jobs tables. `sync_schedules`: one row per scheduled connection; `last_slot` is the last run
 * time a scheduler fired (or the moment the schedule was set), advanced with a compare-and-set so
 * that of several schedulers exactly one fires each slot. `sync_jobs` is the queue of the
 * in-process runner (SQLite); on PostgreSQL pg-boss keeps its own tables in its own schema.
 */
export function jobTableSpecs(): TableSpec[] {
  return [
    {
      name: 'sync_schedules',
      columns: [
        { name: 'connection_id', storage: 'text', primaryKey: true },
        { name: 'rule', storage: 'json', notNull: true },
        { name: 'enabled', storage: 'bool', notNull: true },
        { name: 'last_slot', storage: 'text', notNull: true },
        { name: 'updated_at', storage: 'text', notNull: true },
      ],
      indexes: [{ columns: ['enabled'] }],
    },
    {
      name: 'sync_jobs',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'connection_id', storage: 'text', notNull: true },
        { name: 'trigger', storage: 'text', notNull: true },
        { name: 'slot', storage: 'text' },
        { name: 'state', storage: 'text', notNull: true },
        { name: 'created_at', storage: 'text', notNull: true },
        { name: 'started_at', storage: 'text' },
        { name: 'finished_at', storage: 'text' },
        { name: 'error_code', storage: 'text' },
      ],
      indexes: [{ columns: ['state', 'created_at'] }, { columns: ['connection_id', 'state'] }],
    },
  ];
}
