import { userInfo } from 'node:os';
import { InvalidArgumentError } from 'commander';
import { secretBoxFromConfig, type ChangeContext, type SecretBox } from '../../access/index.ts';
import type { HubConfig } from '../../config/index.ts';
import type { Store } from '../../store/index.ts';

/** CLI changes are audited as `cli:<login name>` (override with ROSTERBRIDGE_ACTOR for scripts). */
export function cliChangeContext(store: Store, config: HubConfig): ChangeContext {
  const actor = process.env.ROSTERBRIDGE_ACTOR ?? `cli:${safeUserName()}`;
  return { clock: store.clock, timeZone: config.timeZone, actor };
}

export function cliSecretBox(config: HubConfig): SecretBox | undefined {
  return secretBoxFromConfig(config.masterKeyText);
}

/** `yes`/`no`/`true`/`false` option values. */
export function parseYesNo(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'on'].includes(v)) return true;
  if (['no', 'n', 'false', '0', 'off'].includes(v)) return false;
  throw new InvalidArgumentError('expected yes or no');
}

/** Comma-separated list option. */
export function parseList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** An expiration date option: YYYY-MM-DD, or `none` to clear it. */
export function parseExpiration(value: string): string | null {
  return ['none', 'never', ''].includes(value.trim().toLowerCase()) ? null : value.trim();
}

/** Plain-text table for people; the same data goes out as JSON with --json. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  if (rows.length === 0) return '(none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Key: value lines. */
export function details(pairs: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`).join('\n');
}

export const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
