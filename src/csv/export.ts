import { Readable } from 'node:stream';
import {
  childFiles,
  csvHeader,
  csvEntitiesFor,
  writeCsvRow,
  writeRoleRows,
  writeUserProfileRows,
  type AnyRecord,
  type EntityDecl,
  type UserRecord,
  type Version,
} from '../model/index.ts';
import { metadataKeys, streamRecords, type StreamOptions, type Store } from '../store/index.ts';
import { createBundleWriter } from './bundle/index.ts';
import { csvText } from './csv-text.ts';
import { MANIFEST, manifestFiles } from './manifest.ts';

export interface ExportOptions {
  version: Version;
  /** Delta export: what changed after this instant (ISO 8601), tombstones included. */
  since?: string;
  districtId?: string;
  onProgress?(file: string, rows: number): void;
}

export interface ExportReport {
  location: string;
  version: Version;
  mode: 'bulk' | 'delta';
  files: Array<{ file: string; rows: number }>;
}

/** Where a bundle's records come from: the store, the demo generator … */
export interface RecordSource {
  records(entity: EntityDecl): AsyncIterable<AnyRecord> | Iterable<AnyRecord>;
  /** Free metadata keys the records carry (become `metadata.<key>` columns). */
  metadataKeys(entity: EntityDecl): Promise<string[]>;
}

export interface WriteBundleOptions {
  version: Version;
  mode: 'bulk' | 'delta';
  onProgress?(file: string, rows: number): void;
}

/** Writes every entity of the version from a record source, then the manifest, then commits. */
export async function writeBundle(location: string, source: RecordSource, options: WriteBundleOptions): Promise<ExportReport> {
  const writer = await createBundleWriter(location);
  const files: ExportReport['files'] = [];
  const track = (file: string): { count(): void } => {
    const entry = { file, rows: 0 };
    files.push(entry);
    return {
      count: () => {
        entry.rows++;
        if (entry.rows % 5000 === 0) options.onProgress?.(file, entry.rows);
      },
    };
  };
  try {
    for (const entity of csvEntitiesFor(options.version)) {
      await writeEntity(source, writer, entity, options.version, options.mode, track);
    }
    const manifest: string[][] = [
      ['propertyName', 'value'],
      ['manifest.version', '1.0'],
      ['oneroster.version', options.version],
      ...manifestFiles(options.version).map((name) => [`file.${name}`, options.mode]),
      ['source.systemName', 'Rosterbridge'],
      ['source.systemCode', 'rosterbridge'],
    ];
    await writer.writeFile(MANIFEST, csvText(Readable.from(manifest)));
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { location, version: options.version, mode: options.mode, files };
}

/**
 * Writes the store as a OneRoster CSV bundle (zip or folder). Bulk: every active record, status and
 * dateLastModified left empty as the binding asks. Delta: every record changed since `since`,
 * tombstones included, with status and dateLastModified.
 */
export async function exportBundle(store: Store, location: string, options: ExportOptions): Promise<ExportReport> {
  const scope: StreamOptions = {
    ...(options.districtId !== undefined ? { districtId: options.districtId } : {}),
    ...(options.since !== undefined ? { changedSince: options.since } : {}),
  };
  const source: RecordSource = {
    records: (entity) => streamRecords(store.db, store.dialect, entity, scope),
    metadataKeys: (entity) => metadataKeys(store.db, store.dialect, entity, scope),
  };
  return writeBundle(location, source, {
    version: options.version,
    mode: options.since === undefined ? 'bulk' : 'delta',
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}

type Writer = Awaited<ReturnType<typeof createBundleWriter>>;

async function writeEntity(
  source: RecordSource,
  writer: Writer,
  entity: EntityDecl,
  version: Version,
  mode: 'bulk' | 'delta',
  track: (file: string) => { count(): void },
): Promise<void> {
  const metadataColumns = (await source.metadataKeys(entity)).map((k) => `metadata.${k}`);
  const extensionColumns = new Set(csvHeader(entity, version));
  const freeColumns = metadataColumns.filter((c) => !extensionColumns.has(c));
  const file = `${entity.name}.csv`;
  const progress = track(file);
  async function* rows(): AsyncGenerator<string[]> {
    yield [...csvHeader(entity, version), ...freeColumns];
    for await (const record of source.records(entity)) {
      progress.count();
      yield writeCsvRow(entity, version, record, { mode, metadataColumns: freeColumns });
    }
  }
  await writer.writeFile(file, csvText(rows()));
  for (const { child } of childFiles(entity, version)) {
    const childProgress = track(`${child.file}.csv`);
    const write = child.file === 'roles' ? writeRoleRows : writeUserProfileRows;
    async function* childRows(): AsyncGenerator<string[]> {
      yield [...child.columns];
      for await (const record of source.records(entity)) {
        for (const row of write(record as UserRecord, mode)) {
          childProgress.count();
          yield row;
        }
      }
    }
    await writer.writeFile(`${child.file}.csv`, csvText(childRows()));
  }
}
