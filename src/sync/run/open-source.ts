import type { SecretBox } from '../../access/index.ts';
import type { Db } from '../../store/index.ts';
import { createOneRosterClient } from '../client/oneroster-client.ts';
import type { ClientDeps } from '../client/transport.ts';
import { openConnectionSecret, type Connection } from '../connections.ts';
import { connectionBundle } from '../sftp/connection-bundle.ts';
import type { FetchedBundle } from '../sftp/sftp-fetch.ts';
import { csvSource } from './csv-source.ts';
import { restSource } from './rest-source.ts';
import type { SyncSource } from './source.ts';

/** The source a connection names: its REST provider (through the client) or its CSV bundle (fetched first from SFTP). */
export async function openSource(db: Db, box: SecretBox | undefined, clientDeps: ClientDeps, connection: Connection, options: { since?: string }): Promise<SyncSource> {
  if (connection.kind === 'oneroster-csv') return bundleSource(await connectionBundle(db, box, connection));
  const secret = await openConnectionSecret(db, box, connection);
  return restSource(createOneRosterClient(connection.rest, secret, clientDeps), options);
}

/** The CSV source over a local bundle; closing it also removes a fetched temp copy. */
async function bundleSource(bundle: FetchedBundle): Promise<SyncSource> {
  let source: SyncSource;
  try {
    source = await csvSource(bundle.path);
  } catch (error) {
    await bundle.remove();
    throw error;
  }
  return {
    ...source,
    close: async () => {
      try {
        await source.close();
      } finally {
        await bundle.remove();
      }
    },
  };
}
