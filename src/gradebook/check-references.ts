import { entityDecl, type AnyRecord, type EntityDecl, type FieldDecl, type InputProblem, type Version } from '../model/index.ts';
import { findRecord, queryRecords, type Condition, type Db, type StoreDialect, type Visibility } from '../store/index.ts';
import { REFERENCE_RULES } from './write-rules.ts';

/** A path parameter of a bulk create that the written records must agree with. */
export interface Bind {
  /** The record's reference field the parameter stands for (`class`), or, with `via`, leads to. */
  readonly field: string;
  /** The parameter names this field of the record `field` references (a lineItem's gradingPeriod). */
  readonly via?: string;
  readonly value: string;
}

export interface CheckContext {
  readonly db: Db;
  readonly dialect: StoreDialect;
  readonly version: Version;
  readonly visibility: Visibility;
}

type Fields = Record<string, unknown>;

function refField(entity: EntityDecl, name: string): (FieldDecl & { type: { kind: 'ref' } }) | undefined {
  const f = entity.fields.find((x) => x.name === name);
  return f !== undefined && f.type.kind === 'ref' ? (f as FieldDecl & { type: { kind: 'ref' } }) : undefined;
}

/** The problem path of a field: its JSON name in the version, else its model name (fields filled in). */
function pathOf(f: FieldDecl, version: Version): string {
  return f.json[version] ?? f.name;
}

/** An active record of `entity` the caller can see, or undefined. */
export async function visibleActive(ctx: CheckContext, entity: EntityDecl, id: string, where: readonly Condition[] = []): Promise<AnyRecord | undefined> {
  const found = await findRecord(ctx.db, ctx.dialect, { entity, version: ctx.version, visibility: ctx.visibility, conditions: where }, id);
  return found?.status === 'active' ? found : undefined;
}

/**
 * Checks a record's references against the store within the caller's visibility and fills in what
 * follows from them (REFERENCE_RULES). Mutates `record` only by filling absent fields; returns the
 * problems (paths under `at`), none when the record may be written.
 */
export async function checkReferences(ctx: CheckContext, entity: EntityDecl, record: AnyRecord, at: string, binds: readonly Bind[] = []): Promise<InputProblem[]> {
  const fields: Fields = record;
  const problems: InputProblem[] = [];
  const add = (f: FieldDecl, rule: string, message: string): void => {
    problems.push({ path: `${at}.${pathOf(f, ctx.version)}.sourcedId`, rule, message });
  };
  const loaded = new Map<string, AnyRecord | undefined>();
  const load = async (f: FieldDecl & { type: { kind: 'ref' } }): Promise<AnyRecord | undefined> => {
    if (loaded.has(f.name)) return loaded.get(f.name);
    const id = fields[f.name];
    const target = entityDecl(f.type.target);
    const found = typeof id === 'string' ? await visibleActive(ctx, target, id) : undefined;
    if (typeof id === 'string' && found === undefined) add(f, 'reference', `no ${target.singular} '${id}' that this access can see`);
    loaded.set(f.name, found);
    return found;
  };

  for (const bind of binds.filter((b) => b.via === undefined)) {
    const f = refField(entity, bind.field);
    if (f === undefined) continue;
    if (fields[f.name] === undefined) fields[f.name] = bind.value;
    else if (fields[f.name] !== bind.value) add(f, 'mismatch', `must be '${bind.value}', the ${f.name} in the URL`);
  }
  for (const f of entity.fields) {
    const ref = refField(entity, f.name);
    if (ref !== undefined) await load(ref);
  }

  for (const rule of REFERENCE_RULES[entity.name] ?? []) {
    const f = refField(entity, rule.field);
    const via = rule.kind === 'typeOf' ? undefined : refField(entity, rule.via);
    if (f === undefined) continue;
    if (rule.kind === 'typeOf') {
      const target: Fields | undefined = await load(f);
      if (target !== undefined && !rule.values.includes(String(target.type))) add(f, 'reference', `must name a ${rule.values.join(' or ')}`);
      continue;
    }
    const viaRecord: Fields | undefined = via === undefined ? undefined : await load(via);
    if (viaRecord === undefined || viaRecord[rule.viaField] === undefined) continue;
    const expected = String(viaRecord[rule.viaField]);
    if (rule.kind === 'sameAs') {
      if (fields[f.name] === undefined) {
        fields[f.name] = expected;
        loaded.delete(f.name);
        await load(f);
      } else if (fields[f.name] !== expected) add(f, 'mismatch', `must be '${expected}', the ${rule.viaField} of the ${rule.via}`);
      continue;
    }
    const user = fields[f.name];
    if (typeof user !== 'string') continue;
    const enrollment: Condition[] = [
      { kind: 'equals', column: 'user_id', value: user },
      { kind: 'equals', column: 'class_id', value: expected },
      { kind: 'equals', column: 'role', value: rule.role },
      { kind: 'equals', column: 'status', value: 'active' },
    ];
    const enrolled = await findEnrollment(ctx, enrollment);
    if (!enrolled) add(f, 'enrollment', `'${user}' has no active ${rule.role} enrollment in class '${expected}'`);
  }

  for (const bind of binds.filter((b) => b.via !== undefined)) {
    const f = refField(entity, bind.field);
    const target: Fields | undefined = f === undefined ? undefined : loaded.get(f.name);
    if (f !== undefined && target !== undefined && target[bind.via ?? ''] !== bind.value) add(f, 'mismatch', `its ${bind.via} must be '${bind.value}', as in the URL`);
  }
  return problems;
}

async function findEnrollment(ctx: CheckContext, where: Condition[]): Promise<boolean> {
  const entity = entityDecl('enrollments');
  const page = await queryRecords(ctx.db, ctx.dialect, { entity, version: ctx.version, visibility: ctx.visibility, conditions: where }, { limit: 1, offset: 0 });
  return page.total > 0;
}
