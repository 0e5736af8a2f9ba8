/**
 * Child process of bench/api.ts: the ceiling. Fetches the pages a run will ask for once from our
 * server, keeps them in memory with their headers, and serves them from a bare `node:http` server:
 * no routing, no authentication, no database, no serialization. Whatever our server is slower by is
 * the cost of what it does per request.
 */
import { Agent, createServer } from 'node:http';
import { get, pageUrl } from './http-load.ts';
import { initMessage, serveUntilStopped } from './child-server.ts';

export interface CeilingPlan {
  readonly type: 'plan';
  readonly sourcePort: number;
  readonly authorization: string;
  readonly collections: ReadonlyArray<{ path: string; limit: number; pages: number }>;
}

export interface CeilingReady {
  readonly type: 'ready';
  readonly port: number;
  readonly pages: number;
  readonly bytes: number;
}

/** Connection-level headers node:http writes itself. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Page {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const plan = (await initMessage()) as CeilingPlan;
const pages = new Map<string, Page>();
const agent = new Agent({ keepAlive: true, maxSockets: 2 });
const source = { port: plan.sourcePort, authorization: plan.authorization };
const urls = plan.collections.flatMap((c) => Array.from({ length: c.pages }, (_, i) => pageUrl(c.path, c.limit, i * c.limit)));
let bytes = 0;
const fetchNext = async (): Promise<void> => {
  for (let url = urls.pop(); url !== undefined; url = urls.pop()) {
    const response = await get(agent, source, url, true);
    if (response.status !== 200 || response.body === undefined) throw new Error(`ceiling: ${url} answered ${response.status}`);
    const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => !OWN_HEADERS.has(name)));
    pages.set(url, { headers, body: response.body });
    bytes += response.body.length;
  }
};
await Promise.all([fetchNext(), fetchNext()]);
agent.destroy();

const server = createServer((req, res) => {
  const page = pages.get(req.url ?? '');
  if (page === undefined) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, page.headers).end(page.body);
});
// Fastify's keep-alive timeout, so both servers keep connections alike.
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('ceiling has no TCP address');
  const ready: CeilingReady = { type: 'ready', port: address.port, pages: pages.size, bytes };
  serveUntilStopped(ready, () => new Promise((resolve) => server.close(() => resolve())));
});
