import type { FastifyInstance } from 'fastify';
import {
  addAttendanceConfiguration,
  addOneRosterConfiguration,
  addProduct,
  listAttendanceConfigurations,
  listOneRosterConfigurations,
  listProducts,
  queryAudit,
  resolveOneRosterConfiguration,
  updateOneRosterConfiguration,
} from '../../access/index.ts';
import { HubError, optional } from '../../kernel/index.ts';
import type { AccessHttpDeps } from './access-deps.ts';
import { adminOf, bodyFields, requireField, type AdminChangeContext } from '../admin/index.ts';

interface AuditQueryString {
  accessId?: string;
  integrationId?: string;
  kind?: string;
  from?: string;
  to?: string;
  limit?: string;
}

function dateParam(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new HubError('invalid_argument', `${name} must be an ISO 8601 date or timestamp`);
  return date;
}

function kindParam(value: string | undefined): 'api' | 'change' | undefined {
  if (value === undefined || value === 'api' || value === 'change') return value;
  throw new HubError('invalid_argument', 'kind must be api or change');
}

/** OneRoster and attendance configurations, products owned, and the audit log. */
export function adminConfigurationRoutes(deps: AccessHttpDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const db = deps.store.db;
    app.get('/admin/api/configurations/oneroster', async () => ({ configurations: await listOneRosterConfigurations(db) }));
    app.post('/admin/api/configurations/oneroster', async (request, reply) => {
      const f = bodyFields(request.body);
      const configuration = await addOneRosterConfiguration(db, changeContext(adminOf(request)), {
        vendor: requireField(f.string('vendor'), 'vendor'),
        code: requireField(f.string('code'), 'code'),
        districtId: requireField(f.string('districtId'), 'districtId'),
        ...optional('description', f.nullableString('description')),
        ...optional('schoolIds', f.nullableStrings('schoolIds')),
        ...optional('allowDemographics', f.boolean('allowDemographics')),
        ...optional('allowGradePassBack', f.boolean('allowGradePassBack')),
      });
      return reply.code(201).send({ configuration });
    });
    app.patch<{ Params: { id: string } }>('/admin/api/configurations/oneroster/:id', async (request) => {
      const f = bodyFields(request.body);
      const target = await resolveOneRosterConfiguration(db, request.params.id);
      const configuration = await updateOneRosterConfiguration(db, changeContext(adminOf(request)), target.id, {
        ...optional('vendor', f.string('vendor')),
        ...optional('code', f.string('code')),
        ...optional('districtId', f.string('districtId')),
        ...optional('description', f.nullableString('description')),
        ...optional('schoolIds', f.nullableStrings('schoolIds')),
        ...optional('allowDemographics', f.boolean('allowDemographics')),
        ...optional('allowGradePassBack', f.boolean('allowGradePassBack')),
      });
      return { configuration };
    });
    app.get('/admin/api/configurations/attendance', async () => ({ configurations: await listAttendanceConfigurations(db) }));
    app.post('/admin/api/configurations/attendance', async (request, reply) => {
      const f = bodyFields(request.body);
      const configuration = await addAttendanceConfiguration(db, changeContext(adminOf(request)), {
        description: requireField(f.string('description'), 'description'),
        schoolIds: requireField(f.strings('schoolIds'), 'schoolIds'),
      });
      return reply.code(201).send({ configuration });
    });
    app.get('/admin/api/products', async () => ({ products: await listProducts(db) }));
    app.post('/admin/api/products', async (request, reply) => {
      const product = await addProduct(db, changeContext(adminOf(request)), requireField(bodyFields(request.body).string('name'), 'name'));
      return reply.code(201).send({ product });
    });
    app.get<{ Querystring: AuditQueryString }>('/admin/api/audit', async (request) => {
      const q = request.query;
      const kind = kindParam(q.kind);
      const from = dateParam(q.from, 'from');
      const to = dateParam(q.to, 'to');
      const entries = await queryAudit(db, {
        ...optional('accessId', q.accessId),
        ...optional('integrationId', q.integrationId),
        ...optional('kind', kind),
        ...optional('from', from),
        ...optional('to', to),
        ...optional('limit', q.limit === undefined ? undefined : Number(q.limit)),
      });
      return { entries };
    });
  };
}
