import type { FastifyReply, FastifyRequest } from 'fastify';
import { entityDecl, recordToJson, type AnyEntityDecl, type BaseRecord, type EntityName, type JsonObject, type Version } from '../../model/index.ts';
import { parseCollectionQuery, type CollectionQuery } from '../../model/query/index.ts';
import { findRecord, queryCatalog, queryRecords, type Condition, type CountCache, type RecordQuery, type Store } from '../../store/index.ts';
import { serviceBase, statusEnvelope, statusInfo, type CodeMinor } from '../wire/index.ts';
import type { Endpoint } from './endpoints.ts';
import { pagingLinks } from './paging-links.ts';

/**
 * By id — a record, or the parent of a nested route — a tombstone is gone (a DELETE must be seen to
 * take effect); delta readers still find it in collections filtered by dateLastModified.
 */
const LIVE: Condition = { kind: 'equals', column: 'status', value: 'active' };

export interface ProviderDeps {
  readonly store: Store;
  /** The hub's public URL, for GUIDRef hrefs and Link headers. */
  readonly publicUrl: string;
  /** Larger `limit` values are capped to this. */
  readonly maxLimit: number;
  /** Collection totals reused while their table is unchanged (one per app). */
  readonly counts?: CountCache;
}

type ProviderRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

function fail(reply: FastifyReply, version: Version, status: number, code: CodeMinor, description: string): FastifyReply {
  return reply.code(status).send(statusEnvelope(version, code, description, reply.request.id));
}

/**
 * 1.1 answers an unknown `fields` entry or `sort` field with the data and a success/warning
 * statusInfoSet beside it (1.2 refuses them, so its warnings are always empty).
 */
function withWarnings(body: JsonObject, request: ProviderRequest, version: Version, warnings: CollectionQuery['warnings']): JsonObject {
  if (warnings.length === 0) return body;
  return { ...body, statusInfoSet: warnings.map((w) => statusInfo(version, w.code, w.message, { severity: 'warning', messageRef: request.id })) };
}

export function toJson(deps: ProviderDeps, entity: AnyEntityDecl, version: Version, record: BaseRecord, districtId: string, fields: readonly string[] | undefined): JsonObject {
  const href = (target: EntityName, sourcedId: string): string =>
    `${deps.publicUrl}${serviceBase(version, entityDecl(target).service)}/${target}/${encodeURIComponent(sourcedId)}`;
  const json = recordToJson(entity, record, { version, href, districtId });
  if (fields === undefined) return json;
  const out: JsonObject = {};
  for (const name of fields) {
    const value = json[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/**
 * The one handler behind every GET route of the OneRoster and attendance APIs: checks the
 * endpoint's OAuth scope and audience, parses the query against the model-derived catalog, reads
 * through the store with the caller's visibility and answers in the version's JSON. Out-of-scope
 * records are indistinguishable from missing ones.
 */
export async function serveEndpoint(deps: ProviderDeps, endpoint: Endpoint, request: ProviderRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { version, entity } = endpoint;
  const caller = request.apiCaller;
  if (caller === null) return fail(reply, version, 401, 'unauthorisedrequest', 'Authentication required');
  if (!endpoint.scopes.some((scope) => caller.grantedScopes.includes(scope))) {
    return fail(reply, version, 403, 'forbidden', `This endpoint needs one of the scopes ${endpoint.scopes.join(' ')}`);
  }
  const audience = endpoint.audience(caller.scope);
  if (!audience.ok) return fail(reply, version, 403, 'forbidden', audience.message);
  const { visibility } = audience;
  const districtId = visibility.districtId ?? '';

  const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const parsed = parseCollectionQuery(rawQuery, queryCatalog(entity, version), { version, maxLimit: deps.maxLimit });
  if (!parsed.ok) return fail(reply, version, 400, parsed.error.code, parsed.error.message);
  const id = request.params.id ?? '';
  const { db, dialect } = deps.store;

  if (endpoint.kind === 'record') {
    const record = await findRecord(db, dialect, { entity, version, visibility, conditions: [...endpoint.where, LIVE] }, id);
    if (record === undefined) return fail(reply, version, 404, 'unknownobject', `Unknown Object: no ${entity.singular} '${id}'`);
    request.apiRecordCount = 1;
    const body = { [entity.singular]: toJson(deps, entity, version, record, districtId, parsed.query.fields) };
    return reply.send(withWarnings(body, request, version, parsed.query.warnings));
  }

  const conditions = [...endpoint.where];
  const parentIds: string[] = [];
  for (const step of endpoint.parents) {
    const parentId = request.params[step.param] ?? '';
    const outer = parentIds[parentIds.length - 1];
    const where = [...step.collection.where, ...(outer !== undefined && step.inner !== undefined ? step.inner(outer) : [])];
    const found = await findRecord(db, dialect, { entity: step.collection.entity, version, visibility, conditions: [...where, LIVE] }, parentId);
    if (found === undefined) {
      return fail(reply, version, 404, 'unknownobject', `Unknown Object: no ${step.collection.entity.singular} '${parentId}'${outer === undefined ? '' : ` under '${outer}'`}`);
    }
    parentIds.push(parentId);
  }
  if (endpoint.relation !== undefined) conditions.push(...endpoint.relation(parentIds));
  return sendPage(deps, endpoint, request, reply, { entity, version, visibility, conditions, filter: parsed.query.filter, sort: parsed.query.sort }, parsed.query, rawQuery);
}

async function sendPage(
  deps: ProviderDeps,
  endpoint: Endpoint,
  request: ProviderRequest,
  reply: FastifyReply,
  query: RecordQuery,
  parsed: CollectionQuery,
  rawQuery: string,
): Promise<FastifyReply> {
  const page = await queryRecords(deps.store.db, deps.store.dialect, query, { limit: parsed.limit, offset: parsed.offset, counts: deps.counts, nowMs: deps.store.clock.now().getTime() });
  const districtId = query.visibility.districtId ?? '';
  request.apiRecordCount = page.records.length;
  reply.header('x-total-count', String(page.total));
  const path = request.url.split('?')[0] ?? '';
  const links = pagingLinks(`${deps.publicUrl}${path}`, rawQuery, { limit: parsed.limit, offset: parsed.offset, total: page.total });
  if (links !== undefined) reply.header('link', links);
  const records = page.records.map((r) => toJson(deps, endpoint.entity, endpoint.version, r, districtId, parsed.fields));
  return reply.send(withWarnings({ [endpoint.entity.name]: records }, request, endpoint.version, parsed.warnings));
}
