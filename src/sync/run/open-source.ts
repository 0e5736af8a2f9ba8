import type { SecretBox } from '../../access/index.ts';
import type { Db } from '../../store/index.ts';
import { createOneRosterClient } from '../client/oneroster-client.ts';
import type { ClientDeps } from '../client/transport.ts';
import { openConnectionSecret, type Connection } from '../connections.ts';
import { csvSource } from './csv-source.ts';
import { restSource } from './rest-source.ts';
import type { SyncSource } from './source.ts';

/** The source a connection names: its REST provider (through the client) or its CSV bundle. */
export async function openSource(db: Db, box: SecretBox | undefined, clientDeps: ClientDeps, connection: Connection, options: { since?: string }): Promise<SyncSource> {
  if (connection.kind === 'oneroster-csv') return csvSource(connection.csv.location);
  const secret = await openConnectionSecret(db, box, connection);
  return restSource(createOneRosterClient(connection.rest, secret, clientDeps), options);
}
