import type { FastifyInstance } from 'fastify';
import { HubError, optional } from '../../kernel/index.ts';
import { addConnection, listConnections, resolveConnection, systemClientDeps, testConnection, type ConnectionInput } from '../../sync/index.ts';
import { adminOf, bodyFields, requireField, type AdminChangeContext, type AdminDeps, type BodyFields } from '../admin/index.ts';
import { restSettingsBody, sftpSettingsBody } from './connection-body.ts';

/** A connection as the body describes it; the same shape `connection add --json` prints back, plus the secret. */
function connectionInput(f: BodyFields): ConnectionInput {
  const base = { name: requireField(f.string('name'), 'name'), districtId: requireField(f.string('districtId'), 'districtId'), ...optional('mode', f.string('mode')) };
  const kind = requireField(f.string('kind'), 'kind');
  if (kind === 'oneroster-csv') {
    const csv = requireField(f.object('csv'), 'csv');
    const location = requireField(csv.string('location'), 'csv.location');
    if (!/^sftp:/i.test(location)) return { ...base, kind, csv: { location } };
    // An SFTP location: its pinned host key and its credential (a password or an OpenSSH private key), sealed like a REST secret.
    const sftp = csv.object('sftp');
    return { ...base, kind, csv: { location, sftp: sftp === undefined ? {} : sftpSettingsBody(sftp) }, sftpSecret: f.string('sftpSecret') ?? '' };
  }
  if (kind !== 'oneroster-rest') throw new HubError('invalid_argument', 'field "kind" must be oneroster-rest or oneroster-csv');
  const rest = requireField(f.object('rest'), 'rest');
  return {
    ...base,
    kind,
    clientSecret: requireField(f.string('clientSecret'), 'clientSecret'),
    rest: {
      ...restSettingsBody(rest),
      version: requireField(rest.string('version'), 'rest.version'),
      baseUrl: requireField(rest.string('baseUrl'), 'rest.baseUrl'),
      clientId: requireField(rest.string('clientId'), 'rest.clientId'),
    },
  };
}

/**
 * Sync connections in the admin API: list, show, add (the secret is taken once and sealed, never
 * returned) and Test connection — what `rosterbridge connection …` does, for the console.
 */
export function adminConnectionRoutes(deps: AdminDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const db = deps.store.db;
    app.get('/admin/api/connections', async () => ({ connections: await listConnections(db) }));
    app.get<{ Params: { id: string } }>('/admin/api/connections/:id', async (request) => ({ connection: await resolveConnection(db, request.params.id) }));
    app.post('/admin/api/connections', async (request, reply) => {
      const connection = await addConnection(db, changeContext(adminOf(request)), deps.secretBox, connectionInput(bodyFields(request.body)));
      return reply.code(201).send({ connection });
    });
    app.post<{ Params: { id: string } }>('/admin/api/connections/:id/test', async (request) => {
      const connection = await resolveConnection(db, request.params.id);
      return { report: await testConnection(db, deps.secretBox, connection, systemClientDeps()) };
    });
  };
}
