/**
 * The pure rules of offset paging over a remote collection.
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
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const list: unknown = Object.fromEntries(Object.entries(body))[wrapper];
  if (!Array.isArray(list)) return undefined;
  const objects: RemoteObject[] = [];
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    objects.push(Object.fromEntries(Object.entries(item)));
  }
  return objects;
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
