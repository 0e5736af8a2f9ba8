import type { Version } from '../model/index.ts';

/**
 * Where a provider serves its OneRoster services, as a connection setting (`rest.paths`). Real
 * providers do not all serve the standard paths (field-lessons §6): Skyward Qmlativ's 1.2 leaves
 * out the service segment (`/ims/oneroster/v1p2/users`), ClassLink's "1.2" lives under
 * `/ims/oneroster/v1p1`. The paths themselves are derived in client/oneroster-paths.ts.
 *
 * - `standard`: the spec's paths (1.1 `/ims/oneroster/v1p1`, 1.2 `/ims/oneroster/<service>/v1p2`);
 * - `flat`: 1.2 without the service segment, every service under `/ims/oneroster/v1p2`;
 * - per-service bases: a path prefix under the base URL for each service given; a service left
 *   out keeps its standard base.
 */
export const ONEROSTER_SERVICES = ['rostering', 'gradebook', 'resources'] as const;
export type OneRosterService = (typeof ONEROSTER_SERVICES)[number];

export type ServiceBases = { readonly [S in OneRosterService]?: string };
export type PathLayout = 'standard' | 'flat' | ServiceBases;

/** As a person or a body gives it: a layout's name, or `{ service: prefix }`. */
export type PathsInput = string | Readonly<Record<string, string>>;

/** A layout in the words `connection show` and Test connection use: `standard`, `flat`, `rostering=/…, gradebook=/…`. */
export function layoutWords(layout: PathLayout): string {
  if (typeof layout === 'string') return layout;
  return ONEROSTER_SERVICES.flatMap((s) => (layout[s] === undefined ? [] : [`${s}=${layout[s]}`])).join(', ');
}

/** One or more path segments of unreserved and sub-delimiter characters (RFC 3986), each with a leading slash. */
const PREFIX = /^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/;

/** The layout checked, or undefined with the reasons added to `problems`. */
export function validatePathLayout(input: PathsInput | undefined, version: Version | undefined, problems: string[]): PathLayout | undefined {
  if (input === undefined) return 'standard';
  if (typeof input === 'string') {
    const name = input.trim();
    if (name === 'standard') return 'standard';
    if (name === 'flat') {
      if (version !== '1.1') return 'flat';
      problems.push('paths flat is for OneRoster 1.2 (1.1 has no service segment to leave out): use standard, or per-service bases');
      return undefined;
    }
    problems.push(`paths must be standard, flat, or per-service bases (rostering=/…, gradebook=/…, resources=/…), not '${input}'`);
    return undefined;
  }
  const entries = Object.entries(input);
  if (entries.length === 0) {
    problems.push('paths: give at least one service base (rostering, gradebook, resources), or standard or flat');
    return undefined;
  }
  const bases: { [S in OneRosterService]?: string } = {};
  let ok = true;
  for (const [key, value] of entries) {
    const service = ONEROSTER_SERVICES.find((s) => s === key);
    if (service === undefined) {
      problems.push(`paths: '${key}' is not a OneRoster service (${ONEROSTER_SERVICES.join(', ')})`);
      ok = false;
      continue;
    }
    const prefix = servicePrefix(value);
    if (prefix === undefined) {
      problems.push(`paths: the ${service} base must be a path under the base URL, like /ims/oneroster/v1p1 (a leading slash, no query, no '..'), not '${value}'`);
      ok = false;
      continue;
    }
    bases[service] = prefix;
  }
  return ok ? bases : undefined;
}

/** A prefix without its trailing slashes (the collection's own `/users` follows), or undefined when it is not a plain path. */
function servicePrefix(text: string): string | undefined {
  const trimmed = text.trim().replace(/\/+$/, '');
  if (!PREFIX.test(trimmed)) return undefined;
  const segments = trimmed.split('/').slice(1);
  return segments.some((s) => s === '.' || s === '..') ? undefined : trimmed;
}
