import type { FastifyInstance } from 'fastify';
import { HubError } from '../../kernel/index.ts';
import { addConnection, listConnections, resolveConnection, systemClientDeps, testConnection, type ConnectionInput } from '../../sync/index.ts';
import { adminOf, bodyFields, requireField, type AdminChangeContext, type AdminDeps, type BodyFields } from '../admin/index.ts';

/** `{ name: value }` when given, `{}` otherwise (exactOptionalPropertyTypes). */
const given = <K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [name]: value } as { [P in K]?: V }));

/** A connection as the body describes it; the same shape `connection add --json` prints back, plus the secret. */
function connectionInput(f: BodyFields): ConnectionInput {
  const base = { name: requireField(f.string('name'), 'name'), districtId: requireField(f.string('districtId'), 'districtId'), ...given('mode', f.string('mode')) };
  const kind = requireField(f.string('kind'), 'kind');
  if (kind === 'oneroster-csv') {
    const csv = requireField(f.object('csv'), 'csv');
    const location = requireField(csv.string('location'), 'csv.location');
    if (!/^sftp:/i.test(location)) return { ...base, kind, csv: { location } };
    // An SFTP location: its pinned host key and its credential (a password or an OpenSSH private key), sealed like a REST secret.
    const sftp = csv.object('sftp');
    const sftpInput = sftp === undefined ? {} : { ...given('auth', sftp.string('auth')), ...given('hostKey', sftp.string('hostKey')), ...given('timeoutMs', sftp.integer('timeoutMs')) };
    return { ...base, kind, csv: { location, sftp: sftpInput }, sftpSecret: f.string('sftpSecret') ?? '' };
  }
  if (kind !== 'oneroster-rest') throw new HubError('invalid_argument', 'field "kind" must be oneroster-rest or oneroster-csv');
  const rest = requireField(f.object('rest'), 'rest');
  return {
    ...base,
    kind,
    clientSecret: requireField(f.string('clientSecret'), 'clientSecret'),
    rest: {
      version: requireField(rest.string('version'), 'rest.version'),
      baseUrl: requireField(rest.string('baseUrl'), 'rest.baseUrl'),
      clientId: requireField(rest.string('clientId'), 'rest.clientId'),
      ...given('tokenUrl', rest.nullableString('tokenUrl')),
      ...given('auth', rest.string('auth')),
      ...given('scope', rest.nullableString('scope')),
      ...given('pageSize', rest.integer('pageSize')),
      ...given('concurrency', rest.integer('concurrency')),
      ...given('timeoutMs', rest.integer('timeoutMs')),
      ...given('paths', rest.stringOrStringMap('paths')),
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
