import type { EntityDecl, Service, Version } from '../../model/index.ts';
import type { PathLayout } from '../path-layout.ts';

/**
 * Where a OneRoster collection lives on a provider. The standard layout is the spec's: 1.1 serves
 * every service under `/ims/oneroster/v1p1`, 1.2 one base per service. (Our own provider says the
 * same in src/http; the sync engine keeps its own copy because it never imports the server.) The
 * other layouts are what real providers serve instead (path-layout.ts).
 */
export function collectionPath(version: Version, entity: EntityDecl, layout: PathLayout): string {
  return `${serviceBase(version, entity.service, layout)}/${entity.name}`;
}

/** One record, `<collection path>/<sourcedId>`: what a gradebook PUT or DELETE addresses. */
export function recordPath(version: Version, entity: EntityDecl, sourcedId: string, layout: PathLayout): string {
  return `${collectionPath(version, entity, layout)}/${encodeURIComponent(sourcedId)}`;
}

/** The path prefix a service's collections live under. */
export function serviceBase(version: Version, service: Service, layout: PathLayout): string {
  if (typeof layout === 'object' && service !== 'attendance') {
    const own = layout[service];
    if (own !== undefined) return own;
  }
  if (version === '1.1') return '/ims/oneroster/v1p1';
  return layout === 'flat' ? '/ims/oneroster/v1p2' : `/ims/oneroster/${service}/v1p2`;
}

/**
 * The layouts Test connection tries when the standard one answers 404 everywhere, in the order
 * they are met in the field: Qmlativ's flat 1.2, then ClassLink's "1.2" under the 1.1 base. A 1.1
 * connection has none to try: its one base is the same everywhere.
 */
export function alternativeLayouts(version: Version): PathLayout[] {
  if (version === '1.1') return [];
  const v1p1 = '/ims/oneroster/v1p1';
  return ['flat', { rostering: v1p1, gradebook: v1p1, resources: v1p1 }];
}

/**
 * A query string with every value percent-encoded as RFC 3986 asks (space as %20, never '+'), so
 * what is sent and what OAuth 1.0a signs are the same characters.
 */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(query).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
