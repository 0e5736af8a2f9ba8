// The admin API's shared shell — its context, its readers of bodies and query strings, its error
// edge — used by both http/access and http/sync's admin routes, so neither reaches into the other.
export { adminOf, type AdminChangeContext, type AdminRoutes } from './admin-context.ts';
export type { AdminDeps } from './admin-deps.ts';
export { answerHubErrors } from './admin-error-handler.ts';
export { bodyFields, requireField, type BodyFields } from './body-fields.ts';
export { oneOfParam, wholeNumberParam } from './query-params.ts';
