import { describe, expect, it } from 'vitest';
import { hasPagingLinks, nextLinkTarget, parseLinkHeader } from '../../src/sync/client/link-header.ts';
import { nextPage, pageLinks, type PageSeen } from '../../src/sync/client/paging.ts';

describe('the Link header parser (RFC 8288)', () => {
  it('reads several links in one field, quoted and unquoted rel, other parameters beside it', () => {
    const header = '<https://sis.example.org/users?limit=2&offset=0>; rel="first", <https://sis.example.org/users?limit=2&offset=4>; rel=next; title="Page 3", <https://sis.example.org/users?limit=2&offset=8>; rel="last"';
    expect(parseLinkHeader(header)).toEqual([
      { target: 'https://sis.example.org/users?limit=2&offset=0', rels: ['first'] },
      { target: 'https://sis.example.org/users?limit=2&offset=4', rels: ['next'] },
      { target: 'https://sis.example.org/users?limit=2&offset=8', rels: ['last'] },
    ]);
  });

  it('keeps commas and semicolons that belong to a target or a quoted string', () => {
    const header = '<https://sis/users?filter=a,b;c>; title="one, two; three"; rel="prev", </users?cursor=x,y>;rel=next';
    expect(parseLinkHeader(header)).toEqual([
      { target: 'https://sis/users?filter=a,b;c', rels: ['prev'] },
      { target: '/users?cursor=x,y', rels: ['next'] },
    ]);
  });

  it('reads relation types case-insensitively, several in one rel, and only the first rel parameter', () => {
    expect(parseLinkHeader('<a>; REL="Next Last"; rel="prev"')).toEqual([{ target: 'a', rels: ['next', 'last'] }]);
    expect(parseLinkHeader('<a> ; Rel = next')).toEqual([{ target: 'a', rels: ['next'] }]);
  });

  it('reads a quoted-string with escapes', () => {
    expect(parseLinkHeader('<a>; title="say \\"next\\""; rel=next')).toEqual([{ target: 'a', rels: ['next'] }]);
  });

  it('skips what is not a link-value and reads on; nothing or garbage gives no links', () => {
    expect(parseLinkHeader('garbage; rel=next, <b>; rel=next')).toEqual([{ target: 'b', rels: ['next'] }]);
    expect(parseLinkHeader(null)).toEqual([]);
    expect(parseLinkHeader('')).toEqual([]);
    expect(parseLinkHeader('<unclosed; rel=next')).toEqual([]);
    expect(parseLinkHeader('<a>')).toEqual([{ target: 'a', rels: [] }]);
  });

  it('finds the next target and whether the links are paging links', () => {
    const links = parseLinkHeader('<p>; rel=prev, <n>; rel=next, <n2>; rel=next');
    expect(nextLinkTarget(links)).toBe('n');
    expect(hasPagingLinks(links)).toBe(true);
    expect(hasPagingLinks(parseLinkHeader('<style.css>; rel=stylesheet'))).toBe(false);
    expect(nextLinkTarget(parseLinkHeader('<style.css>; rel=stylesheet'))).toBeUndefined();
  });
});

describe('a page\'s next link', () => {
  const request = new URL('https://sis.example.org/api/ims/oneroster/v1p1/users?limit=2&offset=0');
  const base = 'https://sis.example.org/api';

  it('is resolved against the URL the page came from, without a fragment', () => {
    expect(pageLinks('<users?cursor=abc#frag>; rel="next"', request, base)).toEqual({ ok: true, next: 'https://sis.example.org/api/ims/oneroster/v1p1/users?cursor=abc', linkPaged: true });
    expect(pageLinks('</other/users?c=1>; rel=next', request, base)).toMatchObject({ ok: true, next: 'https://sis.example.org/other/users?c=1' });
    expect(pageLinks('<https://sis.example.org/api/users?page=2>; rel=next', request, base)).toMatchObject({ ok: true, next: 'https://sis.example.org/api/users?page=2' });
  });

  it('says whether the provider pages by Link when there is no next', () => {
    expect(pageLinks('<users?offset=0>; rel="first", <users?offset=2>; rel="prev"', request, base)).toEqual({ ok: true, next: undefined, linkPaged: true });
    expect(pageLinks(null, request, base)).toEqual({ ok: true, next: undefined, linkPaged: false });
  });

  it('is asked of the service base URL’s own origin when it names another host, port or scheme (a provider behind a proxy)', () => {
    expect(pageLinks('<https://collector.example.net/api/users?cursor=c2>; rel=next', request, base)).toEqual({ ok: true, next: 'https://sis.example.org/api/users?cursor=c2', linkPaged: true });
    expect(pageLinks('<http://sis.example.org/api/users?c=2>; rel=next', request, base)).toMatchObject({ ok: true, next: 'https://sis.example.org/api/users?c=2' });
    expect(pageLinks('<https://sis.example.org:8443/api/users?c=2#x>; rel=next', request, base)).toMatchObject({ ok: true, next: 'https://sis.example.org/api/users?c=2' });
    expect(pageLinks('<//evil.example.com/users>; rel=next', request, base)).toMatchObject({ ok: true, next: 'https://sis.example.org/users' });
  });

  it('is refused when it is not an http(s) address', () => {
    expect(pageLinks('<javascript:alert(1)>; rel=next', request, base)).toEqual({ ok: false, problem: "the provider's Link header sends the next page to a javascript: address: not followed" });
    expect(pageLinks('<file:///etc/passwd>; rel=next', request, base)).toMatchObject({ ok: false });
  });

  it('is refused when it is not a URL', () => {
    expect(pageLinks('<http://[bad>; rel=next', request, base)).toEqual({ ok: false, problem: "the provider's Link header names a next page that is not a valid URL" });
  });
});

describe('the next page', () => {
  const page = (overrides: Partial<PageSeen>): PageSeen => ({ received: 2, read: 2, pageSize: 2, total: undefined, next: undefined, linkPaged: false, ...overrides });
  const none = new Set<string>();

  it('follows a next link, even after a short page', () => {
    expect(nextPage(page({ next: 'https://sis/u?c=2', linkPaged: true }), none)).toEqual({ kind: 'follow', url: 'https://sis/u?c=2' });
    expect(nextPage(page({ received: 1, read: 3, next: 'https://sis/u?c=3', linkPaged: true }), none)).toEqual({ kind: 'follow', url: 'https://sis/u?c=3' });
  });

  it('stops on a next link already read (a last page pointing at itself), unless X-Total-Count says records remain', () => {
    const seen = new Set(['https://sis/u?c=2']);
    expect(nextPage(page({ next: 'https://sis/u?c=2', linkPaged: true }), seen)).toEqual({ kind: 'done' });
    expect(nextPage(page({ read: 4, total: 4, next: 'https://sis/u?c=2', linkPaged: true }), seen)).toEqual({ kind: 'done' });
    expect(nextPage(page({ read: 4, total: 9, next: 'https://sis/u?c=2', linkPaged: true }), seen)).toEqual({ kind: 'loop' });
  });

  it('stops on an empty page, whatever the links say', () => {
    expect(nextPage(page({ received: 0, next: 'https://sis/u?c=9', linkPaged: true, total: 50 }), none)).toEqual({ kind: 'done' });
  });

  it('without a next link: the offset rules, where the count decides', () => {
    expect(nextPage(page({ read: 4, total: 9, linkPaged: true }), none)).toEqual({ kind: 'offset', offset: 4 });
    expect(nextPage(page({ read: 4, total: 4, linkPaged: true }), none)).toEqual({ kind: 'done' });
    expect(nextPage(page({ read: 4 }), none)).toEqual({ kind: 'offset', offset: 4 });
    expect(nextPage(page({ received: 1, read: 3 }), none)).toEqual({ kind: 'done' });
  });

  it('a provider paging by Link that names no next page and gives no count is done, even after a full page', () => {
    expect(nextPage(page({ read: 4, linkPaged: true }), none)).toEqual({ kind: 'done' });
  });
});
