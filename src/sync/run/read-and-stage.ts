import type { EntityDecl } from '../../model/index.ts';
import type { EntityCounts, SyncRules, UniquenessIndex } from '../pipeline/index.ts';
import { spoolEntity, type EntityReadInfo, type SourceWatch } from './read-source.ts';
import type { SourceItem, SyncSource } from './source.ts';
import type { Spool } from './spool.ts';
import { stageEntity, type StageRun } from './stage-entity.ts';
import type { EntityRunCounts } from './sync-run.ts';

export interface StagedEntity {
  readonly entity: EntityDecl;
  readonly counts: EntityRunCounts;
  readonly guard: EntityCounts;
}

/** Whether users can be judged only once the enrollments are known: staff who teach, or users linked to a kept class. */
export function usersNeedEnrollments(rules: SyncRules): boolean {
  return rules.staffMode === 'teaching' || rules.filters?.users?.includeLinked === true;
}

/**
 * Reads the source entity by entity (in ENTITIES order) and stages each one as it arrives, so the
 * provider prepares the next page while this one goes through the rules. An entity is spooled to
 * disk first only when it must be passed over twice or wait for a later one: orgs (the source's
 * schools are learnt before they are mapped), and — when the rules need them — users, held until
 * the enrollments that say who teaches or is linked to a kept class have been read.
 */
export async function readAndStage(
  source: SyncSource,
  run: StageRun,
  spool: Spool,
  watch: SourceWatch,
  uniquenessFor: (entity: EntityDecl) => Promise<UniquenessIndex | undefined>,
): Promise<StagedEntity[]> {
  const staged: StagedEntity[] = [];
  const stage = async (entity: EntityDecl, info: EntityReadInfo, items: AsyncIterable<SourceItem>): Promise<void> => {
    staged.push({ entity, ...(await stageEntity(run, entity, { ...info, items }, await uniquenessFor(entity))) });
  };
  const waitForEnrollments = usersNeedEnrollments(run.settings.rules);
  let heldUsers: { entity: EntityDecl; info: EntityReadInfo } | undefined;
  const stageHeldUsers = async (): Promise<void> => {
    if (heldUsers === undefined) return;
    const { entity, info } = heldUsers;
    heldUsers = undefined;
    await run.context.learnEnrollments(spool);
    await stage(entity, info, spool.read(entity.name));
  };
  for (const entity of source.entities) {
    const read = await source.read(entity);
    if (read === undefined) continue;
    if (entity.name === 'orgs') {
      const info = await spoolEntity(read, spool.writer(entity.name), watch);
      await run.context.learnSchools(spool);
      await stage(entity, info, spool.read(entity.name));
    } else if (entity.name === 'users' && waitForEnrollments) {
      heldUsers = { entity, info: await spoolEntity(read, spool.writer(entity.name), watch) };
    } else if (entity.name === 'enrollments' && heldUsers !== undefined) {
      const info = await spoolEntity(read, spool.writer(entity.name), watch);
      await stageHeldUsers();
      await stage(entity, info, spool.read(entity.name));
    } else {
      // Whatever comes after users depends on them: a source without enrollments stages them here.
      await stageHeldUsers();
      await stage(entity, { full: read.full, origin: read.origin }, watch.watch(read.items));
    }
  }
  await stageHeldUsers();
  return staged;
}
