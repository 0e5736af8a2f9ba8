import { entityDecl, mapReferences, recordToJson, type AnyRecord, type EntityDecl, type EntityName, type JsonObject } from '../../model/index.ts';
import { recordPath } from '../client/oneroster-paths.ts';
import type { RestSettings } from '../connection-settings.ts';
import type { Connection } from '../connections.ts';

/**
 * The connection's SIS ID prefix, read defensively: rules storage is added by the sync runs, and a
 * connection without rules (or with a prefix that is not text) pushes ids unchanged.
 */
export function idPrefixOf(connection: Connection): string | undefined {
  if (!('rules' in connection)) return undefined;
  const rules: unknown = connection.rules;
  if (rules === null || typeof rules !== 'object' || !('idPrefix' in rules)) return undefined;
  const prefix: unknown = rules.idPrefix;
  return typeof prefix === 'string' && prefix !== '' ? prefix : undefined;
}

/** An id as the SIS knows it: the prefix the sync added on the way in comes off on the way back. */
export function remoteId(id: string, prefix: string | undefined): string {
  return prefix !== undefined && id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/**
 * The PUT body for a record: the version's JSON (the model's recordToJson), with every id the record
 * holds (its own, each GUIDRef) stripped of the prefix and GUIDRef hrefs pointing at the SIS, in the
 * connection's path layout.
 */
export function pushBody(entity: EntityDecl, record: AnyRecord, sis: Pick<RestSettings, 'version' | 'baseUrl' | 'paths'>, prefix: string | undefined): JsonObject {
  const { version, baseUrl, paths } = sis;
  const remote = mapReferences(entity, record, (_target, id) => remoteId(id, prefix));
  const href = (target: EntityName, id: string): string => `${baseUrl}${recordPath(version, entityDecl(target), id, paths)}`;
  return { [entity.singular]: recordToJson(entity, remote, { version, href }) };
}
