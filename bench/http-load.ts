/**
 * The benchmark's HTTP client: keep-alive connections, `concurrency` workers that take the next page
 * from one shared counter, each response read to its end. The body is counted, not parsed, so the
 * client spends as little CPU as possible beside the server it measures.
 */
import { Agent, request } from 'node:http';

export interface Target {
  readonly port: number;
  /** Sent as the Authorization header (the ceiling ignores it). */
  readonly authorization?: string;
}

export interface Scenario {
  /** Collection path, e.g. /ims/oneroster/rostering/v1p2/users. */
  readonly path: string;
  readonly limit: number;
  readonly concurrency: number;
  /** Records in the collection (X-Total-Count), so offsets wrap after the last page. */
  readonly total: number;
}

export interface Bounds {
  /** Stop issuing requests after this many … */
  readonly maxRequests: number;
  /** … or after this many seconds, whichever comes first … */
  readonly maxSeconds: number;
  /** … but never before this many (a full pass over the pages, for the largest limit). */
  readonly minRequests: number;
}

export interface Outcome {
  readonly requests: number;
  readonly errors: number;
  readonly records: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Milliseconds, one per successful request. */
  readonly latencies: number[];
  /** Highest offset requested. */
  readonly maxOffset: number;
}

export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

export function pageUrl(path: string, limit: number, offset: number): string {
  return `${path}?limit=${limit}&offset=${offset}`;
}

interface Response {
  readonly status: number;
  readonly bytes: number;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
}

/** One GET over the agent's kept-alive sockets; `keep` returns the body too (for the ceiling's pages). */
export function get(agent: Agent, target: Target, url: string, keep = false): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = target.authorization === undefined ? {} : { authorization: target.authorization };
    const req = request({ host: '127.0.0.1', port: target.port, path: url, method: 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep) chunks.push(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') flat[name] = value;
        resolve({ status: res.statusCode ?? 0, bytes, headers: flat, ...(keep ? { body: Buffer.concat(chunks) } : {}) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs one scenario against one server and returns what it measured. */
export async function runScenario(target: Target, scenario: Scenario, bounds: Bounds): Promise<Outcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: scenario.concurrency });
  const pages = pageCount(scenario.total, scenario.limit);
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let records = 0;
  let bytes = 0;
  let maxOffset = 0;
  const started = performance.now();
  const more = (): boolean => next < bounds.minRequests || (next < bounds.maxRequests && performance.now() - started < bounds.maxSeconds * 1000);
  const worker = async (): Promise<void> => {
    while (more()) {
      const offset = (next++ % pages) * scenario.limit;
      maxOffset = Math.max(maxOffset, offset);
      const sent = performance.now();
      const response = await get(agent, target, pageUrl(scenario.path, scenario.limit, offset));
      if (response.status !== 200) {
        errors++;
        continue;
      }
      latencies.push(performance.now() - sent);
      bytes += response.bytes;
      records += Math.max(0, Math.min(scenario.limit, scenario.total - offset));
    }
  };
  try {
    await Promise.all(Array.from({ length: scenario.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { requests: next, errors, records, bytes, seconds: (performance.now() - started) / 1000, latencies, maxOffset };
}

/** A bearer token from the running server's own token endpoint (client credentials, HTTP Basic). */
export async function bearerToken(port: number, key: string, secret: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`token endpoint answered ${response.status}`);
  return `Bearer ${body.access_token}`;
}
