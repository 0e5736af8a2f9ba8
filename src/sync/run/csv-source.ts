import { entityDecl, readCsvRow, readRoleRow, type EntityDecl, type UserRole, type Version } from '../../model/index.ts';
import { cellReader, checkHeader, FileReadError, formatProblem, openBundle, openCsv, ProblemLog, readManifest, type Manifest } from '../../csv/index.ts';
import { HubError } from '../../kernel/index.ts';
import { endpointsToCheck } from '../test-connection.ts';
import type { EntityRead, SourceItem, SyncSource } from './source.ts';

type Bundle = Awaited<ReturnType<typeof openBundle>>;

/**
 * A OneRoster CSV bundle (zip or folder) as a sync source, read with the importer's own readers:
 * a file marked `bulk` is a full read, `delta` a delta (its `tobedeleted` rows are deletes),
 * `absent` is not read at all. A bad row is a listed problem; a bad header holds the run.
 */
export async function csvSource(location: string): Promise<SyncSource> {
  const bundle = await openBundle(location);
  const problems = new ProblemLog(20);
  const manifest = await readManifest(bundle, problems);
  if (manifest === undefined || problems.any) {
    await bundle.close();
    throw new HubError('bundle_unreadable', `the CSV bundle cannot be read: ${problems.problems.map(formatProblem).join('; ')}`);
  }
  // 1.2 spells roles in their own file, read up front (one list of roles per user).
  const roles = manifest.version === '1.2' && (manifest.modes.get('roles') ?? 'absent') !== 'absent' ? await readRoles(bundle) : undefined;
  const entities = endpointsToCheck('import').map((name) => entityDecl(name)).filter((e) => e.csvVersions.includes(manifest.version));
  return {
    entities,
    read: async (entity) => entityRead(bundle, manifest, entity, roles),
    close: () => bundle.close(),
  };
}

function entityRead(bundle: Bundle, manifest: Manifest, entity: EntityDecl, roles: Map<string, UserRole[]> | undefined): EntityRead | undefined {
  const mode = manifest.modes.get(entity.name) ?? 'absent';
  if (mode === 'absent' || !bundle.has(`${entity.name}.csv`)) return undefined;
  return { full: mode === 'bulk', origin: `${entity.name}.csv`, items: rows(bundle, manifest.version, entity, roles) };
}

async function* rows(bundle: Bundle, version: Version, entity: EntityDecl, roles: Map<string, UserRole[]> | undefined): AsyncGenerator<SourceItem> {
  const file = `${entity.name}.csv`;
  try {
    const csv = await openCsv(bundle, file);
    const headerProblems = new ProblemLog(5);
    const header = checkHeader(headerProblems, entity, version, file, csv.header);
    if (!header.ok) {
      await csv.rows.return(undefined);
      yield { kind: 'anomaly', origin: file, message: headerProblems.problems.map(formatProblem).join('; ') };
      return;
    }
    const cellsOf = cellReader(csv.header);
    for await (const row of csv.rows) {
      const origin = `${file}:${row.line}`;
      const { record, problems } = readCsvRow(entity, version, cellsOf(row), header.metadataColumns);
      if (record.status === 'tobedeleted' && record.sourcedId !== '') {
        yield { kind: 'deleted', origin, sourceId: record.sourcedId };
        continue;
      }
      if (entity.name === 'users' && roles !== undefined) Object.assign(record, { roles: roles.get(record.sourcedId) ?? [] });
      if (problems.length > 0 || record.sourcedId === '') {
        const text = problems.map((p) => `${p.column}: ${p.message}`).join('; ') || 'sourcedId is required';
        yield { kind: 'problem', origin, ...(record.sourcedId === '' ? {} : { sourceId: record.sourcedId }), message: `${entity.singular} ${record.sourcedId || '(no sourcedId)'} cannot be read: ${text}` };
        continue;
      }
      yield { kind: 'record', record, origin, sourceId: record.sourcedId, ...(record.dateLastModified === undefined ? {} : { modifiedAt: record.dateLastModified }) };
    }
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    yield { kind: 'anomaly', origin: file, message: formatProblem(error.problem) };
  }
}

async function readRoles(bundle: Bundle): Promise<Map<string, UserRole[]>> {
  const byUser = new Map<string, UserRole[]>();
  const csv = await openCsv(bundle, 'roles.csv');
  const cellsOf = cellReader(csv.header);
  for await (const r of csv.rows) {
    const { row } = readRoleRow(cellsOf(r));
    if (row === undefined || row.status !== 'active') continue;
    byUser.set(row.parentId, [...(byUser.get(row.parentId) ?? []), row.item]);
  }
  return byUser;
}
