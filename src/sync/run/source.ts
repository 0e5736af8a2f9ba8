import type { AnyRecord, EntityDecl } from '../../model/index.ts';

/**
 * What a sync reads, whatever the source: per entity, in the model's ENTITIES order, a stream of
 * items, one page or row at a time. `origin` names where an item came from (an endpoint, or a
 * file and line) for lineage and problems; `sourceId` is the sourcedId as the source spells it.
 */
export type SourceItem =
  | { readonly kind: 'record'; readonly record: AnyRecord; readonly origin: string; readonly sourceId: string; readonly modifiedAt?: string }
  /** The source says this record is gone (a `tobedeleted` record in a delta). */
  | { readonly kind: 'deleted'; readonly origin: string; readonly sourceId: string; readonly modifiedAt?: string }
  /** A record the source has but that cannot be read; listed, never a crash. */
  | { readonly kind: 'problem'; readonly origin: string; readonly sourceId?: string; readonly message: string }
  /** The read of this entity cannot be trusted (a 200 page without its envelope); the run is held. */
  | { readonly kind: 'anomaly'; readonly origin: string; readonly message: string };

export interface EntityRead {
  /** A full read: what the source lacks is gone. A delta or a broken read never implies deletes. */
  readonly full: boolean;
  /** Where the entity is read from (an endpoint path, a file name), for the lineage of deletes. */
  readonly origin: string;
  readonly items: AsyncIterable<SourceItem>;
}

export interface SyncSource {
  /** The entities this source provides, in ENTITIES order. */
  readonly entities: readonly EntityDecl[];
  /** Reads an entity; `undefined` when the source does not carry it this time (a CSV file marked absent). */
  read(entity: EntityDecl): Promise<EntityRead | undefined>;
  close(): Promise<void>;
}
