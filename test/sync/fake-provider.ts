import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientDeps } from '../../src/sync/index.ts';
import type { RestSettings } from '../../src/sync/index.ts';

/** One request as the fake provider saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void | Promise<void>;

/** A real node:http server on 127.0.0.1:0; each test sets its handler and reads what was seen. */
export interface FakeProvider {
  readonly baseUrl: string;
  readonly seen: SeenRequest[];
  /** Most requests in flight at once. */
  readonly maxInFlight: () => number;
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const seen: SeenRequest[] = [];
  let handler: Handler = (_r, response) => json(response, 404, {});
  let inFlight = 0;
  let max = 0;
  const server = createServer((request, response) => {
    inFlight += 1;
    max = Math.max(max, inFlight);
    response.on('close', () => {
      inFlight -= 1;
    });
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const seenRequest = { method: request.method ?? 'GET', url: new URL(request.url ?? '/', 'http://127.0.0.1'), headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(seenRequest);
      void Promise.resolve(handler(seenRequest, response)).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    maxInFlight: () => max,
    handle: (h) => {
      handler = h;
      seen.length = 0;
      max = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Client deps that record every wait instead of waiting, with a fixed jitter source. */
export function recordingDeps(options: { random?: number; now?: () => number } = {}): ClientDeps & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => options.random ?? 0.5,
    now: options.now ?? Date.now,
  };
}

export function restSettings(baseUrl: string, overrides: Partial<RestSettings> = {}): RestSettings {
  return {
    version: '1.1',
    baseUrl,
    tokenUrl: `${baseUrl}/oauth/token`,
    clientId: 'vendor-key',
    auth: 'oauth2',
    scope: null,
    pageSize: 2,
    concurrency: 2,
    timeoutMs: 5_000,
    paths: 'standard',
    ...overrides,
  };
}
