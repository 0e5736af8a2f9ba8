/**
 * The `Link` header (RFC 8288 §3), read as far as paging needs: each link's target and its
 * relation types. No npm package is in the tree for this, and the grammar is small enough that
 * a pure parser with its own tests is cheaper than a dependency.
 *
 * `Link: <https://sis/users?cursor=b>; rel="next", <https://sis/users>; rel=first` — several links
 * in one field (or in several fields, which fetch's Headers joins with ", "), rel quoted or not,
 * with other parameters (title, type …) beside it. A comma or semicolon inside `<…>` or inside a
 * quoted string belongs to it, not to the list.
 */
export interface LinkValue {
  /** The URI reference as written between `<` and `>`, not yet resolved against the request URL. */
  readonly target: string;
  /** Lower-cased (relation types compare case-insensitively, §2.1); `rel="next last"` gives two. */
  readonly rels: readonly string[];
}

export function parseLinkHeader(header: string | null): LinkValue[] {
  if (header === null) return [];
  const links: LinkValue[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < header.length && (header[i] === ' ' || header[i] === '\t')) i += 1;
  };
  /** Moves past the current link-value to the next top-level comma: what a malformed link costs. */
  const skipValue = (): void => {
    while (i < header.length && header[i] !== ',') {
      if (header[i] === '"') readQuoted();
      else if (header[i] === '<') {
        const close = header.indexOf('>', i);
        i = close === -1 ? header.length : close + 1;
      } else i += 1;
    }
  };
  const readQuoted = (): string => {
    let value = '';
    i += 1;
    while (i < header.length && header[i] !== '"') {
      if (header[i] === '\\' && i + 1 < header.length) i += 1;
      value += header[i];
      i += 1;
    }
    i += 1;
    return value;
  };
  const readToken = (): string => {
    const start = i;
    while (i < header.length && !' \t;,="'.includes(header[i] ?? '')) i += 1;
    return header.slice(start, i);
  };

  while (i < header.length) {
    skipSpace();
    if (header[i] === ',') {
      i += 1;
      continue;
    }
    if (header[i] !== '<') {
      skipValue();
      continue;
    }
    const end = header.indexOf('>', i);
    if (end === -1) break;
    const target = header.slice(i + 1, end).trim();
    i = end + 1;
    let rels: string[] | undefined;
    for (skipSpace(); header[i] === ';'; skipSpace()) {
      i += 1;
      skipSpace();
      const name = readToken().toLowerCase();
      skipSpace();
      let value = '';
      if (header[i] === '=') {
        i += 1;
        skipSpace();
        value = header[i] === '"' ? readQuoted() : readToken();
      }
      // §3.3: a second rel parameter is ignored.
      if (name === 'rel' && rels === undefined) rels = value.toLowerCase().split(/[ \t]+/).filter((r) => r !== '');
    }
    // What the grammar does not allow after the parameters is skipped up to the next comma.
    skipValue();
    links.push({ target, rels: rels ?? [] });
  }
  return links;
}

/** The target of the first link with relation type `next`, if any. */
export function nextLinkTarget(links: readonly LinkValue[]): string | undefined {
  return links.find((link) => link.rels.includes('next'))?.target;
}

/** Whether the provider pages by Link at all: any of the paging relations (RFC 8288 §6.2.2, IANA registry). */
export function hasPagingLinks(links: readonly LinkValue[]): boolean {
  return links.some((link) => link.rels.some((rel) => PAGING_RELS.has(rel)));
}

const PAGING_RELS = new Set(['next', 'prev', 'previous', 'first', 'last']);
