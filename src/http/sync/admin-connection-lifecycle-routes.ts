import type { FastifyInstance } from 'fastify';
import { forgetQueuedRuns, removeSchedule } from '../../jobs/index.ts';
import { HubError, optional } from '../../kernel/index.ts';
import { removeConnection, resolveConnection, rotateConnectionSecret, systemClientDeps, testConnection, updateConnection, type ConnectionPatch } from '../../sync/index.ts';
import { adminOf, bodyFields, oneOfParam, requireField, type AdminChangeContext, type AdminDeps } from '../admin/index.ts';
import { restSettingsBody, sftpSettingsBody } from './connection-body.ts';

type ConnectionParams = { Params: { id: string } };

const FIELDS = {
  top: ['name', 'mode', 'kind', 'districtId', 'rest', 'csv', 'secret'],
  rest: ['version', 'baseUrl', 'tokenUrl', 'clientId', 'auth', 'scope', 'pageSize', 'concurrency', 'timeoutMs', 'paths'],
  csv: ['location', 'sftp'],
  sftp: ['auth', 'hostKey', 'timeoutMs'],
} as const;

/** A misspelt field would otherwise be ignored and the update look done: every unknown one is named. */
function refuseUnknown(body: unknown): void {
  const unknown: string[] = [];
  const check = (value: unknown, allowed: readonly string[], at: string): void => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) if (!allowed.includes(key)) unknown.push(`${at}${key}`);
  };
  const part = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value).find(([k]) => k === key)?.[1] : undefined);
  check(body, FIELDS.top, '');
  check(part(body, 'rest'), FIELDS.rest, 'rest.');
  check(part(body, 'csv'), FIELDS.csv, 'csv.');
  check(part(part(body, 'csv'), 'sftp'), FIELDS.sftp, 'csv.sftp.');
  if (unknown.length > 0) throw new HubError('invalid_argument', `not a connection field: ${unknown.join(', ')}`, { details: unknown.map((f) => `"${f}" is not a connection field`) });
}

/** The PATCH body as a patch (the shape a connection is shown in), and a new credential where the change needs one. */
function patchOf(body: unknown): { patch: ConnectionPatch; secret?: string } {
  refuseUnknown(body);
  const f = bodyFields(body);
  const rest = f.object('rest');
  const csv = f.object('csv');
  const sftp = csv?.object('sftp');
  const patch: ConnectionPatch = {
    ...optional('name', f.string('name')),
    ...optional('mode', f.string('mode')),
    ...optional('kind', f.string('kind')),
    ...optional('districtId', f.string('districtId')),
    ...(rest === undefined ? {} : { rest: restSettingsBody(rest) }),
    ...(csv === undefined
      ? {}
      : { csv: { ...optional('location', csv.string('location')), ...(sftp === undefined ? {} : { sftp: sftpSettingsBody(sftp) }) } }),
  };
  const secret = f.string('secret');
  return secret === undefined ? { patch } : { patch, secret };
}

/**
 * A connection's life after it is added — what `connection update | rotate-secret | remove` do:
 * PATCH changes settings, POST …/secret replaces the credential (taken once, sealed, never
 * returned), DELETE removes it (`?tombstoneRecords=true` tombstones what it alone owns).
 */
export function adminConnectionLifecycleRoutes(deps: AdminDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const { store } = deps;
    app.patch<ConnectionParams>('/admin/api/connections/:id', async (request) => {
      const { patch, secret } = patchOf(request.body);
      const connection = await resolveConnection(store.db, request.params.id);
      return await updateConnection(store.db, changeContext(adminOf(request)), deps.secretBox, connection, patch, secret === undefined ? {} : { secret });
    });
    app.post<ConnectionParams>('/admin/api/connections/:id/secret', async (request) => {
      const f = bodyFields(request.body);
      const secret = requireField(f.string('secret'), 'secret');
      const test = f.boolean('test') ?? false;
      const before = await resolveConnection(store.db, request.params.id);
      const connection = await rotateConnectionSecret(store.db, changeContext(adminOf(request)), deps.secretBox, before, secret);
      return { connection, ...(test ? { report: await testConnection(store.db, deps.secretBox, connection, systemClientDeps()) } : {}) };
    });
    app.delete<ConnectionParams & { Querystring: { tombstoneRecords?: string } }>('/admin/api/connections/:id', async (request) => {
      const tombstoneRecords = oneOfParam(request.query.tombstoneRecords, 'tombstoneRecords', ['true', 'false'] as const) === 'true';
      const connection = await resolveConnection(store.db, request.params.id);
      const removal = await removeConnection(store, changeContext(adminOf(request)), connection, { tombstoneRecords, alongside: removeSchedule });
      await forgetQueuedRuns(store, removal.connection.id);
      return { removal };
    });
  };
}
