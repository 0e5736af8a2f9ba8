import type { Clock } from '../../kernel/index.ts';
import type { Db } from '../../store/index.ts';
import { heartbeat } from './run-lock.ts';
import type { SyncSource } from './source.ts';
import type { Spool } from './spool.ts';

/** How one entity was read. */
export interface EntityReadInfo {
  readonly full: boolean;
  readonly origin: string;
}

export interface SourceRead {
  readonly entities: ReadonlyMap<string, EntityReadInfo>;
  /** The newest dateLastModified the source showed: the next delta asks for what changed after it. */
  readonly watermark: string | null;
}

const BEAT_EVERY = 5000;

/**
 * Reads every entity the source carries into the spool, in ENTITIES order. An anomaly (a page that
 * was not a OneRoster page, a bad header) turns the entity's read into a partial one: it never
 * implies deletes, and the run is held for it.
 */
export async function readSource(source: SyncSource, spool: Spool, beat: { db: Db; clock: Clock; runId: string }): Promise<SourceRead> {
  const entities = new Map<string, EntityReadInfo>();
  let watermark: string | null = null;
  let items = 0;
  for (const entity of source.entities) {
    const read = await source.read(entity);
    if (read === undefined) continue;
    const writer = spool.writer(entity.name);
    let full = read.full;
    try {
      for await (const item of read.items) {
        writer.write(item);
        if (item.kind === 'anomaly') full = false;
        if ((item.kind === 'record' || item.kind === 'deleted') && item.modifiedAt !== undefined && (watermark === null || item.modifiedAt > watermark)) watermark = item.modifiedAt;
        if (++items % BEAT_EVERY === 0) await heartbeat(beat.db, beat.clock, beat.runId);
      }
    } finally {
      writer.close();
    }
    entities.set(entity.name, { full, origin: read.origin });
    await heartbeat(beat.db, beat.clock, beat.runId);
  }
  return { entities, watermark };
}
