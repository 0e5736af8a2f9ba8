import type { EntityDecl, Version } from '../../model/index.ts';

/**
 * Where a OneRoster collection lives on a provider, per the spec: 1.1 serves every service under
 * `/ims/oneroster/v1p1`, 1.2 one base per service. (Our own provider says the same in
 * src/http; the sync engine keeps its own copy because it never imports the server.)
 */
export function collectionPath(version: Version, entity: EntityDecl): string {
  const base = version === '1.1' ? '/ims/oneroster/v1p1' : `/ims/oneroster/${entity.service}/v1p2`;
  return `${base}/${entity.name}`;
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
