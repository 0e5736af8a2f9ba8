import { optional } from '../../kernel/index.ts';
import type { BodyFields } from '../admin/index.ts';

/**
 * A connection's REST and SFTP settings as an admin API body gives them, each field only when
 * given: what PATCH takes as it is and POST completes with the fields an add requires.
 */
export function restSettingsBody(rest: BodyFields) {
  return {
    ...optional('version', rest.string('version')),
    ...optional('baseUrl', rest.string('baseUrl')),
    ...optional('tokenUrl', rest.nullableString('tokenUrl')),
    ...optional('clientId', rest.string('clientId')),
    ...optional('auth', rest.string('auth')),
    ...optional('scope', rest.nullableString('scope')),
    ...optional('pageSize', rest.integer('pageSize')),
    ...optional('concurrency', rest.integer('concurrency')),
    ...optional('timeoutMs', rest.integer('timeoutMs')),
    ...optional('paths', rest.stringOrStringMap('paths')),
  };
}

export function sftpSettingsBody(sftp: BodyFields) {
  return { ...optional('auth', sftp.string('auth')), ...optional('hostKey', sftp.string('hostKey')), ...optional('timeoutMs', sftp.integer('timeoutMs')) };
}
