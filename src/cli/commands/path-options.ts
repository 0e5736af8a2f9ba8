import { HubError } from '../../kernel/index.ts';
import type { PathsInput } from '../../sync/index.ts';

/** The two path flags, as `connection add` and `connection update` both take them. */
export interface PathOptions {
  paths?: string;
  pathBase?: string[];
}

export const PATHS_HELP = "REST: where the provider serves OneRoster: standard (the spec's paths, default) or flat (1.2 without the rostering/gradebook/resources segment, as Skyward Qmlativ)";
export const PATH_BASE_HELP =
  "REST: a service's own path under the base URL, e.g. rostering=/ims/oneroster/v1p1 (repeatable; services left out keep their standard paths; the bases given replace the stored layout as a whole)";

/** Commander's accumulator for the repeatable `--path-base`. */
export function collectPathBase(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The flags as the setting's input: a layout's name, or `{ service: prefix }`; undefined when
 * neither is given. The rules (path-layout.ts) check the names and the prefixes.
 */
export function pathsFrom(o: PathOptions): PathsInput | undefined {
  if (o.paths !== undefined && o.pathBase !== undefined) throw new HubError('invalid_argument', 'give --paths or --path-base, not both (bases are a layout of their own)');
  if (o.pathBase === undefined) return o.paths;
  const bases: Record<string, string> = {};
  for (const given of o.pathBase) {
    const at = given.indexOf('=');
    if (at <= 0) throw new HubError('invalid_argument', `--path-base takes service=/prefix, e.g. rostering=/ims/oneroster/v1p1, not '${given}'`);
    const service = given.slice(0, at).trim();
    if (service in bases) throw new HubError('invalid_argument', `--path-base names ${service} twice`);
    bases[service] = given.slice(at + 1);
  }
  return bases;
}
