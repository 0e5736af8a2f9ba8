import type { OutboxDelivery, OutboxRow } from '../../gradebook/index.ts';
import { ENTITIES, entityDecl, type EntityName } from '../../model/index.ts';

/** Tries per outbox row before it is failed for a person to look at (each push run counts one). */
export const PUSH_MAX_ATTEMPTS = 5;

/** One request to the SIS: a record's current state, standing for every pending row that names it. */
export interface PushStep {
  readonly entity: EntityName;
  readonly sourcedId: string;
  readonly method: 'PUT' | 'DELETE';
  readonly rowIds: readonly string[];
  /** Attempts already made on these rows (the most of any). */
  readonly attempts: number;
}

/**
 * How deep an entity sits in the reference graph (a result → its lineItem → its category): what
 * must exist on the SIS before it. Derived from the model's reference fields; self references
 * (an assessment line item's parent) do not count.
 */
export function pushRank(name: EntityName, seen: ReadonlySet<EntityName> = new Set()): number {
  const targets = entityDecl(name).fields.flatMap((f) => (f.type.kind === 'ref' || f.type.kind === 'refList' ? [f.type.target] : []));
  let rank = 0;
  for (const target of new Set(targets)) {
    if (target === name || seen.has(target) || !ENTITIES.some((e) => e.name === target)) continue;
    rank = Math.max(rank, 1 + pushRank(target, new Set([...seen, name])));
  }
  return rank;
}

/**
 * The requests for a batch of pending rows (oldest first). Rows are coalesced per record and the
 * record's CURRENT state decides the method: active → PUT, a tombstone or gone → DELETE, so a row
 * written before a later change still sends the latest. PUTs go first, parents before children
 * (a category before its lineItems before their results); then DELETEs, children before parents.
 * Within a rank, write order.
 */
export function planPush(rows: readonly OutboxRow[], isActive: (entity: EntityName, sourcedId: string) => boolean): PushStep[] {
  const groups = new Map<string, { first: number; entity: EntityName; sourcedId: string; rowIds: string[]; attempts: number }>();
  rows.forEach((row, index) => {
    const key = `${row.entity}\u0000${row.sourcedId}`;
    const group = groups.get(key) ?? { first: index, entity: row.entity, sourcedId: row.sourcedId, rowIds: [], attempts: 0 };
    group.rowIds.push(row.id);
    group.attempts = Math.max(group.attempts, row.attempts);
    groups.set(key, group);
  });
  const steps = [...groups.values()].map((g) => ({
    step: { entity: g.entity, sourcedId: g.sourcedId, method: isActive(g.entity, g.sourcedId) ? ('PUT' as const) : ('DELETE' as const), rowIds: g.rowIds, attempts: g.attempts },
    rank: pushRank(g.entity),
    first: g.first,
  }));
  const puts = steps.filter((s) => s.step.method === 'PUT').sort((a, b) => a.rank - b.rank || a.first - b.first);
  const deletes = steps.filter((s) => s.step.method === 'DELETE').sort((a, b) => b.rank - a.rank || a.first - b.first);
  return [...puts, ...deletes].map((s) => s.step);
}

/** What an attempt's outcome means for the rows, and whether the run should stop here. */
export interface Judgement {
  readonly delivery: OutboxDelivery;
  /** The SIS is busy or away: later rows (which may depend on this one) wait for the next run. */
  readonly stop: boolean;
}

const REFUSALS: Readonly<Record<number, string>> = {
  400: 'the SIS did not accept the request',
  401: 'the SIS refused the credentials',
  403: 'the SIS access may not write grades (grade pass back off, or a scope missing)',
  404: 'the SIS does not know this record or its endpoint',
  405: 'the SIS does not accept writes on this endpoint',
  409: 'the record conflicts with what the SIS holds',
  422: 'the SIS found the record invalid (a reference it does not know, a student not enrolled …)',
};

/** Retrying later, or giving up when the attempts are spent. */
function retryLater(attempts: number, lastStatus: number | null, reason: string): Judgement {
  const spent = attempts + 1 >= PUSH_MAX_ATTEMPTS;
  const lastError = spent ? `${reason}; gave up after ${PUSH_MAX_ATTEMPTS} attempts` : `${reason}; will try again`;
  return { delivery: { status: spent ? 'failed' : 'pending', lastStatus, lastError }, stop: true };
}

/**
 * An answer judged: 2xx is done, and so is a DELETE answered 404 (already gone); 429 and 5xx are
 * tried again in a later run (the client already retried within this one); any other 4xx fails the
 * row at once, since sending the same record again would be refused again.
 */
export function judgeAnswer(method: PushStep['method'], status: number, codeMinor: string | undefined, attempts: number): Judgement {
  if ((status >= 200 && status < 300) || (method === 'DELETE' && status === 404)) return { delivery: { status: 'pushed', lastStatus: status, lastError: null }, stop: false };
  if (status === 429 || status >= 500) return retryLater(attempts, status, `the SIS was busy or unavailable (${status})`);
  const code = codeMinor === undefined ? '' : ` (${codeMinor})`;
  const words = REFUSALS[status] ?? 'the SIS refused it';
  return { delivery: { status: 'failed', lastStatus: status, lastError: `${status}${code}: ${words}` }, stop: false };
}

/** No answer at all (network, timeout, a token the SIS would not issue): like a 503, tried again later. */
export function judgeUnreachable(attempts: number, explanation: string): Judgement {
  return retryLater(attempts, null, explanation);
}

/** A record the connection's OneRoster version cannot carry (a scoreScale to a 1.1 SIS). */
export function judgeUnsupported(entity: EntityName, version: string): Judgement {
  return { delivery: { status: 'failed', lastStatus: null, lastError: `OneRoster ${version} has no ${entity}: the SIS cannot take it` }, stop: false };
}
