import { entityDecl, type EntityName } from '../../model/index.ts';
import type { RestSettings } from '../connection-settings.ts';
import { oauth1Signer } from './oauth1-signer.ts';
import { oauth2TokenSource, type TokenSource } from './oauth2-token.ts';
import { collectionPath, encodeQuery } from './oneroster-paths.ts';
import { envelopeList, nextPage, pageLinks, totalCount, type RemoteObject } from './paging.ts';
import { readAhead } from './read-ahead.ts';
import { codeMinorOf, malformed, rejected } from './remote-failure.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
import { createSemaphore } from './semaphore.ts';
import { sendWithRetries, type ClientDeps, type RemoteAnswer } from './transport.ts';

/** Pages that may arrive before the caller reaches them: the provider works on the next while we work on this one. */
const READ_AHEAD = 2;

/** A OneRoster REST provider as one connection sees it. */
export interface OneRosterClient {
  readonly settings: RestSettings;
  /** OAuth 2.0: gets a token now (so a wrong secret shows before any read); OAuth 1.0a: nothing to do. */
  authenticate(): Promise<void>;
  /** GET a path under the base URL; any status comes back as a value (after retries). */
  fetch(path: string, query?: Readonly<Record<string, string>>): Promise<RemoteAnswer>;
  /** GET that must answer 200 with JSON; anything else is a coded error. */
  get(path: string, query?: Readonly<Record<string, string>>): Promise<RemoteAnswer>;
  /** Every object of a collection, page by page (one page in memory at a time). */
  pages(collection: EntityName, options?: { filter?: string }): AsyncGenerator<RemoteObject>;
  /**
   * PUT (with a JSON body) or DELETE a path under the base URL: same authentication, retries and
   * token renewal as a read; any status comes back as a value for the caller to judge.
   */
  write(method: WriteMethod, path: string, body?: unknown): Promise<RemoteAnswer>;
}

export type WriteMethod = 'PUT' | 'DELETE';

type Method = 'GET' | WriteMethod;

export interface ClientOptions {
  readonly retry?: RetryPolicy;
}

export function createOneRosterClient(settings: RestSettings, clientSecret: string, deps: ClientDeps, options: ClientOptions = {}): OneRosterClient {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const gate = createSemaphore(settings.concurrency);
  const tokens: TokenSource | undefined =
    settings.auth === 'oauth2' && settings.tokenUrl !== null
      ? oauth2TokenSource({ tokenUrl: settings.tokenUrl, clientId: settings.clientId, scope: settings.scope, timeoutMs: settings.timeoutMs }, clientSecret, deps, policy, gate)
      : undefined;
  const sign = settings.auth === 'oauth1' ? oauth1Signer(settings.clientId, clientSecret, deps.now) : undefined;

  interface Request {
    readonly method: Method;
    /** Absolute, query included: what is sent and what OAuth 1.0a signs. */
    readonly url: URL;
    /** Names the request in errors: a path, never a query (filters and cursors can name students). */
    readonly endpoint: string;
    /** JSON text; OAuth 1.0a signs only form bodies, so a JSON body is sent as is (RFC 5849 §3.4.1.3). */
    readonly body?: string;
  }

  const under = (path: string, query: Readonly<Record<string, string>> = {}): URL => new URL(`${settings.baseUrl}${path}${encodeQuery(query)}`);

  async function send(request: Request, token: string | undefined): Promise<RemoteAnswer> {
    const { url } = request;
    return sendWithRetries(deps, {
      endpoint: request.endpoint,
      timeoutMs: settings.timeoutMs,
      policy,
      gate,
      build: async () => {
        const authorization = sign !== undefined ? sign(request.method, url) : token !== undefined ? `Bearer ${token}` : undefined;
        const headers = { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }), ...(authorization === undefined ? {} : { authorization }) };
        return { url: url.toString(), init: { method: request.method, headers, ...(request.body === undefined ? {} : { body: request.body }) } };
      },
    });
  }

  async function authorized(request: Request): Promise<RemoteAnswer> {
    if (tokens === undefined) return send(request, undefined);
    const token = await tokens.token();
    const answer = await send(request, token);
    if (answer.status !== 401) return answer;
    // The token expired mid-run (or was revoked): one fresh token, one more try.
    tokens.invalidate(token);
    return send(request, await tokens.token());
  }

  const fetchPath = (path: string, query: Readonly<Record<string, string>> = {}): Promise<RemoteAnswer> => authorized({ method: 'GET', url: under(path, query), endpoint: path });

  /** A GET that must answer 200 with JSON; anything else is a coded error. */
  async function getUrl(url: URL, endpoint: string): Promise<RemoteAnswer> {
    const answer = await authorized({ method: 'GET', url, endpoint });
    if (answer.status !== 200) {
      const codeMinor = codeMinorOf(answer.body);
      throw rejected({ endpoint, status: answer.status, attempts: answer.attempts, ...(codeMinor === undefined ? {} : { codeMinor }) });
    }
    if (!answer.isJson) throw malformed({ endpoint, status: 200, attempts: answer.attempts, reason: 'not_json' }, 'the provider answered 200 with something that is not JSON');
    return answer;
  }

  interface Page {
    readonly list: RemoteObject[];
    readonly total: number | undefined;
    readonly next: string | undefined;
    readonly linkPaged: boolean;
    readonly attempts: number;
  }

  /**
   * One page of a collection, checked: a 200 without the wrapper key is an error, never an empty
   * page; a next link to another origin is an error, never followed (and never quietly dropped,
   * which would cut the read short).
   */
  async function page(collection: EntityName, path: string, url: URL): Promise<Page> {
    const answer = await getUrl(url, path);
    const list = envelopeList(answer.body, collection);
    if (list === undefined) {
      throw malformed({ endpoint: path, status: 200, attempts: answer.attempts, reason: 'missing_envelope' }, `the provider answered 200 without a '${collection}' list: not a OneRoster page, so nothing is read from it`);
    }
    const links = pageLinks(answer.headers.get('link'), url, settings.baseUrl);
    if (!links.ok) throw malformed({ endpoint: path, status: 200, attempts: answer.attempts, reason: 'foreign_link' }, links.problem);
    return { list, total: totalCount(answer.headers.get('x-total-count')), next: links.next, linkPaged: links.linkPaged, attempts: answer.attempts };
  }

  /**
   * Every record of a collection, page after page: by the provider's `Link` rel="next" when it
   * sends one, else by limit/offset (paging.ts has the rules). The next page is asked for as soon
   * as this one has arrived and says where it is — before its records are handed over — and up to
   * READ_AHEAD pages may arrive before the caller reaches them (`read-ahead.ts`), so the provider
   * is not left waiting while the caller works. One page request is in flight at a time, under the
   * connection's limit.
   */
  async function* pages(collection: EntityName, pageOptions: { filter?: string } = {}): AsyncGenerator<RemoteObject> {
    const path = collectionPath(settings.version, entityDecl(collection), settings.paths);
    const filter: Record<string, string> = pageOptions.filter === undefined ? {} : { filter: pageOptions.filter };
    const atOffset = (offset: number): URL => under(path, { limit: String(settings.pageSize), offset: String(offset), ...filter });
    // Every URL asked for, so a next link back to one of them cannot keep us looping.
    const visited = new Set<string>();
    const request = (url: URL): Promise<Page> => {
      visited.add(url.href);
      return page(collection, path, url);
    };
    let read = 0;
    let linkPaged = false;
    // Called in page order as each page arrives: where the next one is, if anywhere.
    const after = (current: Page): (() => Promise<Page>) | undefined => {
      read += current.list.length;
      linkPaged ||= current.linkPaged;
      const step = nextPage({ received: current.list.length, read, pageSize: settings.pageSize, total: current.total, next: current.next, linkPaged }, visited);
      if (step.kind === 'loop') {
        throw malformed({ endpoint: path, status: 200, attempts: current.attempts, reason: 'link_loop' }, `the provider's Link header names a page already read as the next one, while X-Total-Count says ${current.total ?? 0} records and ${read} were read`);
      }
      return step.kind === 'follow' ? () => request(new URL(step.url)) : step.kind === 'offset' ? () => request(atOffset(step.offset)) : undefined;
    };
    for await (const current of readAhead(() => request(atOffset(0)), after, READ_AHEAD)) {
      // Handed over one by one and let go: what the caller has taken can be collected while the rest of the page waits.
      const list: Array<RemoteObject | undefined> = current.list;
      for (let i = 0; i < list.length; i++) {
        const item = list[i];
        list[i] = undefined;
        if (item !== undefined) yield item;
      }
    }
  }

  return {
    settings,
    authenticate: async () => {
      if (tokens !== undefined) await tokens.token();
    },
    fetch: fetchPath,
    get: (path, query = {}) => getUrl(under(path, query), path),
    pages,
    write: (method, path, body) => authorized({ method, url: under(path), endpoint: path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  };
}
