import { HubError } from '../../kernel/index.ts';

/** A whole-number query parameter within bounds; absent → undefined, anything else is a 400. */
export function wholeNumberParam(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new HubError('invalid_argument', `query parameter "${name}" must be a whole number from ${min} to ${max}`);
  return n;
}

/** A query parameter that must be one of a few words; absent → undefined. */
export function oneOfParam<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new HubError('invalid_argument', `query parameter "${name}" must be one of ${allowed.join(', ')}`);
  return found;
}
