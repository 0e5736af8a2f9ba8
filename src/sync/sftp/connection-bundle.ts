import type { SecretBox } from '../../access/index.ts';
import type { Db } from '../../store/index.ts';
import { openConnectionSecret, type Connection } from '../connections.ts';
import { fetchSftpBundle, type FetchedBundle } from './sftp-fetch.ts';

export type CsvConnection = Extract<Connection, { kind: 'oneroster-csv' }>;

/** A CSV connection's bundle on local disk: its own path, or a temp copy of its sftp:// location. */
export async function connectionBundle(db: Db, box: SecretBox | undefined, connection: CsvConnection): Promise<FetchedBundle> {
  const { location, sftp } = connection.csv;
  if (sftp === undefined) return { path: location, remove: async () => undefined };
  const secret = await openConnectionSecret(db, box, connection);
  return fetchSftpBundle(location, sftp, secret);
}
