import { ATTENDANCE_ENTITIES, csvHeader, writeCsvRow, type AttendanceEntityName, type BaseRecord } from '../../model/index.ts';
import { createBundleWriter } from '../bundle/index.ts';
import { csvText } from '../csv-text.ts';

export interface AttendanceSource {
  records(entity: AttendanceEntityName): Iterable<BaseRecord> | AsyncIterable<BaseRecord>;
}

/** Writes the three attendance files (zip or folder) from a record source, headers derived from the model. */
export async function writeAttendance(location: string, source: AttendanceSource, mode: 'bulk' | 'delta'): Promise<Array<{ file: string; rows: number }>> {
  const writer = await createBundleWriter(location);
  const files: Array<{ file: string; rows: number }> = [];
  try {
    for (const entity of ATTENDANCE_ENTITIES) {
      const entry = { file: `${entity.name}.csv`, rows: 0 };
      files.push(entry);
      async function* rows(): AsyncGenerator<string[]> {
        yield csvHeader(entity, '1.2');
        for await (const record of source.records(entity.name)) {
          entry.rows++;
          yield writeCsvRow(entity, '1.2', record, { mode, metadataColumns: [] });
        }
      }
      await writer.writeFile(entry.file, csvText(rows()));
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return files;
}
