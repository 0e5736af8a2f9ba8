/** Figures of bench:sync as text: one row per run, beside the bare loop of the same round, and the aims. */
import type { EntityRunCounts } from '../src/sync/index.ts';
import type { BareLoopResult } from './sync-bare.ts';
import type { SyncRunResult } from './sync-worker.ts';

/** Every run but the first reads the whole source again (readMode full, the default); the delta runs ask only for what changed. */
export const RUN_KINDS = ['full', 'no-change', '1 % changed', 'delta, no change', 'delta, 1 % changed'] as const;
export type SyncRunKind = (typeof RUN_KINDS)[number];

export interface SyncRound {
  readonly engine: string;
  readonly bare: BareLoopResult;
  readonly runs: ReadonlyArray<{ kind: SyncRunKind; result: SyncRunResult }>;
}

/** The aims, per run kind (wall time) and for every run (peak memory). */
export const AIMS = { fullSeconds: 120, noChangeSeconds: 10, peakMb: 400 } as const;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number): string => (ms / 1000).toFixed(1);

type Totals = Pick<EntityRunCounts, 'created' | 'updated' | 'deleted' | 'unchanged'> & { read: number };

/** Summed over entities; "read" is every record the run took from the source, kept or not. */
export function totals(counts: SyncRunResult['counts']): Totals {
  const sum: Totals = { read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0 };
  for (const c of Object.values(counts)) {
    if (c === undefined) continue;
    sum.read += c.incoming + c.dropped + c.rejected;
    sum.created += c.created;
    sum.updated += c.updated;
    sum.deleted += c.deleted;
    sum.unchanged += c.unchanged;
  }
  return sum;
}

/** Whether a run met its aims, in words (reported, never asserted). */
export function verdict(kind: SyncRunKind, r: SyncRunResult): string {
  const missed: string[] = [];
  if (r.status !== 'succeeded') missed.push(`run ${r.status}`);
  const limit = kind === 'full' ? AIMS.fullSeconds : kind.endsWith('no change') || kind === 'no-change' ? AIMS.noChangeSeconds : undefined;
  if (limit !== undefined && r.ms >= limit * 1000) missed.push(`≥ ${limit} s`);
  if (r.maxRssMb >= AIMS.peakMb) missed.push(`≥ ${AIMS.peakMb} MB`);
  const aimed = limit === undefined ? `< ${AIMS.peakMb} MB` : `< ${limit} s, < ${AIMS.peakMb} MB`;
  return missed.length === 0 ? `met (${aimed})` : `missed (${missed.join(', ')})`;
}

export function resultTable(rounds: readonly SyncRound[]): string {
  const lines = [
    '| target | run | wall s | peak MB | records read | created | updated | deleted | unchanged | × bare loop | aim |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const round of rounds) {
    const b = round.bare;
    lines.push(`| ${round.engine} | bare loop (${int(b.requests)} pages, ${int(b.bytes / 1024 / 1024)} MB of JSON) | ${seconds(b.ms)} | ${int(b.maxRssMb)} | ${int(b.records)} | | | | | 1.00 | |`);
    for (const { kind, result } of round.runs) {
      const t = totals(result.counts);
      lines.push(
        `| ${round.engine} | ${kind} | ${seconds(result.ms)} | ${int(result.maxRssMb)} | ${int(t.read)} | ${int(t.created)} | ${int(t.updated)} | ${int(t.deleted)} | ${int(t.unchanged)} | ${(result.ms / b.ms).toFixed(2)} | ${verdict(kind, result)} |`,
      );
    }
  }
  return lines.join('\n');
}
