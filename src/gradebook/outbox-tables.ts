import type { TableSpec } from '../store/index.ts';

/**
 * The gradebook's own table beside the roster: the outbox of committed gradebook writes. A row is
 * inserted in the same transaction as the write it records, so a write that rolls back leaves no
 * row and a committed write always has one. Delivery state lives on the row (pending → pushed |
 * failed), driven by whoever delivers it (the 2-way push in src/sync/push). Timestamps are ISO text.
 */
export function gradebookTableSpecs(): TableSpec[] {
  return [
    {
      name: 'gradebook_outbox',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'district_id', storage: 'text', notNull: true },
        { name: 'entity', storage: 'text', notNull: true },
        { name: 'sourced_id', storage: 'text', notNull: true },
        { name: 'operation', storage: 'text', notNull: true },
        { name: 'written_at', storage: 'text', notNull: true },
        { name: 'status', storage: 'text', notNull: true },
        { name: 'attempts', storage: 'real', notNull: true },
        { name: 'last_status', storage: 'real' },
        { name: 'last_error', storage: 'text' },
        { name: 'pushed_at', storage: 'text' },
        { name: 'updated_at', storage: 'text', notNull: true },
      ],
      indexes: [{ columns: ['district_id', 'status', 'written_at'] }, { columns: ['entity', 'sourced_id'] }],
    },
  ];
}
