import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, importBundle, writeBundle } from '../../src/csv/index.ts';
import { createDemoDistrict } from '../../src/demo/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { VERSIONS } from '../../src/model/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { validFiles, writeBundleFolder } from '../support/bundles.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

function folderText(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe.each(engines())('CSV round trip on %s', (engine) => {
  const opened: Array<{ db: TestDatabase; store: Store }> = [];
  const work = mkdtempSync(join(tmpdir(), 'rb-roundtrip-'));
  const fresh = async (clock = fixedClock('2026-09-01T10:00:00.000Z')): Promise<Store> => {
    const db = await createTestDatabase(engine);
    const store = await openStore({ url: db.url, clock });
    opened.push({ db, store });
    return store;
  };
  let source: Store;

  beforeAll(async () => {
    const district = createDemoDistrict({ students: 120, seed: 'round-trip', schoolYear: 2027 });
    const generated = join(work, 'generated');
    await writeBundle(generated, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk' });
    source = await fresh();
    const report = await importBundle(source, generated);
    expect(report.problems).toEqual([]);
  });
  afterAll(async () => {
    for (const { db, store } of opened) {
      await store.close();
      await db.drop();
    }
  });

  it.each(VERSIONS)('export %s → import into an empty store → export gives the same files', async (version) => {
    const first = join(work, `first-${version}-${engine}`);
    await exportBundle(source, first, { version });
    const target = await fresh();
    const report = await importBundle(target, first);
    expect(report.problems).toEqual([]);
    const second = join(work, `second-${version}-${engine}.zip`);
    const secondDir = join(work, `second-${version}-${engine}`);
    await exportBundle(target, second, { version });
    await exportBundle(target, secondDir, { version });
    expect(folderText(secondDir)).toEqual(folderText(first));
    const users = folderText(first)['users.csv'] ?? '';
    expect(users.split('\n').length).toBeGreaterThan(120);
  });

  it('a delta export carries what changed since, tombstones included, with status and dateLastModified', async () => {
    const clock = fixedClock('2026-09-01T10:00:00.000Z');
    const store = await fresh(clock);
    expect((await importBundle(store, writeBundleFolder(validFiles()))).ok).toBe(true);
    clock.set('2026-09-05T10:00:00.000Z');
    const files = validFiles();
    const withoutBen = {
      ...files,
      'users.csv': (files['users.csv'] ?? '').split('\n').filter((l) => !l.startsWith('u-s2')).join('\n'),
      'enrollments.csv': (files['enrollments.csv'] ?? '').split('\n').filter((l) => !l.startsWith('e-s2')).join('\n'),
    };
    expect((await importBundle(store, writeBundleFolder(withoutBen))).ok).toBe(true);
    const delta = join(work, `delta-${engine}`);
    await exportBundle(store, delta, { version: '1.1', since: '2026-09-02T00:00:00.000Z' });
    const out = folderText(delta);
    expect(out['users.csv']?.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^u-s2,tobedeleted,2026-09-05T10:00:00.000Z,/)]);
    expect(out['enrollments.csv']).toContain('e-s2,tobedeleted,2026-09-05T10:00:00.000Z,');
    // the class lost a student, so it is in the delta as a change (active)
    expect(out['classes.csv']).toContain('c1,active,2026-09-05T10:00:00.000Z,');
    expect(out['orgs.csv']?.trim().split('\n')).toHaveLength(1);
    expect(out['manifest.csv']).toContain('file.users,delta');
  });
});
