import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

/**
 * Every route fastify has registered, read back from `printRoutes({ commonPrefix: false })`: a tree
 * whose lines are `<indent><├── or └──> <segment> (<METHODS>)`, each segment continuing its parent's
 * path. Fastify has no public list of routes; this is the one it prints.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const path = `${stack.join('')}${match[2] ?? ''}`;
    stack.push(match[2] ?? '');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '')) routes.push({ method, path });
  }
  return routes;
}

/** `/users/{sourcedId}` and `/users/:id` both become `/users/{}`. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^}]+\}|:[^/]+/g, '{}');
}
