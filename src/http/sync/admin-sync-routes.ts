import type { FastifyInstance } from 'fastify';
import type { AdminChangeContext, AdminDeps, AdminRoutes } from '../admin/index.ts';
import { adminConnectionLifecycleRoutes } from './admin-connection-lifecycle-routes.ts';
import { adminConnectionRoutes } from './admin-connection-routes.ts';
import { adminPushRoutes } from './admin-push-routes.ts';
import { adminRunRoutes } from './admin-run-routes.ts';
import { adminScheduleRoutes } from './admin-schedule-routes.ts';
import { adminSettingsRoutes } from './admin-settings-routes.ts';

/**
 * Every sync route of the admin API — connections, runs, settings, schedules, two-way push — as one
 * registrar. The admin API registers it behind its token check; a new sync route file is added here.
 */
export const adminSyncRoutes: AdminRoutes = (deps: AdminDeps, changeContext: AdminChangeContext) =>
  async function register(app: FastifyInstance): Promise<void> {
    await app.register(adminConnectionRoutes(deps, changeContext));
    await app.register(adminConnectionLifecycleRoutes(deps, changeContext));
    await app.register(adminRunRoutes(deps, changeContext));
    await app.register(adminSettingsRoutes(deps, changeContext));
    await app.register(adminScheduleRoutes(deps));
    await app.register(adminPushRoutes(deps));
  };
