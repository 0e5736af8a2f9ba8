import type { EntityDecl } from '../entity.ts';
import type { FieldDecl, Version } from '../fields.ts';
import type { AnyRecord } from '../records.ts';
import { entityDecl } from '../registry.ts';
import { isAcceptedValue } from '../vocabularies.ts';
import { isValidDate, isValidDateTime } from './csv.ts';
import { userIdsValue, userProfilesValue, versionRoles, type StructureParsed } from './json-rostering.ts';

/** One thing wrong with a body: where (`lineItem.class.sourcedId`) and which rule it broke. */
export interface InputProblem {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export type JsonInput = { ok: true; record: AnyRecord } | { ok: false; problems: InputProblem[] };

export interface JsonInputOptions {
  /** Where the object sits in the body, for problem paths (`lineItem`, `lineItems[2]`). */
  readonly at: string;
  /** The id the URL names: a body sourcedId must equal it, an absent one takes it. */
  readonly sourcedId?: string;
  /** Fields the URL supplies (a bulk create's parent): not required in the body. */
  readonly provided?: ReadonlySet<string>;
  /**
   * The object is a provider's collection record read by the sync engine (not a write body): its
   * rostering structures (roles, userIds, userProfiles) are read instead of refused.
   */
  readonly remote?: boolean;
}

type Parsed = { value: unknown } | { problem: { rule: string; message: string } };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const bad = (rule: string, message: string): Parsed => ({ problem: { rule, message } });

/** A GUIDRef `{sourcedId, type, href}`: sourcedId required; type, when given, the target's type in this version. */
function guidRef(value: unknown, target: FieldDecl['type'] & { kind: 'ref' | 'refList' }, version: Version): Parsed {
  if (!isObject(value)) return bad('type', 'must be a GUIDRef object {sourcedId, type, href}');
  const { sourcedId, type } = value;
  if (typeof sourcedId !== 'string' || sourcedId.trim() === '') return bad('required', 'must have a non-empty sourcedId');
  // 1.2 fixes each reference's type; 1.1 lets it name a subtype (gradingPeriod, term, student, teacher).
  const expected = entityDecl(target.target).refType[version];
  if (type !== undefined && typeof type !== 'string') return bad('type', 'GUIDRef type must be a string');
  if (version === '1.2' && type !== undefined && type !== expected) return bad('type', `GUIDRef type must be '${expected ?? target.target}'`);
  return { value: sourcedId };
}

function parseValue(f: FieldDecl, version: Version, value: unknown): Parsed {
  const type = f.type;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? { value } : bad('type', 'must be a string');
    case 'enum':
      if (typeof value !== 'string') return bad('type', 'must be a string');
      return isAcceptedValue(type.vocab, value, version)
        ? { value }
        : bad('vocabulary', `must be one of ${(version === '1.1' ? type.vocab.v1p1 : type.vocab.v1p2).join(', ')}${version === '1.2' && type.vocab.extensible ? ' or an ext: token' : ''}`);
    case 'date':
      return typeof value === 'string' && isValidDate(value) ? { value } : bad('date', 'must be a date YYYY-MM-DD');
    case 'datetime':
      // Stored canonically (UTC, milliseconds) so the same instant written twice is the same record.
      return typeof value === 'string' && isValidDateTime(value) ? { value: new Date(value).toISOString() } : bad('datetime', 'must be an ISO 8601 date-time with a time zone');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? { value } : bad('type', 'must be a number');
    case 'boolean':
      // 1.2 carries booleans as the strings "true"/"false"; 1.1 (and hub extensions) as JSON booleans.
      if (version === '1.2' && !f.extension) return value === 'true' || value === 'false' ? { value: value === 'true' } : bad('type', "must be the string 'true' or 'false'");
      return typeof value === 'boolean' ? { value } : bad('type', 'must be a boolean');
    case 'ref':
      return guidRef(value, type, version);
    case 'refList': {
      if (!Array.isArray(value)) return bad('type', 'must be an array of GUIDRefs');
      const ids: string[] = [];
      for (const item of value) {
        const parsed = guidRef(item, type, version);
        if ('problem' in parsed) return parsed;
        ids.push(String(parsed.value));
      }
      return { value: ids };
    }
    case 'stringList':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? { value } : bad('type', 'must be an array of strings');
    case 'enumList':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return bad('type', 'must be an array of strings');
      return value.every((v) => isAcceptedValue(type.vocab, v, version)) ? { value } : bad('vocabulary', `items must be ${type.vocab.name} values`);
    case 'scoreScaleValues':
      if (!Array.isArray(value) || value.length === 0) return bad('type', 'must be a non-empty array of {itemValueLHS, itemValueRHS}');
      return value.every((v) => isObject(v) && typeof v.itemValueLHS === 'string' && typeof v.itemValueRHS === 'string')
        ? { value: value.map((v: Record<string, unknown>) => ({ itemValueLHS: v.itemValueLHS, itemValueRHS: v.itemValueRHS })) }
        : bad('type', 'items must be {itemValueLHS, itemValueRHS} strings');
    case 'userIds':
    case 'roles':
    case 'userProfiles':
      // Only gradebook entities are written through the API; rostering structures are not accepted.
      return bad('unsupported', 'cannot be written through this API');
  }
}

function inputValue(f: FieldDecl, version: Version, body: Record<string, unknown>, metadata: Record<string, unknown>): { name: string; value: unknown } | undefined {
  const name = f.json[version];
  if (name === undefined) return undefined;
  const source = f.extension ? metadata : body;
  for (const key of [name, ...(f.inputAliases[version] ?? [])]) {
    // null is read as absent: OneRoster never sends null, but some clients do for "no value".
    if (source[key] !== undefined && source[key] !== null) return { name: key, value: source[key] };
  }
  return { name, value: undefined };
}

/**
 * A request body's object as a record, the reverse of recordToJson: each field under its version's
 * JSON name (or an input alias), typed as the model says, required fields per version present.
 * Unknown properties are ignored (the spec's learningObjectiveSet, say, which the model does not
 * keep); dateLastModified is the store's to set. Every problem is listed, not only the first.
 */
export function jsonToRecord(entity: EntityDecl, version: Version, body: unknown, options: JsonInputOptions): JsonInput {
  const at = options.at;
  if (!isObject(body)) return { ok: false, problems: [{ path: at, rule: 'type', message: `must be a ${entity.singular} object` }] };
  const problems: InputProblem[] = [];
  const add = (path: string, rule: string, message: string): void => {
    problems.push({ path: `${at}.${path}`, rule, message });
  };
  const record: Record<string, unknown> = { status: 'active' };

  const sourcedId = body.sourcedId;
  if (sourcedId !== undefined && (typeof sourcedId !== 'string' || sourcedId.trim() === '')) add('sourcedId', 'type', 'must be a non-empty string');
  else if (sourcedId !== undefined && options.sourcedId !== undefined && sourcedId !== options.sourcedId) add('sourcedId', 'mismatch', 'must equal the sourcedId in the URL');
  else if (sourcedId === undefined && options.sourcedId === undefined) add('sourcedId', 'required', 'is required');
  record.sourcedId = typeof sourcedId === 'string' ? sourcedId : options.sourcedId;

  // A write makes a record active; deleting is DELETE's job.
  if (body.status !== undefined && body.status !== 'active') add('status', 'vocabulary', "must be 'active' (use DELETE to delete)");

  let metadata: Record<string, unknown> = {};
  if (body.metadata !== undefined) {
    if (!isObject(body.metadata)) add('metadata', 'type', 'must be an object');
    else metadata = body.metadata;
  }
  const extensionNames = new Set(entity.fields.filter((f) => f.extension).map((f) => f.json[version]));
  const free: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (extensionNames.has(key)) continue;
    if (typeof value === 'string') free[key] = value;
    else add(`metadata.${key}`, 'type', 'metadata values must be strings');
  }
  if (Object.keys(free).length > 0) record.metadata = free;

  for (const f of entity.fields) {
    if (options.remote === true && isStructure(f)) {
      const parsed = remoteStructure(f, version, body);
      if (parsed === undefined) continue;
      if ('problem' in parsed) add(f.json[version] ?? f.name, parsed.problem.rule, parsed.problem.message);
      else record[f.name] = parsed.value;
      continue;
    }
    const input = inputValue(f, version, body, metadata);
    if (input === undefined) continue;
    const path = f.extension ? `metadata.${input.name}` : input.name;
    if (input.value === undefined) {
      if (f.required[version] === true && options.provided?.has(f.name) !== true) add(path, 'required', 'is required');
      continue;
    }
    const parsed = parseValue(f, version, input.value);
    if ('problem' in parsed) add(path, parsed.problem.rule, parsed.problem.message);
    else record[f.name] = parsed.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, record: record as AnyRecord };
}

const isStructure = (f: FieldDecl): boolean => f.type.kind === 'roles' || f.type.kind === 'userIds' || f.type.kind === 'userProfiles';

/** A remote record's rostering structure; undefined when the version has no such field or it is absent and optional. */
function remoteStructure(f: FieldDecl, version: Version, body: Record<string, unknown>): StructureParsed | undefined {
  const name = f.json[version];
  if (name === undefined) return undefined;
  if (f.type.kind === 'roles') return versionRoles(version, body);
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  return f.type.kind === 'userIds' ? userIdsValue(value) : userProfilesValue(value);
}
