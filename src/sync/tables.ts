import type { TableSpec } from '../store/index.ts';

/**
 * The sync tables beside the roster and access tables. Only connections so far; runs, changesets
 * and lineage join them when the pipeline is built. Settings that differ by kind live in one JSON
 * column (validated on the way in and on the way out), so a new kind needs no new columns; the
 * client secret is its own column, sealed, so no JSON dump of settings can carry it.
 */
export function syncTableSpecs(): TableSpec[] {
  return [
    {
      name: 'sync_connections',
      columns: [
        { name: 'id', storage: 'text', primaryKey: true },
        { name: 'name', storage: 'text', notNull: true },
        { name: 'kind', storage: 'text', notNull: true },
        { name: 'district_id', storage: 'text', notNull: true },
        { name: 'mode', storage: 'text', notNull: true },
        { name: 'settings', storage: 'json', notNull: true },
        { name: 'sealed_secret', storage: 'text' },
        { name: 'secret_fingerprint', storage: 'text' },
        { name: 'created_at', storage: 'text', notNull: true },
        { name: 'updated_at', storage: 'text', notNull: true },
        // What runs need (src/sync/run/): the rules and guard settings, the delta watermark, the last full read.
        { name: 'sync_settings', storage: 'json' },
        { name: 'watermark', storage: 'text' },
        { name: 'last_full_sync_at', storage: 'text' },
      ],
      indexes: [{ columns: ['name'], unique: true }, { columns: ['district_id'] }],
    },
  ];
}
