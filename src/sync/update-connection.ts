import { inTransaction, recordChange, requireBox, type ChangeContext, type SecretBox } from '../access/index.ts';
import { HubError, isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { mergeConnection, type ConnectionPatch } from './connection-patch.ts';
import { connectionRow, hasStoredSecret, requireConnection, sealedSecret, type Connection } from './connections.ts';
import { refuseWhileRunning } from './run/index.ts';

export interface ConnectionUpdate {
  readonly connection: Connection;
  /** The fields that changed, as dotted paths (`rest.baseUrl`, `name`, `credentialFingerprint`). */
  readonly changed: string[];
}

/**
 * Renames a connection or changes its settings, checked by the same rules as an add (every problem
 * listed). Refused while a run of it is running — that run read the old settings — but a held run
 * may stay: its changeset was staged already and is approved or rejected as it is. `secret`: a new
 * credential, only where the change needs one (a CSV location moving onto SFTP, a new login
 * method); a rotation alone is rotateConnectionSecret. Audited before/after, never the secret.
 */
export async function updateConnection(db: Db, ctx: ChangeContext, box: SecretBox | undefined, connection: Connection, patch: ConnectionPatch, options: { secret?: string } = {}): Promise<ConnectionUpdate> {
  return inTransaction(db, async (trx) => {
    const current = await requireConnection(trx, connection.id);
    const merged = mergeConnection(current, patch, { stored: await hasStoredSecret(trx, current.id), ...(options.secret === undefined ? {} : { given: options.secret }) });
    if (!merged.ok) throw new HubError('invalid_argument', `connection ${current.name} cannot be updated: ${merged.problems.join('; ')}`, { details: merged.problems });
    const valid = merged.value;
    const secretColumns =
      merged.secret.action === 'keep' ? {} : merged.secret.action === 'clear' ? sealedSecret(undefined, current.id, null) : sealedSecret(requireBox(box), current.id, merged.secret.secret);
    await refuseWhileRunning(trx, ctx.clock.now(), current, 'update', { held: 'allow' });
    if (valid.name !== current.name) {
      const clash = await trx.selectFrom('sync_connections').select('id').where('name', '=', valid.name).where('id', '<>', current.id).executeTakeFirst();
      if (clash !== undefined) throw new HubError('conflict', `a connection named '${valid.name}' already exists (names are unique)`);
    }
    await trx
      .updateTable('sync_connections')
      .set({ ...connectionRow(valid), ...secretColumns, updated_at: isoTimestamp(ctx.clock.now()) })
      .where('id', '=', current.id)
      .execute();
    const updated = await requireConnection(trx, current.id);
    await recordChange(trx, ctx, { action: 'connection.update', targetType: 'connection', targetId: current.id, before: current, after: updated });
    return { connection: updated, changed: changedFields(current, updated) };
  });
}

/** Dotted paths whose values differ between two connections, leaving out the stamps. */
export function changedFields(before: Connection, after: Connection): string[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== 'updatedAt' && p !== 'createdAt');
  return paths.filter((p) => a.get(p) !== b.get(p)).sort();
}

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix === '' ? key : `${prefix}.${key}`, out);
  } else out.set(prefix, JSON.stringify(value ?? null));
  return out;
}
