import { cellJson, cellOptionalText, inTransaction, jsonCell, recordChange, type ChangeContext } from '../../access/index.ts';
import { HubError, isoTimestamp } from '../../kernel/index.ts';
import type { Db } from '../../store/index.ts';
import type { Connection } from '../connections.ts';
import { DEFAULT_SYNC_SETTINGS, parseSyncSettings, type SyncSettings } from './sync-settings.ts';

/** A connection's run settings and where its reads stand. */
export interface SyncState {
  readonly settings: SyncSettings;
  /** The highest dateLastModified a committed run saw; a delta read asks for what changed after it. */
  readonly watermark: string | null;
  readonly lastFullSyncAt: string | null;
}

export async function readSyncState(db: Db, connectionId: string): Promise<SyncState> {
  const row = await db.selectFrom('sync_connections').select(['sync_settings', 'watermark', 'last_full_sync_at']).where('id', '=', connectionId).executeTakeFirst();
  if (row === undefined) throw new HubError('not_found', `no connection with id '${connectionId}'`);
  const stored = cellJson(row, 'sync_settings');
  let settings = DEFAULT_SYNC_SETTINGS;
  if (stored !== null) {
    // Re-checked on the way out, as connections are: a hand-edited row cannot run unchecked rules.
    const parsed = parseSyncSettings(stored);
    if (!parsed.ok) throw new HubError('internal', `connection ${connectionId} is stored with unreadable sync settings: ${parsed.problems.join('; ')}`);
    settings = parsed.value;
  }
  return { settings, watermark: cellOptionalText(row, 'watermark'), lastFullSyncAt: cellOptionalText(row, 'last_full_sync_at') };
}

/** Saves a settings document (every problem listed when it cannot be saved); parts it leaves out keep their stored values. */
export async function saveSyncSettings(db: Db, ctx: ChangeContext, connection: Connection, input: unknown): Promise<SyncSettings> {
  return inTransaction(db, async (trx) => {
    const before = (await readSyncState(trx, connection.id)).settings;
    const parsed = parseSyncSettings(input, before);
    if (!parsed.ok) throw new HubError('invalid_argument', `the sync settings of ${connection.name} are invalid:\n- ${parsed.problems.join('\n- ')}`, { details: parsed.problems });
    await trx.updateTable('sync_connections').set({ sync_settings: jsonCell(parsed.value), updated_at: isoTimestamp(ctx.clock.now()) }).where('id', '=', connection.id).execute();
    await recordChange(trx, ctx, { action: 'connection.settings', targetType: 'connection', targetId: connection.id, before, after: parsed.value });
    return parsed.value;
  });
}

/** After a committed run: the new watermark (never moved back) and, for a full read, when it ran. */
export async function advanceSyncState(db: Db, connectionId: string, update: { watermark: string | null; fullAt: string | null }): Promise<void> {
  const current = await readSyncState(db, connectionId);
  const watermark = update.watermark !== null && (current.watermark === null || update.watermark > current.watermark) ? update.watermark : current.watermark;
  await db
    .updateTable('sync_connections')
    .set({ watermark, ...(update.fullAt === null ? {} : { last_full_sync_at: update.fullAt }) })
    .where('id', '=', connectionId)
    .execute();
}
