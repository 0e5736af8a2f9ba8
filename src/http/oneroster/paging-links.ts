/**
 * The `Link` header of a collection page (first / prev / next / last), keeping every other query
 * parameter exactly as the client sent it (filters arrive unencoded from real clients). `first` and
 * `prev` are left out on the first page, `next` and `last` on the last one.
 */
export function pagingLinks(url: string, rawQuery: string, page: { limit: number; offset: number; total: number }): string | undefined {
  const kept = rawQuery
    .split('&')
    .filter((part) => part !== '' && !/^(limit|offset)(=|$)/.test(part))
    // Characters a URI may not carry (spaces, double quotes, angle brackets) are percent-encoded.
    .map((part) => part.replace(/[^A-Za-z0-9\-._~!$'()*+,;=:@/?%]/g, (c) => encodeURIComponent(c)));
  const link = (offset: number, rel: string): string => {
    const query = [...kept, `limit=${page.limit}`, `offset=${offset}`].join('&');
    return `<${url}?${query}>; rel="${rel}"`;
  };
  const { limit, offset, total } = page;
  const links: string[] = [];
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  if (offset > 0) {
    links.push(link(0, 'first'));
    links.push(link(Math.max(0, offset - limit), 'prev'));
  }
  if (offset + limit < total) {
    links.push(link(offset + limit, 'next'));
    links.push(link(lastOffset, 'last'));
  }
  return links.length === 0 ? undefined : links.join(', ');
}
