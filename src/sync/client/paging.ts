import { hasPagingLinks, nextLinkTarget, parseLinkHeader } from './link-header.ts';

/**
 * The pure rules of paging over a remote collection: by `Link` rel="next" when the provider sends
 * one, else by limit/offset.
 *
 * A raw JSON object as the provider sent it. Turning it into a hub record is the model's JSON
 * reading (the derivation written for PUT bodies), applied by the sync source, not by the client.
 */
export type RemoteObject = Readonly<Record<string, unknown>>;

/**
 * The collection's list from a 200 body, or undefined when the wrapper key is missing or not a
 * list of objects: a "success-shaped failure" (a login page, an error object with status 200, the
 * wrong endpoint) must never read as an empty page, or a sync would delete the district.
 */
export function envelopeList(body: unknown, wrapper: string): RemoteObject[] | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.hasOwn(body, wrapper)) return undefined;
  const list: unknown = (body as Record<string, unknown>)[wrapper];
  if (!Array.isArray(list)) return undefined;
  // Checked in place, not copied: a page of 10 000 objects copied once more was a page more of memory.
  for (const item of list) if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  return list as RemoteObject[];
}

/** `X-Total-Count` as a count, or undefined when absent or not a whole number. */
export function totalCount(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header.trim());
}

/**
 * The offset of the next page, or undefined when paging is done. With X-Total-Count, the count
 * decides: a short page while records remain means the provider capped our limit, so paging goes
 * on (stopping would silently drop the rest). Without it, a short page is the last one. An empty
 * page always ends paging, so a provider whose count is wrong cannot keep us looping.
 */
export function nextOffset(offset: number, received: number, pageSize: number, total: number | undefined): number | undefined {
  if (received === 0) return undefined;
  const next = offset + received;
  if (total !== undefined) return next >= total ? undefined : next;
  return received < pageSize ? undefined : next;
}

/** What one page said about the pages after it. */
export interface PageSeen {
  /** Records on this page. */
  readonly received: number;
  /** Records on every page so far, this one included: where an offset request would start. */
  readonly read: number;
  readonly pageSize: number;
  readonly total: number | undefined;
  /** The `next` link, resolved to an absolute URL (already checked to be on the service's origin). */
  readonly next: string | undefined;
  /** Whether this page or an earlier one carried paging links (next, prev, first, last). */
  readonly linkPaged: boolean;
}

export type PageStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'follow'; readonly url: string }
  | { readonly kind: 'offset'; readonly offset: number }
  /** The next link names a page already read while X-Total-Count says records remain. */
  | { readonly kind: 'loop' };

/**
 * Where the next page is. A `next` link is followed even after a short page: the provider says
 * more follows (cursor providers send pages of any size), and a wrong one costs one empty page. A
 * next link that names a page already read ends paging (a provider whose last page points at
 * itself) — unless X-Total-Count says records remain, which would be a silently short read.
 * Without a next link the offset rules apply, except that a provider paging by Link that names no
 * next page after a full page, and gives no count, is done: asking it for an offset it may not
 * honour would read its first page again.
 */
export function nextPage(page: PageSeen, visited: ReadonlySet<string>): PageStep {
  if (page.received === 0) return { kind: 'done' };
  if (page.next !== undefined) {
    if (!visited.has(page.next)) return { kind: 'follow', url: page.next };
    return page.total !== undefined && page.read < page.total ? { kind: 'loop' } : { kind: 'done' };
  }
  if (page.linkPaged && page.total === undefined) return { kind: 'done' };
  const offset = nextOffset(page.read - page.received, page.received, page.pageSize, page.total);
  return offset === undefined ? { kind: 'done' } : { kind: 'offset', offset };
}

/** A page's Link header as paging reads it, or why its next link is not followed. */
export type PageLinks = { readonly ok: true; readonly next: string | undefined; readonly linkPaged: boolean } | { readonly ok: false; readonly problem: string };

/**
 * The next link resolved against the URL the page came from. Every request carries the
 * connection's token or signature, so it only ever goes to the service base URL's origin (scheme,
 * host and port): a next link naming another http(s) origin — a provider behind a proxy that names
 * itself by its public address — is asked of the service's own origin, path and query as given,
 * never of the server the response named. Any other kind of address is refused.
 */
export function pageLinks(header: string | null, requestUrl: URL, serviceBase: string): PageLinks {
  const links = parseLinkHeader(header);
  const target = nextLinkTarget(links);
  const linkPaged = hasPagingLinks(links);
  if (target === undefined) return { ok: true, next: undefined, linkPaged };
  let next: URL;
  try {
    next = new URL(target, requestUrl);
  } catch {
    return { ok: false, problem: 'the provider\'s Link header names a next page that is not a valid URL' };
  }
  const origin = new URL(serviceBase).origin;
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return { ok: false, problem: `the provider's Link header sends the next page to a ${next.protocol} address: not followed` };
  }
  if (next.origin !== origin) next = new URL(`${next.pathname}${next.search}`, origin);
  next.hash = '';
  return { ok: true, next: next.href, linkPaged };
}
