/** Child process of bench/import.ts: one import, then its own wall time, rows and peak memory as JSON. */
import { importBundle } from '../src/csv/index.ts';
import { openStore } from '../src/store/index.ts';

const [url, bundle] = process.argv.slice(2);
if (url === undefined || bundle === undefined) throw new Error('usage: import-worker <db-url> <bundle>');
const store = await openStore({ url });
const started = performance.now();
const report = await importBundle(store, bundle);
const ms = performance.now() - started;
await store.close();
if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.problems.slice(0, 3))}`);
const rows = Object.values(report.counts).reduce((n, c) => n + c.rows, 0);
process.stdout.write(JSON.stringify({ ms, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
