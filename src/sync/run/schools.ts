import type { ChangeContext, SecretBox } from '../../access/index.ts';
import { HubError } from '../../kernel/index.ts';
import { entityDecl, type OrgRecord } from '../../model/index.ts';
import { streamRecords, type Store } from '../../store/index.ts';
import type { ClientDeps } from '../client/transport.ts';
import type { Connection } from '../connections.ts';
import { autoMapSchools, type SchoolIdentity, type SchoolsMapping } from '../pipeline/index.ts';
import { openSource } from './open-source.ts';
import { readSyncState, saveSyncSettings } from './sync-state.ts';
import type { SyncSettings } from './sync-settings.ts';

export interface SchoolsReport {
  /** The source's schools, as the source names them. */
  readonly source: SchoolIdentity[];
  /** The hub district's schools. */
  readonly hub: SchoolIdentity[];
  /** With --auto: source school → hub school proposed by identifier or name (not saved). */
  readonly proposal: Record<string, string>;
  /** What the connection's rules say now. */
  readonly current: SchoolsMapping;
  /** Problems reading the source's orgs (unreadable records), listed. */
  readonly problems: string[];
}

const identity = (o: OrgRecord): SchoolIdentity => ({ sourcedId: o.sourcedId, name: o.name, ...(o.identifier === undefined ? {} : { identifier: o.identifier }) });

/** Reads the source's schools (its orgs of type school) beside the hub's, and the auto-map proposal. */
export async function schoolsReport(store: Store, box: SecretBox | undefined, clientDeps: ClientDeps, connection: Connection, auto?: 'identifier' | 'name'): Promise<SchoolsReport> {
  const source: SchoolIdentity[] = [];
  const problems: string[] = [];
  const reader = await openSource(store.db, box, clientDeps, connection, {});
  try {
    const read = await reader.read(entityDecl('orgs'));
    for await (const item of read?.items ?? []) {
      if (item.kind === 'record' && (item.record as OrgRecord).type === 'school') source.push(identity(item.record as OrgRecord));
      else if (item.kind === 'problem' || item.kind === 'anomaly') problems.push(`${item.origin}: ${item.message}`);
    }
  } finally {
    await reader.close();
  }
  const hub: SchoolIdentity[] = [];
  for await (const org of streamRecords<OrgRecord>(store.db, store.dialect, entityDecl('orgs'), { districtId: connection.districtId })) if (org.type === 'school') hub.push(identity(org));
  const current = (await readSyncState(store.db, connection.id)).settings.rules.schools ?? {};
  return { source, hub, proposal: auto === undefined ? {} : autoMapSchools(source, hub, auto), current, problems };
}

/** Sets which source schools come in and what they map onto; the rest of the rules stay. */
export async function mapSchools(store: Store, ctx: ChangeContext, connection: Connection, mapping: { select?: readonly string[]; map?: Readonly<Record<string, string>> }): Promise<SyncSettings> {
  if (mapping.select === undefined && mapping.map === undefined) throw new HubError('invalid_argument', 'give the source schools to select, the map onto hub schools, or both (--select, --map)');
  const { settings } = await readSyncState(store.db, connection.id);
  const before = settings.rules.schools ?? {};
  const schools: SchoolsMapping = {
    ...(mapping.select !== undefined ? { selected: [...mapping.select] } : before.selected !== undefined ? { selected: before.selected } : {}),
    ...(mapping.map !== undefined ? { map: { ...mapping.map } } : before.map !== undefined ? { map: before.map } : {}),
  };
  return saveSyncSettings(store.db, ctx, connection, { rules: { ...settings.rules, schools } });
}
