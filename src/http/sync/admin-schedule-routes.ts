import type { FastifyInstance } from 'fastify';
import { changeSchedule, enqueueRunNow, type ScheduleChange } from '../../jobs/index.ts';
import { resolveConnection } from '../../sync/index.ts';
import { bodyFields, type AdminDeps } from '../admin/index.ts';
import { optional } from '../../kernel/index.ts';

type ConnectionParams = { Params: { id: string } };

/** `{ at?, days?, timeZone?, cron? }`: the rule as `connection schedule --at/--days/--time-zone/--cron` takes it. */
function ruleOf(body: unknown): ScheduleChange {
  const f = bodyFields(body);
  return { set: { ...optional('at', f.string('at')), ...optional('days', f.string('days')), ...optional('timeZone', f.string('timeZone')), ...optional('cron', f.string('cron')) } };
}

/**
 * When a connection syncs — what `rosterbridge connection schedule` and `run-now` do. DELETE turns
 * the schedule off as `--off` does: it is kept, and shown as off.
 */
export function adminScheduleRoutes(deps: AdminDeps) {
  return async function register(app: FastifyInstance): Promise<void> {
    const { store } = deps;
    const route = (change: (body: unknown) => ScheduleChange) => async (request: { params: { id: string }; body: unknown }) => {
      const connection = await resolveConnection(store.db, request.params.id);
      const view = await changeSchedule(store.db, connection.id, change(request.body), store.clock.now());
      return { connection: { id: connection.id, name: connection.name }, schedule: view.schedule ?? null, nextRuns: view.nextRuns.map((d) => d.toISOString()) };
    };
    const show = route(() => ({ show: true }));
    const set = route(ruleOf);
    const off = route(() => ({ off: true }));
    app.get<ConnectionParams>('/admin/api/connections/:id/schedule', async (request) => show(request));
    app.put<ConnectionParams>('/admin/api/connections/:id/schedule', async (request) => set(request));
    app.delete<ConnectionParams>('/admin/api/connections/:id/schedule', async (request) => off(request));
    // Enqueued, not run here: the scheduler's worker runs it, never beside another run of the connection.
    app.post<ConnectionParams>('/admin/api/connections/:id/run-now', async (request, reply) => {
      const connection = await resolveConnection(store.db, request.params.id);
      const { queue, outcome } = await enqueueRunNow(store, connection.id);
      return reply.code(outcome.queued ? 202 : 200).send({ connection: { id: connection.id, name: connection.name }, queue, ...outcome });
    });
  };
}
