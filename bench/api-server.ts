/**
 * Child process of bench/api.ts: opens an imported store, creates the demo vendor's integration
 * access and OneRoster configuration through the real access code, and serves the real app
 * (buildApp) on an ephemeral loopback port. Reports `{ type: 'ready', port, key, secret }`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox, generateMasterKey, parseMasterKey } from '../src/access/index.ts';
import { ensureDemoAccess } from '../src/cli/demo-access.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildApp } from '../src/http/index.ts';
import { hubTableSpecs } from '../src/hub/index.ts';
import { openStore } from '../src/store/index.ts';
import { serveUntilStopped } from './child-server.ts';

export interface ApiServerReady {
  readonly type: 'ready';
  readonly port: number;
  readonly key: string;
  readonly secret: string;
}

/** What hrefs and Link headers carry; the same on every engine so their pages are alike. */
export const BENCH_PUBLIC_URL = 'http://127.0.0.1:8080';

const [url, districtId] = process.argv.slice(2);
if (url === undefined || districtId === undefined) throw new Error('usage: api-server <db-url> <district-id>');
const dataDir = mkdtempSync(join(tmpdir(), 'rb-bench-api-'));
const config = loadConfig({ ROSTERBRIDGE_PUBLIC_URL: BENCH_PUBLIC_URL }, { db: url, dataDir, host: '127.0.0.1', port: 0 });
// A master key that lives only in this process: the bench keeps no secret on disk.
const secretBox = createSecretBox(parseMasterKey(generateMasterKey()));
// Every hub table, as `serve` opens the store: the app it benchmarks is the one users run.
const store = await openStore({ url, extraTables: hubTableSpecs() });
const credential = await ensureDemoAccess(store.db, { clock: store.clock, timeZone: config.timeZone, actor: 'bench:api' }, secretBox, districtId);
const app = await buildApp({ store, config, secretBox });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
const ready: ApiServerReady = { type: 'ready', port: address.port, ...credential };
serveUntilStopped(ready, async () => {
  await app.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
