import type { TableSpec } from '../../store/index.ts';

/**
 * The tables of sync runs. `sync_runs` is the history and the lock: `lock` holds the connection id
 * while a run is running or held and is null otherwise, and its unique index lets only one such run
 * exist per connection, whichever process claims it. `sync_changes` is a run's changeset, staged
 * in the database (so memory does not grow with the district) and kept as the held changeset.
 * `sync_owned` says which records a connection committed and their digest (what the next run diffs
 * against); `sync_lineage` says, per committed change, the run, the source row and the rules.
 */
export function runTableSpecs(): TableSpec[] {
  return [
    {
      name: 'sync_runs',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'connection_id', storage: 'text', notNull: true },
        { name: 'status', storage: 'text', notNull: true },
        { name: 'trigger', storage: 'text', notNull: true },
        { name: 'full_read', storage: 'bool', notNull: true },
        { name: 'lock', storage: 'text' },
        { name: 'owner', storage: 'text' },
        { name: 'started_at', storage: 'text', notNull: true },
        { name: 'heartbeat_at', storage: 'text' },
        { name: 'finished_at', storage: 'text' },
        { name: 'duration_ms', storage: 'real' },
        { name: 'counts', storage: 'json' },
        { name: 'reasons', storage: 'json' },
        { name: 'errors', storage: 'json' },
        { name: 'problems', storage: 'json' },
        { name: 'problem_count', storage: 'real' },
        { name: 'change_count', storage: 'real' },
        { name: 'next_watermark', storage: 'text' },
        { name: 'decided_by', storage: 'text' },
        { name: 'decided_at', storage: 'text' },
      ],
      indexes: [{ columns: ['lock'], unique: true }, { columns: ['connection_id', 'started_at'] }],
    },
    {
      name: 'sync_changes',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'run_id', storage: 'text', notNull: true },
        { name: 'seq', storage: 'real', notNull: true },
        { name: 'entity', storage: 'text', notNull: true },
        { name: 'sourced_id', storage: 'text', notNull: true },
        { name: 'action', storage: 'text', notNull: true },
        { name: 'before', storage: 'json' },
        { name: 'after', storage: 'json' },
        { name: 'base_hash', storage: 'text' },
        { name: 'digest', storage: 'text' },
        { name: 'origin', storage: 'text', notNull: true },
        { name: 'source_id', storage: 'text', notNull: true },
        { name: 'rules', storage: 'json' },
      ],
      // The commit reads one entity's changes at a time: without entity in an index, each of those
      // reads walked every other entity's rows of the run (see docs/benchmarks.md, bench:sync).
      indexes: [{ columns: ['run_id', 'seq'], unique: true }, { columns: ['run_id', 'entity', 'seq'] }],
    },
    {
      name: 'sync_owned',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'connection_id', storage: 'text', notNull: true },
        { name: 'entity', storage: 'text', notNull: true },
        { name: 'sourced_id', storage: 'text', notNull: true },
        { name: 'digest', storage: 'text', notNull: true },
        { name: 'run_id', storage: 'text', notNull: true },
      ],
      indexes: [{ columns: ['connection_id', 'entity', 'sourced_id'], unique: true }, { columns: ['entity', 'sourced_id'] }],
    },
    {
      name: 'sync_lineage',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'run_id', storage: 'text', notNull: true },
        { name: 'connection_id', storage: 'text', notNull: true },
        { name: 'entity', storage: 'text', notNull: true },
        { name: 'sourced_id', storage: 'text', notNull: true },
        { name: 'action', storage: 'text', notNull: true },
        { name: 'origin', storage: 'text', notNull: true },
        { name: 'source_id', storage: 'text', notNull: true },
        { name: 'rules', storage: 'json' },
        { name: 'committed_at', storage: 'text', notNull: true },
      ],
      indexes: [{ columns: ['entity', 'sourced_id'] }, { columns: ['run_id'] }],
    },
  ];
}
