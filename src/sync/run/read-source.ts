import type { EntityRead, SourceItem } from './source.ts';
import type { SpoolWriter } from './spool.ts';

/** How one entity was read: `full` until an anomaly says the read cannot be trusted. */
export interface EntityReadInfo {
  readonly full: boolean;
  readonly origin: string;
}

const BEAT_EVERY = 5000;

/**
 * Watches everything a run reads from its source, whether it is staged straight from the source
 * or spooled first: the newest dateLastModified the source showed (the next delta asks for what
 * changed after it), and a heartbeat every few thousand items so a long read keeps its lock.
 */
export class SourceWatch {
  private newest: string | null = null;
  private items = 0;

  constructor(private readonly beat: () => Promise<void>) {}

  get watermark(): string | null {
    return this.newest;
  }

  async *watch(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem> {
    for await (const item of items) {
      if ((item.kind === 'record' || item.kind === 'deleted') && item.modifiedAt !== undefined && (this.newest === null || item.modifiedAt > this.newest)) this.newest = item.modifiedAt;
      if (++this.items % BEAT_EVERY === 0) await this.beat();
      yield item;
    }
  }
}

/** Writes an entity's read into the spool (for an entity staged after a later one is read); how it was read. */
export async function spoolEntity(read: EntityRead, writer: SpoolWriter, watch: SourceWatch): Promise<EntityReadInfo> {
  let full = read.full;
  try {
    for await (const item of watch.watch(read.items)) {
      writer.write(item);
      if (item.kind === 'anomaly') full = false;
    }
  } finally {
    writer.close();
  }
  return { full, origin: read.origin };
}
