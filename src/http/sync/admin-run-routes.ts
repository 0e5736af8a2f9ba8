import type { FastifyInstance } from 'fastify';
import { approveRun, getRun, listRunChanges, listRuns, rejectRun, resolveConnection, runSync, systemClientDeps, type StagedChange } from '../../sync/index.ts';
import { adminOf, wholeNumberParam, type AdminChangeContext, type AdminDeps } from '../admin/index.ts';

type ConnectionParams = { Params: { id: string } };
type RunParams = { Params: { runId: string } };
type Page = { Querystring: { limit?: string; offset?: string } };

/** A held change as the admin previews it: the record before and after, and where it came from (not the digests approve checks). */
const presentChange = (c: StagedChange) => ({ entity: c.entity, sourcedId: c.sourcedId, action: c.action, before: c.before, after: c.after, origin: c.origin, sourceId: c.sourceId, rules: c.rules });

/**
 * Sync runs in the admin API: run now (synchronously), history, one run, a held run's changes,
 * approve and reject — what `rosterbridge connection sync|history|run|approve|reject` do. A held
 * run's changes carry record data: for the admin who decides, and never logged.
 */
export function adminRunRoutes(deps: AdminDeps, changeContext: AdminChangeContext) {
  return async function register(app: FastifyInstance): Promise<void> {
    const { store } = deps;
    app.post<ConnectionParams>('/admin/api/connections/:id/sync', async (request) => {
      const connection = await resolveConnection(store.db, request.params.id);
      // A run that cannot start (one running, one held) is a 409; one that started is its outcome, failed or held included.
      return { run: await runSync({ store, box: deps.secretBox, clientDeps: systemClientDeps(), clock: store.clock }, connection.id, { trigger: 'manual' }) };
    });
    app.get<ConnectionParams & { Querystring: { limit?: string } }>('/admin/api/connections/:id/runs', async (request) => {
      const connection = await resolveConnection(store.db, request.params.id);
      return { runs: await listRuns(store.db, connection.id, wholeNumberParam(request.query.limit, 'limit', 1, 500) ?? 20) };
    });
    app.get<RunParams>('/admin/api/runs/:runId', async (request) => ({ run: await getRun(store.db, request.params.runId) }));
    app.get<RunParams & Page>('/admin/api/runs/:runId/changes', async (request) => {
      const limit = wholeNumberParam(request.query.limit, 'limit', 1, 1000) ?? 200;
      const offset = wholeNumberParam(request.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const run = await getRun(store.db, request.params.runId);
      // Only a held run keeps its changeset (a decided one left its lineage instead): the others page nothing.
      const changes = run.heldChangeset === null ? [] : await listRunChanges(store.db, run.id, limit, offset);
      return { runId: run.id, status: run.status, total: run.heldChangeset?.changes ?? 0, limit, offset, changes: changes.map(presentChange) };
    });
    app.post<RunParams>('/admin/api/runs/:runId/approve', async (request) => ({ run: await approveRun(store, request.params.runId, changeContext(adminOf(request)).actor) }));
    app.post<RunParams>('/admin/api/runs/:runId/reject', async (request) => ({ run: await rejectRun(store, store.clock, request.params.runId, changeContext(adminOf(request)).actor) }));
  };
}
