import { entityDecl, jsonToRecord, type EntityDecl } from '../../model/index.ts';
import { isHubError } from '../../kernel/index.ts';
import type { OneRosterClient } from '../client/oneroster-client.ts';
import { collectionPath } from '../client/oneroster-paths.ts';
import { remoteDetails } from '../client/remote-failure.ts';
import type { RemoteObject } from '../client/paging.ts';
import { endpointsToCheck } from '../test-connection.ts';
import type { EntityRead, SourceItem, SyncSource } from './source.ts';
import { modifiedAt, tolerantFields, tolerateJson, type TolerantFields } from './tolerate-json.ts';

/** Entities that an access may lack a scope for: a 403 means "not shared with us", not a broken read. */
const OPTIONAL = new Set(['demographics']);

/**
 * A OneRoster REST provider as a sync source: every collection the sync imports, page by page
 * through the client. With `since`, a delta: only what changed after the watermark, and the
 * source's `tobedeleted` records become deletes.
 */
export function restSource(client: OneRosterClient, options: { since?: string }): SyncSource {
  const { version, paths } = client.settings;
  const filter = options.since === undefined ? undefined : `dateLastModified>'${options.since}'`;
  async function* items(entity: EntityDecl): AsyncGenerator<SourceItem> {
    const origin = collectionPath(version, entity, paths);
    const fields = tolerantFields(entity, version);
    let first = true;
    try {
      for await (const raw of client.pages(entity.name, filter === undefined ? {} : { filter })) {
        first = false;
        yield toItem(entity, fields, raw, origin);
      }
    } catch (error) {
      if (!isHubError(error) || !['remote_malformed', 'remote_rejected'].includes(error.code)) throw error;
      const status = remoteDetails(error)?.status;
      if (first && OPTIONAL.has(entity.name) && (status === 403 || status === 404)) {
        yield { kind: 'problem', origin, message: `${entity.name} not read: the provider answered ${status} (the access does not share them)` };
        return;
      }
      yield { kind: 'anomaly', origin, message: error.message };
    }
  }
  function toItem(entity: EntityDecl, fields: TolerantFields, raw: RemoteObject, origin: string): SourceItem {
    const sourceId = typeof raw.sourcedId === 'string' ? raw.sourcedId : undefined;
    const at = modifiedAt(raw);
    const stamp = at === undefined ? {} : { modifiedAt: at };
    const body = tolerateJson(fields, version, raw);
    if (body.status === 'tobedeleted' && sourceId !== undefined) return { kind: 'deleted', origin, sourceId, ...stamp };
    const read = jsonToRecord(entity, version, body, { at: entity.singular, remote: true });
    if (!read.ok || sourceId === undefined) {
      const problems = read.ok ? 'has no sourcedId' : read.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      return { kind: 'problem', origin, ...(sourceId === undefined ? {} : { sourceId }), message: `${entity.singular} ${sourceId ?? '(no sourcedId)'} cannot be read: ${problems}` };
    }
    return { kind: 'record', record: read.record, origin, sourceId, ...stamp };
  }
  return {
    entities: endpointsToCheck('import').map((name) => entityDecl(name)),
    read: async (entity): Promise<EntityRead> => ({ full: filter === undefined, origin: collectionPath(version, entity, paths), items: items(entity) }),
    close: async () => undefined,
  };
}
