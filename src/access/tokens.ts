import { createHash, randomBytes } from 'node:crypto';
import { isoTimestamp } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import { cellStringArray, cellText } from './cells.ts';

/** OAuth 2.0 access token lifetime (seconds). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface StoredToken {
  readonly accessId: string;
  readonly secretId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: string;
}

/**
 * A new opaque bearer token (256 random bits). Only its SHA-256 is stored: the token has full
 * entropy, so a fast hash is enough, and a database dump yields no usable token. Older tokens of
 * the same access stay valid until they expire.
 */
export async function issueToken(db: Db, now: Date, grant: { accessId: string; secretId: string; scopes: readonly string[] }): Promise<{ token: string; expiresIn: number }> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('access_tokens')
    .values({
      token_hash: tokenHash(token),
      access_id: grant.accessId,
      secret_id: grant.secretId,
      scopes: JSON.stringify(grant.scopes),
      issued_at: isoTimestamp(now),
      expires_at: isoTimestamp(new Date(now.getTime() + TOKEN_LIFETIME_SECONDS * 1000)),
    })
    .execute();
  return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
}

/** The token's record if it exists and has not expired at `now`. */
export async function findLiveToken(db: Db, token: string, now: Date): Promise<StoredToken | undefined> {
  const row = await db.selectFrom('access_tokens').select(['access_id', 'secret_id', 'scopes', 'expires_at']).where('token_hash', '=', tokenHash(token)).executeTakeFirst();
  if (row === undefined) return undefined;
  const expiresAt = cellText(row, 'expires_at');
  if (expiresAt <= isoTimestamp(now)) return undefined;
  return { accessId: cellText(row, 'access_id'), secretId: cellText(row, 'secret_id'), scopes: cellStringArray(row, 'scopes') ?? [], expiresAt };
}

export async function purgeExpiredTokens(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('access_tokens').where('expires_at', '<=', isoTimestamp(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
