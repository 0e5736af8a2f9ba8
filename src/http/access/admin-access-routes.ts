import type { FastifyInstance } from 'fastify';
import {
  AUTH_TYPES,
  createAccess,
  generateAccessSecret,
  listAccesses,
  listSecrets,
  resolveAccess,
  revokeAccessSecret,
  updateAccess,
  type AuthType,
} from '../../access/index.ts';
import { HubError, optional } from '../../kernel/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { adminOf, bodyFields, requireField, type AdminChangeContext, type BodyFields } from '../admin/index.ts';

function authTypeField(f: BodyFields): AuthType | undefined {
  const value = f.string('authType');
  if (value === undefined) return undefined;
  const known = AUTH_TYPES.find((t) => t === value);
  if (known === undefined) throw new HubError('invalid_argument', `field "authType" must be one of ${AUTH_TYPES.join(', ')}`);
  return known;
}

/** Integration Access records and their secrets. A secret appears only in the generate response. */
export function adminAccessRoutes(deps: AccessHttpDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const db = deps.store.db;
    app.get<{ Querystring: { integrationId?: string } }>('/admin/api/accesses', async (request) => ({
      accesses: await listAccesses(db, request.query.integrationId === undefined ? {} : { integrationId: request.query.integrationId }),
    }));
    app.get<{ Params: { id: string } }>('/admin/api/accesses/:id', async (request) => {
      const access = await resolveAccess(db, request.params.id);
      return { access, secrets: await listSecrets(db, access.id) };
    });
    app.post('/admin/api/accesses', async (request, reply) => {
      const f = bodyFields(request.body);
      const access = await createAccess(db, changeContext(adminOf(request)), {
        integrationId: requireField(f.string('integrationId'), 'integrationId'),
        name: requireField(f.string('name'), 'name'),
        authType: requireField(authTypeField(f), 'authType'),
        ...optional('description', f.nullableString('description')),
        ...optional('key', f.string('key')),
        ...optional('isActive', f.boolean('isActive')),
        ...optional('effectiveDate', f.string('effectiveDate')),
        ...optional('expirationDate', f.nullableString('expirationDate')),
        ...optional('oneRosterConfigurationId', f.nullableString('oneRosterConfigurationId')),
        ...optional('attendanceConfigurationId', f.nullableString('attendanceConfigurationId')),
      });
      return reply.code(201).send({ access });
    });
    app.patch<{ Params: { id: string } }>('/admin/api/accesses/:id', async (request) => {
      const f = bodyFields(request.body);
      const target = await resolveAccess(db, request.params.id);
      const access = await updateAccess(db, changeContext(adminOf(request)), target.id, {
        ...optional('name', f.string('name')),
        ...optional('description', f.nullableString('description')),
        ...optional('key', f.string('key')),
        ...optional('authType', authTypeField(f)),
        ...optional('isActive', f.boolean('isActive')),
        ...optional('effectiveDate', f.string('effectiveDate')),
        ...optional('expirationDate', f.nullableString('expirationDate')),
        ...optional('oneRosterConfigurationId', f.nullableString('oneRosterConfigurationId')),
        ...optional('attendanceConfigurationId', f.nullableString('attendanceConfigurationId')),
      });
      return { access };
    });
    app.post<{ Params: { id: string } }>('/admin/api/accesses/:id/secrets', async (request, reply) => {
      const f = bodyFields(request.body ?? {});
      const target = await resolveAccess(db, request.params.id);
      const generated = await generateAccessSecret(db, changeContext(adminOf(request)), deps.secretBox, target.id, {
        revokeOldest: f.boolean('revokeOldest') === true,
        onBehalfOfVendor: f.boolean('forVendor') === true,
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ key: target.key, secret: generated.secret, secretInfo: generated.info, warning: 'This secret is shown once and cannot be retrieved again.' });
    });
    app.delete<{ Params: { id: string; secret: string } }>('/admin/api/accesses/:id/secrets/:secret', async (request) => {
      const target = await resolveAccess(db, request.params.id);
      return { secretInfo: await revokeAccessSecret(db, changeContext(adminOf(request)), target.id, request.params.secret) };
    });
  };
}
