import type { FastifyInstance } from 'fastify';
import type { ChangeContext } from '../../access/index.ts';
import type { AdminDeps } from './admin-deps.ts';

/** The change context of an admin request: changes are audited as `admin:<username>`. */
export type AdminChangeContext = (username: string) => ChangeContext;

/**
 * Routes another part of the HTTP app adds to the admin API (sync's, for one): the app builder hands
 * them to `adminApi`, which registers them behind its admin token check, so the access folder never
 * imports them.
 */
export type AdminRoutes = (deps: AdminDeps, changeContext: AdminChangeContext) => (app: FastifyInstance) => Promise<void>;

/** The admin behind an authenticated request (the hook guarantees one). */
export function adminOf(request: { adminUser: string | null }): string {
  if (request.adminUser === null) throw new Error('admin route reached without an authenticated admin');
  return request.adminUser;
}
