/**
 * Child process of bench/sync.ts: the bare loop. Pages through the same collections the sync reads,
 * with the same page size, one page after the other as the sync client does, over a plain keep-alive
 * node:http client: no parsing, no pipeline, no store. What the sync takes beyond this is the client's
 * own cost. Reports a BareLoopResult over IPC.
 */
import { Agent } from 'node:http';
import { initMessage } from './child-server.ts';
import { bearerToken, get, pageUrl } from './http-load.ts';

export interface BareLoopPlan {
  readonly type: 'bare';
  readonly port: number;
  readonly key: string;
  readonly secret: string;
  readonly paths: readonly string[];
  readonly pageSize: number;
}

export interface BareLoopResult {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly records: number;
  readonly requests: number;
  readonly bytes: number;
}

const plan = (await initMessage()) as BareLoopPlan;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
try {
  const started = performance.now();
  // The sync client takes a token too, so the bare loop pays for one as well.
  const target = { port: plan.port, authorization: await bearerToken(plan.port, plan.key, plan.secret) };
  let records = 0;
  let requests = 0;
  let bytes = 0;
  for (const path of plan.paths) {
    // Paging ends where X-Total-Count says, as the sync client's does.
    for (let offset = 0, total = 1; offset < total; offset += plan.pageSize) {
      const response = await get(agent, target, pageUrl(path, plan.pageSize, offset));
      requests++;
      if (response.status !== 200) throw new Error(`bare loop: ${path} answered ${response.status}`);
      total = Number(response.headers['x-total-count'] ?? 0);
      bytes += response.bytes;
      records += Math.max(0, Math.min(plan.pageSize, total - offset));
    }
  }
  const result: BareLoopResult = { ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024, records, requests, bytes };
  process.send?.(result);
} finally {
  agent.destroy();
  process.disconnect?.();
}
