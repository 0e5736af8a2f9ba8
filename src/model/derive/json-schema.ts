import type { EntityDecl } from '../entity.ts';
import type { FieldDecl, Version } from '../fields.ts';
import type { EntityName } from '../records.ts';
import { entityDecl } from '../registry.ts';
import { statusVocab, userRoleVocab, roleTypeVocab, type Vocabulary } from '../vocabularies.ts';
import type { JsonObject } from './json.ts';

/**
 * JSON Schema (the OpenAPI 3.0 dialect) of each entity's JSON binding, derived from the same
 * declarations `recordToJson` writes from, so the schema and the JSON cannot drift apart: one
 * switch on the field kind, mirroring json.ts. Objects are closed (`additionalProperties: false`)
 * except `metadata`, as the 1.2 binding has them. `required` is the model's required-ness for the
 * version. References to other schemas are `#/components/schemas/<name>`.
 */

const EXT_PATTERN = '^ext:[a-zA-Z0-9.\\-_]+$';

/** Component name of an entity's schema: `User`, `AcademicSession`, `Demographics`. */
export function schemaName(entity: EntityDecl): string {
  return entity.singular.charAt(0).toUpperCase() + entity.singular.slice(1);
}

export const setSchemaName = (entity: EntityDecl): string => `${schemaName(entity)}Set`;
export const singleSchemaName = (entity: EntityDecl): string => `Single${schemaName(entity)}`;
export const guidRefSchemaName = (target: EntityName): string => `${schemaName(entityDecl(target))}GUIDRef`;

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const string: JsonObject = { type: 'string' };
const arrayOf = (items: JsonObject, minItems?: number): JsonObject => ({ type: 'array', items, ...(minItems === undefined ? {} : { minItems }) });
const closed = (properties: JsonObject, required: string[]): JsonObject => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});

/** A vocabulary's words in the version; 1.2's extensible vocabularies also take `ext:` tokens. */
export function vocabularySchema(vocab: Vocabulary, version: Version): JsonObject {
  const words: JsonObject = { type: 'string', enum: version === '1.1' ? [...vocab.v1p1] : [...vocab.v1p2] };
  return version === '1.2' && vocab.extensible ? { anyOf: [words, { type: 'string', pattern: EXT_PATTERN }] } : words;
}

/** A GUIDRef to `target` as the version writes it (`type` is the target's refType). */
export function guidRefSchema(target: EntityName, version: Version): JsonObject {
  const type = entityDecl(target).refType[version] ?? target;
  return closed({ href: { type: 'string', format: 'uri' }, sourcedId: string, type: { type: 'string', enum: [type] } }, ['href', 'sourcedId', 'type']);
}

/** The GUIDRef targets an entity's JSON points at in a version (each needs its GUIDRef schema). */
export function referencedEntities(entity: EntityDecl, version: Version): EntityName[] {
  const targets = new Set<EntityName>();
  for (const f of entity.fields) {
    if (f.json[version] === undefined) continue;
    if (f.type.kind === 'ref' || f.type.kind === 'refList') targets.add(f.type.target);
    if (f.type.kind === 'roles') targets.add('orgs');
  }
  return [...targets];
}

function roleSchema(version: Version): JsonObject {
  return closed(
    {
      roleType: vocabularySchema(roleTypeVocab, version),
      role: vocabularySchema(userRoleVocab, version),
      org: ref(guidRefSchemaName('orgs')),
      userProfile: { type: 'string', format: 'uri' },
      beginDate: { type: 'string', format: 'date' },
      endDate: { type: 'string', format: 'date' },
    },
    ['roleType', 'role', 'org'],
  );
}

function userProfileSchema(): JsonObject {
  const credential = closed({ type: string, username: string, password: string }, ['type', 'username']);
  return closed(
    { profileId: { type: 'string', format: 'uri' }, profileType: string, vendorId: string, applicationId: string, description: string, credentials: arrayOf(credential) },
    ['profileId', 'profileType', 'vendorId'],
  );
}

/** The JSON properties one field contributes in a version (users.roles is two properties in 1.1). */
function fieldProperties(f: FieldDecl, version: Version): JsonObject {
  const name = f.json[version];
  if (name === undefined) return {};
  const type = f.type;
  switch (type.kind) {
    case 'string':
      return { [name]: string };
    case 'enum':
      return { [name]: vocabularySchema(type.vocab, version) };
    case 'enumList':
      return { [name]: arrayOf(vocabularySchema(type.vocab, version)) };
    case 'date':
      return { [name]: { type: 'string', format: 'date' } };
    case 'datetime':
      return { [name]: { type: 'string', format: 'date-time' } };
    case 'number':
      return { [name]: { type: 'number' } };
    case 'boolean':
      // 1.2 writes its booleans as the strings "true"/"false"; hub extensions stay JSON booleans.
      return { [name]: version === '1.2' && !f.extension ? { type: 'string', enum: ['true', 'false'] } : { type: 'boolean' } };
    case 'stringList':
      return { [name]: arrayOf(string) };
    case 'ref':
      return { [name]: ref(guidRefSchemaName(type.target)) };
    case 'refList':
      return { [name]: arrayOf(ref(guidRefSchemaName(type.target))) };
    case 'userIds':
      return { [name]: arrayOf(closed({ type: string, identifier: string }, ['type', 'identifier'])) };
    case 'roles':
      return version === '1.1'
        ? { role: vocabularySchema(userRoleVocab, version), orgs: arrayOf(ref(guidRefSchemaName('orgs')), 1) }
        : { roles: arrayOf(roleSchema(version), 1) };
    case 'userProfiles':
      return { [name]: arrayOf(userProfileSchema()) };
    case 'scoreScaleValues':
      return { [name]: arrayOf(closed({ itemValueLHS: string, itemValueRHS: string }, ['itemValueLHS', 'itemValueRHS']), 1) };
  }
}

/** The schema of one record of `entity` in the version's JSON. */
export function entitySchema(entity: EntityDecl, version: Version): JsonObject {
  const properties: JsonObject = {
    sourcedId: string,
    status: vocabularySchema(statusVocab, version),
    dateLastModified: { type: 'string', format: 'date-time' },
  };
  const extensions: JsonObject = {};
  const required = ['sourcedId', 'status', 'dateLastModified'];
  for (const f of entity.fields) {
    const own = fieldProperties(f, version);
    Object.assign(f.extension ? extensions : properties, own);
    if (!f.extension && f.required[version] === true) required.push(...Object.keys(own));
  }
  // Free extension data also lands in metadata, so it stays open; the hub's own extensions are typed.
  properties.metadata = { type: 'object', properties: extensions, additionalProperties: true };
  return { ...closed(properties, required), description: `A OneRoster ${version} ${entity.singular}.` };
}
