/** Figures of bench:api as text: percentiles, one row per scenario, our server beside the ceiling. */
import type { Outcome } from './http-load.ts';

export interface Measured {
  readonly engine: string;
  readonly endpoint: string;
  readonly limit: number;
  readonly concurrency: number;
  readonly ours: Outcome;
  /** The bare node:http server, same scenario, measured right after ours. */
  readonly ceiling: Outcome;
}

/** Nearest-rank percentile of the samples (ms); 0 for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : int(n));
const rate = (o: Outcome): number => (o.seconds === 0 ? 0 : (o.requests - o.errors) / o.seconds);
const recordRate = (o: Outcome): number => (o.seconds === 0 ? 0 : o.records / o.seconds);

/** The aim of the issue for this scenario, as a verdict (reported, never asserted). */
export function aim(m: Measured): string {
  if (m.limit <= 100) {
    const ratio = rate(m.ours) / rate(m.ceiling);
    return ratio >= 0.5 ? 'met (≥ 0.5× ceiling)' : 'missed (< 0.5× ceiling)';
  }
  const p95 = percentile(m.ours.latencies, 95);
  return p95 < 1000 ? 'met (p95 < 1 s)' : 'missed (p95 ≥ 1 s)';
}

export function resultTable(rows: readonly Measured[]): string {
  const lines = [
    '| engine | endpoint | limit | conc. | requests | deepest offset | req/s | records/s | p50 ms | p95 ms | p99 ms | ceiling req/s | ceiling p50 / p95 ms | ratio | aim |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const m of rows) {
    const o = m.ours;
    const c = m.ceiling;
    const errors = o.errors + c.errors > 0 ? ` (${o.errors} / ${c.errors} failed)` : '';
    lines.push(
      `| ${m.engine} | ${m.endpoint} | ${int(m.limit)} | ${m.concurrency} | ${int(o.requests)}${errors} | ${int(o.maxOffset)} | ${int(rate(o))} | ${int(recordRate(o))} | ${ms(percentile(o.latencies, 50))} | ${ms(percentile(o.latencies, 95))} | ${ms(percentile(o.latencies, 99))} | ${int(rate(c))} | ${ms(percentile(c.latencies, 50))} / ${ms(percentile(c.latencies, 95))} | ${(rate(o) / rate(c)).toFixed(2)} | ${aim(m)} |`,
    );
  }
  return lines.join('\n');
}
