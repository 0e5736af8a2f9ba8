import type { Service, Version } from '../../model/index.ts';

const SERVICES: readonly Service[] = ['rostering', 'gradebook', 'resources'];

/** Where each version's services are served. 1.1 has one base for everything. */
export function serviceBase(version: Version, service: Service): string {
  return version === '1.1' ? '/ims/oneroster/v1p1' : `/ims/oneroster/${service}/v1p2`;
}

/** Every distinct OneRoster base path with its version (1.1 once, 1.2 once per service). */
export function oneRosterBases(): Array<{ version: Version; service: Service | 'all'; base: string }> {
  return [
    { version: '1.1', service: 'all', base: serviceBase('1.1', 'rostering') },
    ...SERVICES.map((service) => ({ version: '1.2' as const, service, base: serviceBase('1.2', service) })),
  ];
}

/** The OneRoster version a request path belongs to, or undefined outside the OneRoster bases. */
export function versionOfPath(url: string): Version | undefined {
  const path = url.split('?')[0] ?? '';
  const hit = oneRosterBases().find(({ base }) => path === base || path.startsWith(`${base}/`));
  return hit?.version;
}
