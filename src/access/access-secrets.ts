import { timingSafeEqual, createHash } from 'node:crypto';
import { HubError, isoTimestamp, newId } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { acceptsOAuth1, requireAccess, type IntegrationAccess } from './accesses.ts';
import { recordChange } from './audit.ts';
import { cellOptionalText, cellText, type Row } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';
import { requireIntegration } from './integrations.ts';
import type { SecretBox } from './secret-box.ts';
import { generateSecret, hashSecret, secretFingerprint, verifySecretHash } from './secrets.ts';

/** Two valid secrets let a vendor switch to a new one without downtime. */
export const MAX_VALID_SECRETS = 2;

/** What may be shown about a secret: never the secret itself. */
export interface SecretInfo {
  readonly id: string;
  readonly accessId: string;
  readonly fingerprint: string;
  /** sealed = AES-256-GCM under the master key (OAuth 1.0a needs it back); hashed = scrypt only. */
  readonly storage: 'sealed' | 'hashed';
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface GenerateOptions {
  /** With two valid secrets already: revoke the oldest instead of refusing. */
  revokeOldest?: boolean;
  /** Generate even though the integration's vendor manages its secret (Can Generate Secret off). */
  onBehalfOfVendor?: boolean;
}

/** A stored secret row, usable by the verifiers in this folder only. */
export interface StoredSecret {
  readonly id: string;
  readonly sealed: string | null;
  readonly hash: string | null;
}

const COLUMNS = ['id', 'access_id', 'sealed', 'hash', 'fingerprint', 'created_at', 'revoked_at'] as const;

export async function listSecrets(db: Db, accessId: string): Promise<SecretInfo[]> {
  const rows = await db.selectFrom('access_secrets').select([...COLUMNS]).where('access_id', '=', accessId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toInfo);
}

/**
 * A new secret for the access. The plaintext is returned once, here, and exists nowhere else:
 * sealed under the master key (context = access id + secret id) unless the access is OAuth 2.0
 * only, in which case only its scrypt hash is kept.
 */
export async function generateAccessSecret(
  db: Db,
  ctx: ChangeContext,
  box: SecretBox | undefined,
  accessId: string,
  options: GenerateOptions = {},
): Promise<{ secret: string; info: SecretInfo }> {
  return inTransaction(db, async (trx) => {
    const access = await requireAccess(trx, accessId);
    const integration = await requireIntegration(trx, access.integrationId);
    if (!integration.canGenerateSecret && options.onBehalfOfVendor !== true) {
      throw new HubError(
        'conflict',
        `${integration.vendor} / ${integration.product} does not let the district generate secrets (Can Generate Secret is off): ` +
          `the vendor requests it; generate on their behalf only when they ask (--for-vendor)`,
      );
    }
    const valid = (await listSecrets(trx, accessId)).filter((s) => s.revokedAt === null);
    if (valid.length >= MAX_VALID_SECRETS) {
      const oldest = valid[0];
      if (options.revokeOldest !== true || oldest === undefined) {
        throw new HubError('conflict', `the access already has ${MAX_VALID_SECRETS} valid secrets (${valid.map((s) => s.fingerprint).join(', ')}); revoke one first, or ask to revoke the oldest`);
      }
      await revokeSecretIn(trx, ctx, access, oldest, 'secret.revoke_oldest');
    }
    const secret = generateSecret();
    const id = newId();
    const sealed = acceptsOAuth1(access) ? requireBox(box).seal(secret, sealContext(access.id, id)) : null;
    const stored = { id, access_id: access.id, sealed, hash: sealed === null ? hashSecret(secret) : null, fingerprint: secretFingerprint(secret), created_at: isoTimestamp(ctx.clock.now()), revoked_at: null };
    await trx.insertInto('access_secrets').values(stored).execute();
    const info = toInfo(stored);
    await recordChange(trx, ctx, { action: 'secret.generate', targetType: 'secret', targetId: id, before: null, after: info }, { accessId: access.id, integrationId: access.integrationId });
    return { secret, info };
  });
}

/** Revokes a secret by id or fingerprint; tokens issued with it stop working at once. */
export async function revokeAccessSecret(db: Db, ctx: ChangeContext, accessId: string, reference: string): Promise<SecretInfo> {
  return inTransaction(db, async (trx) => {
    const access = await requireAccess(trx, accessId);
    const matches = (await listSecrets(trx, accessId)).filter((s) => s.id === reference || s.fingerprint === reference);
    const target = matches[0];
    if (target === undefined || matches.length > 1) throw new HubError('not_found', `no single secret '${reference}' on access ${access.name} (rosterbridge access show lists fingerprints)`);
    if (target.revokedAt !== null) throw new HubError('conflict', `secret ${target.fingerprint} was already revoked at ${target.revokedAt}`);
    return revokeSecretIn(trx, ctx, access, target, 'secret.revoke');
  });
}

/** Secrets not revoked, for the verifiers. */
export async function validStoredSecrets(db: Db, accessId: string): Promise<StoredSecret[]> {
  const rows = await db.selectFrom('access_secrets').select(['id', 'sealed', 'hash']).where('access_id', '=', accessId).where('revoked_at', 'is', null).orderBy('created_at').execute();
  return rows.map((r) => ({ id: cellText(r, 'id'), sealed: cellOptionalText(r, 'sealed'), hash: cellOptionalText(r, 'hash') }));
}

/** The plaintext of sealed secrets (OAuth 1.0a); hash-only secrets cannot sign and are skipped. */
export function openSecrets(box: SecretBox | undefined, accessId: string, secrets: readonly StoredSecret[]): string[] {
  const sealed = secrets.filter((s) => s.sealed !== null);
  if (sealed.length === 0) return [];
  const opener = requireBox(box);
  return sealed.map((s) => opener.open(s.sealed ?? '', sealContext(accessId, s.id)));
}

/** Which valid secret `presented` is (OAuth 2.0 client authentication), or undefined. */
export function matchSecret(box: SecretBox | undefined, accessId: string, secrets: readonly StoredSecret[], presented: string): StoredSecret | undefined {
  let matched: StoredSecret | undefined;
  for (const s of secrets) {
    // No early exit: the time taken does not tell which secret matched.
    const ok = s.hash !== null ? verifySecretHash(presented, s.hash) : s.sealed !== null && sameText(requireBox(box).open(s.sealed, sealContext(accessId, s.id)), presented);
    if (ok && matched === undefined) matched = s;
  }
  return matched;
}

/** Clear failure when a command needs the master key and none is configured. */
export function requireBox(box: SecretBox | undefined): SecretBox {
  if (box === undefined) {
    throw new HubError('config_invalid', 'no master key is configured: run `rosterbridge init` (or set ROSTERBRIDGE_MASTER_KEY) before generating or using OAuth 1.0a secrets');
  }
  return box;
}

async function revokeSecretIn(trx: Db, ctx: ChangeContext, access: IntegrationAccess, target: SecretInfo, action: string): Promise<SecretInfo> {
  const revokedAt = isoTimestamp(ctx.clock.now());
  await trx.updateTable('access_secrets').set({ revoked_at: revokedAt }).where('id', '=', target.id).execute();
  await trx.deleteFrom('access_tokens').where('secret_id', '=', target.id).execute();
  const after = { ...target, revokedAt };
  await recordChange(trx, ctx, { action, targetType: 'secret', targetId: target.id, before: target, after }, { accessId: access.id, integrationId: access.integrationId });
  return after;
}

function sealContext(accessId: string, secretId: string): string {
  return `access-secret:${accessId}:${secretId}`;
}

function sameText(a: string, b: string): boolean {
  // Compare digests so differing lengths take the same time as differing content.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function toInfo(row: Row): SecretInfo {
  return {
    id: cellText(row, 'id'),
    accessId: cellText(row, 'access_id'),
    fingerprint: cellText(row, 'fingerprint'),
    storage: cellOptionalText(row, 'sealed') === null ? 'hashed' : 'sealed',
    createdAt: cellText(row, 'created_at'),
    revokedAt: cellOptionalText(row, 'revoked_at'),
  };
}
