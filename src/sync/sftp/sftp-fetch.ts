import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { HubError } from '../../kernel/index.ts';
import { hostKeyFingerprint } from './host-key.ts';
import { missing, sftpFailure } from './sftp-failure.ts';
import { parseSftpLocation, type SftpLocation } from './sftp-location.ts';
import type { SftpSettings } from './sftp-settings.ts';

/** A bundle copied to a temp folder of its own; `remove` deletes it (idempotent). */
export interface FetchedBundle {
  /** A local zip or folder, for the CSV readers. */
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Downloads an sftp:// bundle — the zip, or every `.csv` of the folder — into a new temp folder.
 * The server must present the pinned host key before any credential is sent (ssh2 checks the
 * host key during the key exchange, ahead of authentication). On failure nothing is left behind.
 */
export async function fetchSftpBundle(location: string, settings: SftpSettings, secret: string): Promise<FetchedBundle> {
  const where = requireLocation(location);
  const dir = await mkdtemp(join(tmpdir(), 'rb-sftp-'));
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  let presented: string | undefined;
  const client = quietClient();
  try {
    await client.connect({
      host: where.host,
      port: where.port,
      username: where.username,
      ...(settings.auth === 'password' ? { password: secret } : { privateKey: secret }),
      tryKeyboard: false,
      readyTimeout: settings.timeoutMs,
      // A transfer has no deadline (a district zip can be large); a dead link is caught by unanswered keepalives.
      keepaliveInterval: Math.min(10_000, Math.ceil(settings.timeoutMs / 3)),
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer): boolean => {
        presented = hostKeyFingerprint(key);
        return presented === settings.hostKey;
      },
    });
    const path = await download(client, where, dir);
    return { path, remove };
  } catch (error) {
    await remove();
    if (error instanceof HubError) throw error;
    throw sftpFailure(error, { location: where, auth: settings.auth, timeoutMs: settings.timeoutMs, pinned: settings.hostKey, presented });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The host key a server presents, without logging in: what `connection add` shows an admin who
 * has not pinned one yet, to confirm with the server's administrator before pinning.
 */
export async function probeHostKey(location: string, timeoutMs: number): Promise<string> {
  const where = requireLocation(location);
  let presented: string | undefined;
  const client = quietClient();
  try {
    await client.connect({
      host: where.host,
      port: where.port,
      username: where.username,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer): boolean => {
        presented = hostKeyFingerprint(key);
        return false;
      },
    });
  } catch (error) {
    if (presented !== undefined) return presented;
    throw sftpFailure(error, { location: where, auth: 'password', timeoutMs, pinned: '', presented });
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new HubError('internal', `the SFTP server at ${where.host}:${where.port} was let in without a host key check`);
}

async function download(client: SftpClient, where: SftpLocation, dir: string): Promise<string> {
  const type = await client.exists(where.path);
  if (type === false) throw missing(where);
  if (!where.folder) {
    if (type === 'd') throw new HubError('invalid_argument', `${where.path} on the SFTP server is a folder: end the location with / to read the .csv files in it`);
    const local = join(dir, 'bundle.zip');
    await client.get(where.path, local);
    return local;
  }
  if (type !== 'd') throw new HubError('invalid_argument', `${where.path} on the SFTP server is not a folder: name the .zip without a trailing /`);
  const folder = join(dir, 'bundle');
  await mkdir(folder);
  // Only plain file names: a listing cannot make us write outside the temp folder.
  const files = (await client.list(where.path)).filter((f) => f.type === '-' && /^[^/\\]+\.csv$/i.test(f.name) && f.name !== '..' && f.name !== '.');
  if (files.length === 0) throw new HubError('not_found', `the SFTP folder ${where.path} on ${where.host}:${where.port} has no .csv files`);
  for (const file of files) await client.get(`${where.path.replace(/\/+$/, '')}/${file.name}`, join(folder, file.name));
  return folder;
}

function requireLocation(location: string): SftpLocation {
  const parsed = parseSftpLocation(location);
  if (!parsed.ok) throw new HubError('invalid_argument', parsed.problems.join('; '));
  return parsed.value;
}

/** The library's default listeners print to the console; ours stay silent (failures come back as rejections). */
function quietClient(): SftpClient {
  const ignore = (): void => undefined;
  return new SftpClient('rosterbridge', { error: ignore, end: ignore, close: ignore });
}
