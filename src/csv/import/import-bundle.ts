import { csvEntitiesFor, entityDecl, isEntityName, type UserRecord } from '../../model/index.ts';
import { isoTimestamp } from '../../kernel/index.ts';
import { districtIds, readRecords, upsertRecords, type Store } from '../../store/index.ts';
import type { BundleReader } from '../bundle/index.ts';
import { readManifest, type Manifest } from '../manifest.ts';
import type { ProblemLog } from '../problems.ts';
import { FileReadError, openCsv } from '../rows.ts';
import { mergeChildren, readRoles, readUserProfiles } from './child-files.ts';
import { importEntityFile, type ImportRun } from './entity-file.ts';
import { importFromBundle, type ImportOutcome } from './import-from-bundle.ts';
import { ReferenceChecker } from './references.ts';

export interface ImportOptions {
  /** The district the bundle belongs to; otherwise the bundle's one district org, or the store's one district. */
  districtId?: string;
  /** Stop collecting details after this many problems (default 100). */
  maxProblems?: number;
  onProgress?(file: string, rows: number): void;
}

export interface ImportReport extends ImportOutcome {
  version?: string;
  districtId?: string;
}

async function districtsInOrgsFile(bundle: BundleReader): Promise<string[]> {
  const csv = await openCsv(bundle, 'orgs.csv');
  const id = csv.header.indexOf('sourcedId');
  const type = csv.header.indexOf('type');
  const status = csv.header.indexOf('status');
  const found: string[] = [];
  for await (const row of csv.rows) {
    if (row.cells[type] === 'district' && row.cells[status] !== 'tobedeleted' && row.cells[id] !== undefined) found.push(row.cells[id]);
  }
  return found;
}

async function chooseDistrict(store: Store, bundle: BundleReader, manifest: Manifest, options: ImportOptions, problems: ProblemLog): Promise<string | undefined> {
  if (options.districtId !== undefined) return options.districtId;
  const mode = manifest.modes.get('orgs');
  if (mode !== undefined && mode !== 'absent' && bundle.has('orgs.csv')) {
    try {
      const inBundle = await districtsInOrgsFile(bundle);
      if (inBundle.length === 1) return inBundle[0];
      if (inBundle.length > 1) {
        problems.add({ file: 'orgs.csv', rule: 'district', message: `the bundle holds ${inBundle.length} district orgs (${inBundle.slice(0, 3).join(', ')}); import it once per district with --district` });
        return undefined;
      }
    } catch (error) {
      if (!(error instanceof FileReadError)) throw error;
      problems.add(error.problem);
      return undefined;
    }
  }
  const known = await districtIds(store.db);
  if (known.length === 1) return known[0];
  problems.add({ file: 'orgs.csv', rule: 'district', message: known.length === 0 ? 'the bundle has no district org and the store holds none; name the district with --district' : `the store holds ${known.length} districts; name the one this bundle belongs to with --district` });
  return undefined;
}

/** 1.2 role/profile rows for users that users.csv did not list: merged into the stored users. */
async function applyRemainingChildren(run: ImportRun): Promise<void> {
  const roles = run.roles?.remaining() ?? new Map();
  const profiles = run.userProfiles?.remaining() ?? new Map();
  const ids = new Set([...roles.keys(), ...profiles.keys()]);
  if (ids.size === 0 || run.problems.any) return;
  const users = entityDecl('users');
  const stored = await readRecords(run.db, run.dialect, users, ids);
  const changed: UserRecord[] = [];
  for (const id of ids) {
    const user = stored.get(id);
    if (user === undefined) continue; // reported by the reference check
    user.roles = mergeChildren(user.roles, roles.get(id) ?? []);
    const mergedProfiles = mergeChildren(user.userProfiles ?? [], profiles.get(id) ?? []);
    if (mergedProfiles.length > 0) user.userProfiles = mergedProfiles;
    else delete user.userProfiles;
    changed.push(user);
  }
  await upsertRecords(run.db, run.dialect, users, changed, run.write);
}

/**
 * Imports a OneRoster CSV bundle (zip or folder) in one transaction: everything is validated,
 * every problem reported with file, line, column and rule, and with any problem nothing is written.
 */
export function importBundle(store: Store, location: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importFromBundle<ImportReport>(location, options.maxProblems, {
    unopened: (outcome) => outcome,
    run: async ({ bundle, problems, counts, outcome, allOrNothing }) => {
      const report = (extra: Partial<ImportReport>): ImportReport => ({ ...outcome(), ...extra });
      const manifest = await readManifest(bundle, problems);
      if (manifest === undefined || problems.any) return report({ ...(manifest ? { version: manifest.version } : {}) });
      const districtId = await chooseDistrict(store, bundle, manifest, options, problems);
      if (districtId === undefined) return report({ version: manifest.version });
      const write = { districtId, now: isoTimestamp(store.clock.now()) };
      await allOrNothing(store.db, async (trx) => {
        const base: ImportRun = {
          db: trx,
          dialect: store.dialect,
          bundle,
          version: manifest.version,
          write,
          problems,
          references: new ReferenceChecker(),
          ...(options.onProgress ? { onRows: options.onProgress } : {}),
        };
        const childMode = (name: string): boolean => manifest.version === '1.2' && (manifest.modes.get(name) ?? 'absent') !== 'absent';
        const run: ImportRun = {
          ...base,
          ...(childMode('roles') ? { roles: await readRoles(base) } : {}),
          ...(childMode('userProfiles') ? { userProfiles: await readUserProfiles(base) } : {}),
        };
        for (const entity of csvEntitiesFor(manifest.version)) {
          const mode = manifest.modes.get(entity.name) ?? 'absent';
          if (mode !== 'absent') counts[entity.name] = await importEntityFile(run, entity, mode);
          if (entity.name === 'users') await applyRemainingChildren(run);
          if (problems.full) break;
        }
        if (!problems.full) await run.references.resolve(trx, store.dialect, problems);
      });
      // A large write changes what the planners should do; give them the new row counts.
      if (!problems.any) await store.dialect.analyze(store.db, Object.keys(counts).filter(isEntityName).map((name) => entityDecl(name).table));
      return report({ version: manifest.version, districtId });
    },
  });
}
