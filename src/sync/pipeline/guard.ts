import type { EntityName } from '../../model/index.ts';

/** When a run waits for a person instead of committing. Percentages are of what was committed. */
export interface GuardThresholds {
  /** Hold when more than this share of an entity would be deleted. Default 10. */
  readonly deletePercent: number;
  /** …or more than this many records (absent: no absolute limit). */
  readonly deleteCount?: number;
  /** Hold when more than this share would be updated. Default 75. */
  readonly updatePercent: number;
  /** On a full read, hold when the source has less than this share of what was committed. Default 50. */
  readonly minimumSourcePercent: number;
}

export const DEFAULT_THRESHOLDS: GuardThresholds = { deletePercent: 10, updatePercent: 75, minimumSourcePercent: 50 };

export interface EntityCounts {
  readonly entity: EntityName;
  /** Active records this connection had committed before the run. */
  readonly committed: number;
  /** Records the source gave (after the rules), for a full read. */
  readonly incoming: number;
  readonly creates: number;
  readonly updates: number;
  readonly deletes: number;
}

export interface GuardInput {
  readonly counts: readonly EntityCounts[];
  readonly full: boolean;
  readonly thresholds?: Partial<Record<EntityName, Partial<GuardThresholds>>>;
  /** The connection asks a person to approve every run. */
  readonly previewRequired?: boolean;
  /** Holds asked for by data requirements, and source anomalies (a page without its envelope …). */
  readonly holdReasons?: readonly string[];
}

export type GuardDecision = { readonly hold: false } | { readonly hold: true; readonly reasons: readonly string[] };

const pct = (part: number, whole: number): number => (whole === 0 ? 0 : (part / whole) * 100);
const round = (n: number): string => (Math.round(n * 10) / 10).toString();

/**
 * Whether a run may commit. An empty or short source for an entity that had data is held (the #1
 * field failure is a broken export that looks like "everyone left"); so are deletes and updates
 * above the thresholds, any data-requirement hold, and every run of a connection that requires
 * preview. A first run (nothing committed yet) is held only for preview.
 */
export function evaluateGuard(input: GuardInput): GuardDecision {
  const reasons: string[] = [...(input.holdReasons ?? [])];
  if (input.previewRequired === true) reasons.push('this connection requires every run to be previewed and approved');
  for (const c of input.counts) {
    if (c.committed === 0) continue;
    const t: GuardThresholds = { ...DEFAULT_THRESHOLDS, ...input.thresholds?.[c.entity] };
    if (input.full && c.incoming === 0) {
      reasons.push(`${c.entity}: the source returned none, but ${c.committed} were committed`);
      continue;
    }
    if (input.full && pct(c.incoming, c.committed) < t.minimumSourcePercent) {
      reasons.push(`${c.entity}: the source returned ${c.incoming}, under ${t.minimumSourcePercent}% of the ${c.committed} committed`);
    }
    const deleteShare = pct(c.deletes, c.committed);
    if (deleteShare > t.deletePercent) reasons.push(`${c.entity}: ${c.deletes} deletes are ${round(deleteShare)}% of ${c.committed}, above the ${t.deletePercent}% threshold`);
    else if (t.deleteCount !== undefined && c.deletes > t.deleteCount) reasons.push(`${c.entity}: ${c.deletes} deletes are above the limit of ${t.deleteCount}`);
    const updateShare = pct(c.updates, c.committed);
    if (updateShare > t.updatePercent) reasons.push(`${c.entity}: ${c.updates} updates are ${round(updateShare)}% of ${c.committed}, above the ${t.updatePercent}% threshold`);
  }
  return reasons.length === 0 ? { hold: false } : { hold: true, reasons };
}
