import type { FastifyInstance } from 'fastify';
import { mapSchools, readSyncState, resolveConnection, saveSyncSettings, schoolsReport, systemClientDeps } from '../../sync/index.ts';
import { adminOf, bodyFields, oneOfParam, type AdminChangeContext, type AdminDeps } from '../admin/index.ts';

type ConnectionParams = { Params: { id: string } };

/**
 * A connection's run settings (rules, guard, preview, rollover, read mode) and its schools mapping
 * — what `rosterbridge connection rules show|set` and `schools|map-schools` do.
 */
export function adminSettingsRoutes(deps: AdminDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const { store } = deps;
    app.get<ConnectionParams>('/admin/api/connections/:id/settings', async (request) => {
      const connection = await resolveConnection(store.db, request.params.id);
      return await readSyncState(store.db, connection.id);
    });
    // The body is the settings document `connection rules set --file` reads; parts it leaves out keep their values.
    app.put<ConnectionParams>('/admin/api/connections/:id/settings', async (request) => {
      const connection = await resolveConnection(store.db, request.params.id);
      return { settings: await saveSyncSettings(store.db, changeContext(adminOf(request)), connection, request.body) };
    });
    app.get<ConnectionParams & { Querystring: { auto?: string } }>('/admin/api/connections/:id/schools', async (request) => {
      const auto = oneOfParam(request.query.auto, 'auto', ['identifier', 'name'] as const);
      const connection = await resolveConnection(store.db, request.params.id);
      return { report: await schoolsReport(store, deps.secretBox, systemClientDeps(), connection, auto) };
    });
    // `{ select?: [source ids], map?: { source id: hub id } }`; what is left out stays as it was.
    app.post<ConnectionParams>('/admin/api/connections/:id/schools', async (request) => {
      const f = bodyFields(request.body);
      const select = f.strings('select');
      const map = f.stringMap('map');
      const connection = await resolveConnection(store.db, request.params.id);
      const settings = await mapSchools(store, changeContext(adminOf(request)), connection, { ...(select === undefined ? {} : { select }), ...(map === undefined ? {} : { map }) });
      return { schools: settings.rules.schools ?? {} };
    });
  };
}
