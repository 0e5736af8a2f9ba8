import type { TableSpec } from '../store/index.ts';

type Column = TableSpec['columns'][number];

const text = (name: string, notNull = false): Column => ({ name, storage: 'text', notNull });
const bool = (name: string): Column => ({ name, storage: 'bool', notNull: true });
const json = (name: string): Column => ({ name, storage: 'json' });
const real = (name: string): Column => ({ name, storage: 'real' });
const pk = (name: string): Column => ({ name, storage: 'text', primaryKey: true });

/**
 * The access tables beside the roster: the Integration List, Integration Access records, their
 * secrets and configurations, licensed products, OAuth state, the audit log and admin accounts.
 * Timestamps are ISO text (fixed width, so text order is time order); dates are YYYY-MM-DD text.
 */
export function accessTableSpecs(): TableSpec[] {
  return [
    {
      name: 'access_integrations',
      columns: [
        pk('id'), text('vendor', true), text('product', true), text('description'), text('status', true),
        bool('has_development_permissions'), bool('can_generate_secret'), json('apis'),
        text('created_at', true), text('updated_at', true),
      ],
      indexes: [{ columns: ['vendor', 'product'], unique: true }],
    },
    {
      name: 'access_accesses',
      columns: [
        pk('id'), text('integration_id', true), text('name', true), text('description'), text('key', true),
        text('auth_type', true), bool('is_active'), text('effective_date', true), text('expiration_date'),
        text('oneroster_configuration_id'), text('attendance_configuration_id'),
        text('created_at', true), text('updated_at', true),
      ],
      indexes: [{ columns: ['key'], unique: true }, { columns: ['integration_id', 'name'] }],
    },
    {
      name: 'access_secrets',
      columns: [
        pk('id'), text('access_id', true), text('sealed'), text('hash'), text('fingerprint', true),
        text('created_at', true), text('revoked_at'),
      ],
      indexes: [{ columns: ['access_id', 'created_at'] }],
    },
    {
      name: 'access_oneroster_configurations',
      columns: [
        pk('id'), text('vendor', true), text('code', true), text('description'), text('district_id', true),
        json('school_ids'), bool('allow_demographics'), bool('allow_grade_pass_back'),
        text('created_at', true), text('updated_at', true),
      ],
      indexes: [{ columns: ['code'], unique: true }],
    },
    {
      name: 'access_attendance_configurations',
      columns: [pk('id'), text('description', true), json('school_ids'), text('created_at', true), text('updated_at', true)],
      indexes: [],
    },
    {
      name: 'access_products',
      columns: [pk('name'), text('added_at', true)],
      indexes: [],
    },
    {
      name: 'access_tokens',
      columns: [pk('token_hash'), text('access_id', true), text('secret_id', true), json('scopes'), text('issued_at', true), text('expires_at', true)],
      indexes: [{ columns: ['access_id'] }, { columns: ['secret_id'] }, { columns: ['expires_at'] }],
    },
    {
      name: 'access_nonces',
      columns: [text('consumer_key', true), text('nonce', true), real('timestamp'), text('seen_at', true)],
      indexes: [{ columns: ['consumer_key', 'timestamp', 'nonce'], unique: true }, { columns: ['seen_at'] }],
    },
    {
      name: 'access_audit',
      columns: [
        pk('id'), text('at', true), text('kind', true), text('access_id'), text('integration_id'),
        text('method'), text('endpoint'), real('status'), real('records'), real('duration_ms'),
        text('actor'), text('action'), text('target_type'), text('target_id'), json('before'), json('after'),
      ],
      indexes: [{ columns: ['at'] }, { columns: ['access_id', 'at'] }, { columns: ['integration_id', 'at'] }],
    },
    {
      name: 'access_admins',
      columns: [pk('username'), text('password_hash', true), text('created_at', true)],
      indexes: [],
    },
    {
      name: 'access_admin_tokens',
      columns: [pk('token_hash'), text('username', true), text('created_at', true), text('revoked_at')],
      indexes: [{ columns: ['username'] }],
    },
  ];
}
