import { inTransaction, recordChange, requireBox, type ChangeContext, type SecretBox } from '../access/index.ts';
import { HubError, isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { requireConnection, sealedSecret, type Connection } from './connections.ts';
import { validateSftp } from './sftp/sftp-settings.ts';

/**
 * The problems of a new credential for this connection, in an admin's words (never quoting it):
 * a REST client secret is one non-empty line; an SFTP password or key is checked against the
 * connection's login method; a local CSV location has no credential to rotate. Pure.
 */
export function checkNewSecret(connection: Connection, secret: string): string[] {
  if (connection.kind === 'oneroster-rest') {
    if (secret === '') return ['a client secret is required'];
    return /[\r\n]/.test(secret) ? ['the client secret must be one line'] : [];
  }
  const { location, sftp } = connection.csv;
  if (sftp === undefined) return [`connection ${connection.name} reads a local location (${location}) and has no credential to rotate`];
  const problems: string[] = [];
  validateSftp(location, sftp, secret, problems);
  return problems;
}

/**
 * Replaces the sealed credential (a REST client secret, an SFTP password or key): sealed under the
 * master key bound to the connection's id, its fingerprint updated, audited by fingerprints only.
 * The next client opened for the connection (a run, a Test connection, a push) uses it; a run
 * already going keeps the one it opened.
 */
export async function rotateConnectionSecret(db: Db, ctx: ChangeContext, box: SecretBox | undefined, connection: Connection, secret: string): Promise<Connection> {
  const problems = checkNewSecret(connection, secret);
  if (problems.length > 0) throw new HubError('invalid_argument', `the new secret of ${connection.name} is refused: ${problems.join('; ')}`, { details: problems });
  const sealer = requireBox(box);
  return inTransaction(db, async (trx) => {
    const before = await requireConnection(trx, connection.id);
    await trx
      .updateTable('sync_connections')
      .set({ ...sealedSecret(sealer, before.id, secret), updated_at: isoTimestamp(ctx.clock.now()) })
      .where('id', '=', before.id)
      .execute();
    const after = await requireConnection(trx, before.id);
    await recordChange(trx, ctx, {
      action: 'connection.rotate-secret',
      targetType: 'connection',
      targetId: before.id,
      before: { credentialFingerprint: before.credentialFingerprint ?? null },
      after: { credentialFingerprint: after.credentialFingerprint ?? null },
    });
    return after;
  });
}
