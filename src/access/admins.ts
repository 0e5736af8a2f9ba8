import { randomBytes } from 'node:crypto';
import { HubError, isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { recordChange } from './audit.ts';
import { cellOptionalText, cellText } from './cells.ts';
import { inTransaction, type ChangeContext } from './change-context.ts';
import { hashSecret, verifySecretHash } from './secrets.ts';
import { tokenHash } from './tokens.ts';

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const MIN_PASSWORD = 12;

export interface AdminAccount {
  readonly username: string;
  readonly createdAt: string;
}

/** An admin account; the password is kept as an scrypt hash only. */
export async function createAdmin(db: Db, ctx: ChangeContext, username: string, password: string): Promise<AdminAccount> {
  const name = username.trim().toLowerCase();
  if (!USERNAME.test(name)) throw new HubError('invalid_argument', 'username must be 2–64 characters: lowercase letters, digits, . _ -');
  if (password.length < MIN_PASSWORD) throw new HubError('invalid_argument', `password must be at least ${MIN_PASSWORD} characters`);
  return inTransaction(db, async (trx) => {
    const existing = await trx.selectFrom('access_admins').select('username').where('username', '=', name).executeTakeFirst();
    if (existing !== undefined) throw new HubError('conflict', `admin '${name}' already exists`);
    const account = { username: name, createdAt: isoTimestamp(ctx.clock.now()) };
    await trx.insertInto('access_admins').values({ username: name, password_hash: hashSecret(password), created_at: account.createdAt }).execute();
    await recordChange(trx, ctx, { action: 'admin.create', targetType: 'admin', targetId: name, before: null, after: account });
    return account;
  });
}

export async function listAdmins(db: Db): Promise<AdminAccount[]> {
  const rows = await db.selectFrom('access_admins').select(['username', 'created_at']).orderBy('username').execute();
  return rows.map((r) => ({ username: cellText(r, 'username'), createdAt: cellText(r, 'created_at') }));
}

/** Whether the password is the admin's; false for an unknown admin (same work either way). */
export async function verifyAdminPassword(db: Db, username: string, password: string): Promise<boolean> {
  const row = await db.selectFrom('access_admins').select('password_hash').where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  const stored = row === undefined ? DUMMY_HASH : cellText(row, 'password_hash');
  const ok = verifySecretHash(password, stored);
  return ok && row !== undefined;
}

/**
 * A new admin API token for `Authorization: Bearer`; only its SHA-256 is stored and the token is
 * returned once. Tokens last until revoked.
 */
export async function issueAdminToken(db: Db, ctx: ChangeContext, username: string): Promise<string> {
  const name = username.trim().toLowerCase();
  const token = `rba_${randomBytes(32).toString('base64url')}`;
  await inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('access_admins').select('username').where('username', '=', name).executeTakeFirst();
    if (row === undefined) throw new HubError('not_found', `no admin '${name}' (create one with rosterbridge admin create)`);
    await trx.insertInto('access_admin_tokens').values({ token_hash: tokenHash(token), username: name, created_at: isoTimestamp(ctx.clock.now()), revoked_at: null }).execute();
    await recordChange(trx, ctx, { action: 'admin.token_issue', targetType: 'admin', targetId: name, before: null, after: { username: name } });
  });
  return token;
}

/** The admin a token belongs to, or undefined when it is unknown or revoked. */
export async function adminForToken(db: Db, token: string): Promise<string | undefined> {
  const row = await db.selectFrom('access_admin_tokens').select(['username', 'revoked_at']).where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (row === undefined || cellOptionalText(row, 'revoked_at') !== null) return undefined;
  return cellText(row, 'username');
}

export async function revokeAdminTokens(db: Db, ctx: ChangeContext, username: string): Promise<number> {
  return inTransaction(db, async (trx) => {
    const result = await trx.updateTable('access_admin_tokens').set({ revoked_at: isoTimestamp(ctx.clock.now()) }).where('username', '=', username).where('revoked_at', 'is', null).executeTakeFirst();
    const count = Number(result.numUpdatedRows);
    await recordChange(trx, ctx, { action: 'admin.tokens_revoke', targetType: 'admin', targetId: username, before: null, after: { revoked: count } });
    return count;
  });
}

/** Verified against when the username is unknown, so timing does not reveal which admins exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$wl8Iw4MHGT6qnXwLtls7Uw$EXIIjaEgnlC3UuxKaoEoYcxeQq-D7DotLT8k25D1UDg';
