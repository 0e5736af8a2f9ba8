export { adminSyncRoutes } from './admin-sync-routes.ts';
