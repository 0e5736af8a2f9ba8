import { isEntityName, type EntityName } from '../../model/index.ts';
import { checkRules, type GuardThresholds, type RolloverWindow, type SyncRules } from '../pipeline/index.ts';
import { checkRulesShape } from './rules-shape.ts';

/** `full`: every run reads everything (what the source lacks is deleted); `delta`: changes since the watermark. */
export type ReadMode = 'full' | 'delta';

/** How a connection's runs go: its rules, when they hold, when they pause, and how they read. */
export interface SyncSettings {
  readonly rules: SyncRules;
  /** Per entity, overrides of the guard's defaults (10% deletes, 75% updates, 50% minimum source). */
  readonly guard: Partial<Record<EntityName, Partial<GuardThresholds>>>;
  /** Every run waits for a person to approve it. */
  readonly previewRequired: boolean;
  readonly rollover: readonly RolloverWindow[];
  /** The zone the rollover calendar's days are read in. */
  readonly timeZone: string;
  readonly readMode: ReadMode;
  /** In delta mode, a full read at least this often, to reconcile what deltas miss; null = never. */
  readonly fullSyncEveryDays: number | null;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { rules: {}, guard: {}, previewRequired: false, rollover: [], timeZone: 'UTC', readMode: 'full', fullSyncEveryDays: null };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const GUARD_KEYS = ['deletePercent', 'deleteCount', 'updatePercent', 'minimumSourcePercent'] as const;

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * A settings document (what `connection rules set --file` reads) checked in full: its shape, the
 * rules against the model (checkRules), the guard numbers, the rollover windows. Every problem is
 * listed; absent parts take the defaults, or `base`'s values when given (rules merge one by one).
 */
export function parseSyncSettings(input: unknown, base: SyncSettings = DEFAULT_SYNC_SETTINGS): { ok: true; value: SyncSettings } | { ok: false; problems: string[] } {
  if (!isObject(input)) return { ok: false, problems: ['the settings must be a JSON object'] };
  const problems: string[] = [];
  const known = new Set(['rules', 'guard', 'previewRequired', 'rollover', 'timeZone', 'readMode', 'fullSyncEveryDays']);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`'${key}' is not a setting (one of ${[...known].join(', ')})`);

  let rules = base.rules;
  if (input.rules !== undefined) {
    // Rules merge by name: a rule given replaces the stored one, a rule set to null is removed, the rest stay.
    const given = isObject(input.rules) ? input.rules : {};
    const cleared = new Set(Object.entries(given).filter(([, v]) => v === null).map(([k]) => k));
    const shape = checkRulesShape(isObject(input.rules) ? Object.fromEntries(Object.entries(given).filter(([k]) => !cleared.has(k))) : input.rules);
    problems.push(...shape.problems);
    if (shape.rules !== undefined) {
      const merged = Object.fromEntries(Object.entries({ ...base.rules, ...shape.rules }).filter(([k]) => !cleared.has(k)));
      problems.push(...checkRules(merged));
      rules = merged;
    }
  }
  const guard: Partial<Record<EntityName, Partial<GuardThresholds>>> = input.guard === undefined ? base.guard : {};
  if (input.guard !== undefined) {
    if (!isObject(input.guard)) problems.push('guard must be an object of entity → thresholds');
    else
      for (const [entity, t] of Object.entries(input.guard)) {
        if (!isEntityName(entity)) problems.push(`guard: '${entity}' is not an entity`);
        else if (!isObject(t)) problems.push(`guard: ${entity} must be an object`);
        else {
          const out: Record<string, number> = {};
          for (const [k, v] of Object.entries(t)) {
            if (!GUARD_KEYS.some((g) => g === k)) problems.push(`guard: ${entity}.${k} is not a threshold (one of ${GUARD_KEYS.join(', ')})`);
            else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (k !== 'deleteCount' && v > 100)) problems.push(`guard: ${entity}.${k} must be a number${k === 'deleteCount' ? ' ≥ 0' : ' from 0 to 100'}`);
            else out[k] = v;
          }
          guard[entity] = out;
        }
      }
  }
  const previewRequired = input.previewRequired ?? base.previewRequired;
  if (typeof previewRequired !== 'boolean') problems.push('previewRequired must be true or false');
  const timeZone = input.timeZone ?? base.timeZone;
  if (typeof timeZone !== 'string' || !validZone(timeZone)) problems.push(`timeZone must be an IANA time zone such as America/Chicago`);
  const readMode = input.readMode ?? base.readMode;
  if (readMode !== 'full' && readMode !== 'delta') problems.push('readMode must be full or delta');
  const every = input.fullSyncEveryDays === undefined ? base.fullSyncEveryDays : input.fullSyncEveryDays;
  if (every !== null && (typeof every !== 'number' || !Number.isInteger(every) || every < 1 || every > 366)) problems.push('fullSyncEveryDays must be a whole number of days from 1 to 366, or null');
  const rollover: RolloverWindow[] = [];
  if (input.rollover !== undefined) {
    if (!Array.isArray(input.rollover)) problems.push('rollover must be a list of windows {from, to, mode}');
    else
      input.rollover.forEach((w: unknown, i) => {
        const at = `rollover[${i}]`;
        if (!isObject(w)) return void problems.push(`${at} must be an object {from, to, mode}`);
        const { from, to, mode, note } = w;
        if (typeof from !== 'string' || !DAY.test(from) || typeof to !== 'string' || !DAY.test(to)) return void problems.push(`${at}: from and to must be days YYYY-MM-DD`);
        if (from > to) problems.push(`${at}: from ${from} is after to ${to}`);
        if (mode !== 'pause' && mode !== 'freezeDeletes') return void problems.push(`${at}: mode must be pause or freezeDeletes`);
        if (note !== undefined && typeof note !== 'string') problems.push(`${at}: note must be text`);
        rollover.push({ from, to, mode, ...(typeof note === 'string' ? { note } : {}) });
      });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      rules,
      guard,
      previewRequired: previewRequired === true,
      rollover: input.rollover === undefined ? base.rollover : rollover,
      timeZone: String(timeZone),
      readMode: readMode === 'delta' ? 'delta' : 'full',
      fullSyncEveryDays: typeof every === 'number' ? every : null,
    },
  };
}
