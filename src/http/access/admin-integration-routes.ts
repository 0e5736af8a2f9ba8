import type { FastifyInstance } from 'fastify';
import { addIntegration, listAccesses, listIntegrations, resolveIntegration, updateIntegration, type IntegrationStatus } from '../../access/index.ts';
import { HubError, optional } from '../../kernel/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { adminOf, bodyFields, requireField, type AdminChangeContext, type BodyFields } from '../admin/index.ts';

function statusField(fields: BodyFields): IntegrationStatus | undefined {
  const status = fields.string('status');
  if (status === undefined || status === 'Available' || status === 'Discontinued') return status;
  throw new HubError('invalid_argument', 'field "status" must be Available or Discontinued');
}

export function adminIntegrationRoutes(deps: AccessHttpDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const db = deps.store.db;
    app.get('/admin/api/integrations', async () => ({ integrations: await listIntegrations(db) }));
    app.get<{ Params: { id: string } }>('/admin/api/integrations/:id', async (request) => {
      const integration = await resolveIntegration(db, request.params.id);
      return { integration, accesses: await listAccesses(db, { integrationId: integration.id }) };
    });
    app.post('/admin/api/integrations', async (request, reply) => {
      const f = bodyFields(request.body);
      const integration = await addIntegration(db, changeContext(adminOf(request)), {
        vendor: requireField(f.string('vendor'), 'vendor'),
        product: requireField(f.string('product'), 'product'),
        description: f.nullableString('description') ?? null,
        ...optional('status', statusField(f)),
        ...optional('hasDevelopmentPermissions', f.boolean('hasDevelopmentPermissions')),
        ...optional('canGenerateSecret', f.boolean('canGenerateSecret')),
        ...optional('apis', f.strings('apis')),
      });
      return reply.code(201).send({ integration });
    });
    app.patch<{ Params: { id: string } }>('/admin/api/integrations/:id', async (request) => {
      const f = bodyFields(request.body);
      const integration = await updateIntegration(db, changeContext(adminOf(request)), request.params.id, {
        ...optional('vendor', f.string('vendor')),
        ...optional('product', f.string('product')),
        ...optional('description', f.nullableString('description')),
        ...optional('status', statusField(f)),
        ...optional('hasDevelopmentPermissions', f.boolean('hasDevelopmentPermissions')),
        ...optional('canGenerateSecret', f.boolean('canGenerateSecret')),
        ...optional('apis', f.strings('apis')),
      });
      return { integration };
    });
  };
}
