import { ENTITIES, entityDecl, type EntityName } from '../../model/index.ts';
import { activeIdsAmong, type Db, type StoreDialect } from '../../store/index.ts';
import type { ProblemLog } from '../problems.ts';

interface Location {
  file: string;
  line: number;
  column: string;
}

/**
 * References across files: an id resolves when the bundle defines it (anywhere, so forward and
 * self references work) or the store holds it as an active record. Unresolved ids wait until the
 * bundle has been read, then are looked up in the store in batches; each dangling id is reported
 * once, at its first use, with how often it was used.
 */
/** Entities some field points at (demographics and roles point at users); only their ids are kept. */
const REFERENCED = new Set<EntityName>([
  'users',
  'orgs',
  ...ENTITIES.flatMap((e) => e.fields.flatMap((f) => (f.type.kind === 'ref' || f.type.kind === 'refList' ? [f.type.target] : []))),
]);

export class ReferenceChecker {
  private readonly defined = new Map<EntityName, Set<string>>();
  private readonly pending = new Map<EntityName, Map<string, { at: Location; uses: number }>>();

  define(entity: EntityName, id: string): void {
    if (!REFERENCED.has(entity)) return;
    let ids = this.defined.get(entity);
    if (ids === undefined) this.defined.set(entity, (ids = new Set()));
    ids.add(id);
  }

  isDefined(entity: EntityName, id: string): boolean {
    return this.defined.get(entity)?.has(id) === true;
  }

  require(target: EntityName, id: string, at: Location): void {
    if (this.isDefined(target, id)) return;
    let waiting = this.pending.get(target);
    if (waiting === undefined) this.pending.set(target, (waiting = new Map()));
    const seen = waiting.get(id);
    if (seen === undefined) waiting.set(id, { at, uses: 1 });
    else seen.uses++;
  }

  async resolve(db: Db, dialect: StoreDialect, problems: ProblemLog): Promise<void> {
    for (const [target, waiting] of this.pending) {
      const unresolved = [...waiting.keys()].filter((id) => !this.isDefined(target, id));
      const inStore = await activeIdsAmong(db, dialect, entityDecl(target), unresolved);
      for (const id of unresolved) {
        if (inStore.has(id)) continue;
        const { at, uses } = waiting.get(id) ?? { at: undefined, uses: 0 };
        if (at === undefined) continue;
        const more = uses > 1 ? ` (used ${uses} times)` : '';
        problems.add({ ...at, rule: 'reference', message: `${at.column} '${id}' does not match any ${target} record in the bundle or the store${more}` });
      }
    }
  }
}
