import type { FastifyInstance } from 'fastify';
import { OUTBOX_STATUSES } from '../../gradebook/index.ts';
import { connectionOutbox, pushConnection, resolveConnection, retryFailedPushes, systemClientDeps } from '../../sync/index.ts';
import { oneOfParam, wholeNumberParam, type AdminDeps } from '../admin/index.ts';

type ConnectionParams = { Params: { id: string } };

/** Two-way sync in the admin API: push now, the outbox, retry the failed rows — what `connection push|outbox|retry-push` do. */
export function adminPushRoutes(deps: AdminDeps) {
  return async function register(app: FastifyInstance): Promise<void> {
    const { store } = deps;
    app.post<ConnectionParams>('/admin/api/connections/:id/push', async (request) => {
      const connection = await resolveConnection(store.db, request.params.id);
      return { push: await pushConnection({ db: store.db, dialect: store.dialect, clock: store.clock, box: deps.secretBox, client: systemClientDeps() }, connection) };
    });
    app.get<ConnectionParams & { Querystring: { status?: string; limit?: string } }>('/admin/api/connections/:id/outbox', async (request) => {
      const status = oneOfParam(request.query.status, 'status', OUTBOX_STATUSES);
      const limit = wholeNumberParam(request.query.limit, 'limit', 1, 1000) ?? 200;
      const connection = await resolveConnection(store.db, request.params.id);
      return { outbox: await connectionOutbox(store.db, connection, { ...(status === undefined ? {} : { status }), limit }) };
    });
    app.post<ConnectionParams>('/admin/api/connections/:id/retry-push', async (request) => {
      const connection = await resolveConnection(store.db, request.params.id);
      return { requeued: await retryFailedPushes(store.db, store.clock, connection) };
    });
  };
}
