import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRecords, deleteRecord, putRecord, type Bind, type GradebookWriter, type Parent, type WriteOutcome } from '../../gradebook/index.ts';
import { entityDecl, isEntityName, jsonToRecord, type AnyRecord, type InputProblem, type Version } from '../../model/index.ts';
import { HubError } from '../../kernel/index.ts';
import { findRecord } from '../../store/index.ts';
import { toJson, type ProviderDeps } from './serve-endpoint.ts';
import { statusEnvelope, type CodeMinor } from '../wire/index.ts';
import type { WriteEndpoint } from './write-endpoints.ts';

type WriteRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Body: unknown }>;

function fail(reply: FastifyReply, version: Version, status: number, code: CodeMinor, description: string): FastifyReply {
  return reply.code(status).send(statusEnvelope(version, code, description, reply.request.id));
}

/** 422 with every problem (path and rule); paths and rules only, never the values sent. */
function invalid(reply: FastifyReply, version: Version, problems: readonly InputProblem[]): FastifyReply {
  const list = problems.map((p) => `${p.path}: ${p.message} [${p.rule}]`).join('; ');
  return fail(reply, version, 422, 'invaliddata', `Invalid data: ${list}`);
}

type Body = { ok: true; value: Record<string, unknown> } | { ok: false };

/** The body arrives as text (see provider.ts), so malformed JSON is this handler's 400, after authentication. */
function parseBody(raw: unknown): Body {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false };
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ok: true, value: value as Record<string, unknown> } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/**
 * The one handler behind every gradebook write: grade pass back and the route's OAuth scope, then the
 * body through the model's json-input derivation, then the gradebook write path (references checked
 * in the caller's scope, one transaction), and the outcome in the version's status codes.
 */
export async function serveWrite(deps: ProviderDeps, endpoint: WriteEndpoint, request: WriteRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { version, entity } = endpoint;
  const caller = request.apiCaller;
  if (caller === null) return fail(reply, version, 401, 'unauthorisedrequest', 'Authentication required');
  const districtId = caller.scope.districtId;
  if (districtId === null || !caller.scope.gradebookWrite) {
    return fail(reply, version, 403, 'forbidden', 'This access is not allowed grade pass back (OneRoster configuration "Allow Grade Pass Back")');
  }
  if (!caller.grantedScopes.includes(endpoint.scope)) return fail(reply, version, 403, 'forbidden', `This endpoint needs the scope ${endpoint.scope}`);

  const writer: GradebookWriter = { db: deps.store.db, dialect: deps.store.dialect, clock: deps.store.clock, version, districtId, schoolIds: caller.scope.schoolIds };
  const id = request.params.id ?? '';
  if (endpoint.method === 'DELETE') return answer(deps, endpoint, request, reply, await deleteRecord(writer, entity, id), id);

  const body = parseBody(request.body);
  if (!body.ok) return fail(reply, version, 400, 'invaliddata', 'The request body must be a JSON object');

  if (endpoint.method === 'PUT') {
    const input = jsonToRecord(entity, version, body.value[entity.singular], { at: entity.singular, sourcedId: id });
    if (!input.ok) return invalid(reply, version, input.problems);
    return answer(deps, endpoint, request, reply, await putRecord(writer, entity, input.record, entity.singular), id);
  }

  const list = body.value[entity.name];
  if (!Array.isArray(list) || list.length === 0) {
    return invalid(reply, version, [{ path: entity.name, rule: 'required', message: `must be a non-empty array of ${entity.singular} objects` }]);
  }
  const provided = new Set(endpoint.params.filter((param) => param.via === undefined).map((param) => param.field));
  const problems: InputProblem[] = [];
  const items: Array<{ record: AnyRecord; at: string }> = [];
  list.forEach((item: unknown, i) => {
    const at = `${entity.name}[${i}]`;
    const input = jsonToRecord(entity, version, item, { at, provided });
    if (input.ok) items.push({ record: input.record, at });
    else problems.push(...input.problems);
  });
  if (problems.length > 0) return invalid(reply, version, problems);
  const parents: Parent[] = [];
  const binds: Bind[] = [];
  for (const param of endpoint.params) {
    const value = request.params[param.name] ?? '';
    // Write routes are the gradebook's, whose parents are always OneRoster collections.
    const parentName = param.parent.entity.name;
    if (!isEntityName(parentName)) throw new HubError('internal', `write route parent ${parentName} is not a OneRoster entity`);
    parents.push({ entity: entityDecl(parentName), id: value, where: param.parent.where });
    binds.push({ field: param.field, value, ...(param.via === undefined ? {} : { via: param.via }) });
  }
  return answer(deps, endpoint, request, reply, await createRecords(writer, entity, items, parents, binds), id);
}

async function answer(deps: ProviderDeps, endpoint: WriteEndpoint, request: WriteRequest, reply: FastifyReply, outcome: WriteOutcome, id: string): Promise<FastifyReply> {
  const { version, entity } = endpoint;
  switch (outcome.kind) {
    case 'invalid':
      return invalid(reply, version, outcome.problems);
    case 'notFound':
      return fail(reply, version, 404, 'unknownobject', outcome.message);
    case 'refused':
      return fail(reply, version, 403, 'forbidden', outcome.message);
    case 'written':
      break;
  }
  request.apiRecordCount = outcome.count;
  reply.code(endpoint.success);
  if (endpoint.method === 'POST') return reply.send({ sourcedIdPairs: outcome.pairs });
  if (endpoint.method === 'PUT' && version === '1.1') {
    // 1.1 answers 200; send the record as stored (dateLastModified, filled-in references) back.
    const caller = request.apiCaller;
    const visibility = { districtId: caller?.scope.districtId ?? null, schoolIds: caller?.scope.schoolIds ?? [] };
    const record = await findRecord(deps.store.db, deps.store.dialect, { entity, version, visibility, conditions: [] }, id);
    if (record !== undefined) return reply.send({ [entity.singular]: toJson(deps, entity, version, record, visibility.districtId ?? '', undefined) });
  }
  return reply.send();
}
