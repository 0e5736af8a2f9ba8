import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBundle, importBundle, type ImportReport } from '../../src/csv/index.ts';
import { fixedClock } from '../../src/kernel/index.ts';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { openStore, readRecords, type Store } from '../../src/store/index.ts';
import { ALL_CORE, MANIFEST_11, snapshot, validFiles, writeBundleFolder } from '../support/bundles.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/engines.ts';

const T1 = '2026-09-01T10:00:00.000Z';
const T2 = '2026-09-02T10:00:00.000Z';

function problemsOf(report: ImportReport): string[] {
  return report.problems.map((p) => `${p.file}:${p.line ?? '-'}:${p.column ?? '-'}:${p.rule}`);
}

function edit(files: Record<string, string>, file: string, from: string, to: string): Record<string, string> {
  const text = files[file];
  if (text === undefined || !text.includes(from)) throw new Error(`fixture ${file} has no '${from}'`);
  return { ...files, [file]: text.replace(from, to) };
}

describe.each(engines())('CSV import on %s', (engine) => {
  let database: TestDatabase;
  let store: Store;
  const clock = fixedClock(T1);

  beforeEach(async () => {
    clock.set(T1);
    database = await createTestDatabase(engine);
    store = await openStore({ url: database.url, clock });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('imports a valid bundle, and re-importing it changes nothing', async () => {
    const dir = writeBundleFolder(validFiles());
    const first = await importBundle(store, dir);
    expect(first.problems).toEqual([]);
    expect(first.districtId).toBe('d1');
    expect(first.counts.users).toMatchObject({ rows: 4, created: 4 });
    const user = (await readRecords(store.db, store.dialect, entityDecl('users'), ['u-s2'])).get('u-s2');
    expect(user?.userIds).toEqual([{ type: 'studentNumber', identifier: '1002' }, { type: 'LDAP', identifier: 'bkim' }]);
    expect(user?.enabledUser).toBe(true);
    clock.set(T2);
    const second = await importBundle(store, dir);
    expect(second.counts.users).toMatchObject({ created: 0, updated: 0, unchanged: 4, deleted: 0 });
    expect(second.counts.enrollments).toMatchObject({ unchanged: 3 });
  });

  describe('rejects a bad bundle with a precise problem and leaves the store exactly as it was', () => {
    let before: string;
    beforeEach(async () => {
      expect((await importBundle(store, writeBundleFolder(validFiles()))).ok).toBe(true);
      before = await snapshot(store);
      clock.set(T2);
    });

    async function rejects(files: Record<string, string | Buffer>, manifest?: string): Promise<ImportReport> {
      const report = await importBundle(store, writeBundleFolder(files, manifest));
      expect(report.ok).toBe(false);
      expect(await snapshot(store)).toBe(before);
      return report;
    }

    it('a missing required header', async () => {
      const files = validFiles();
      const users = (files['users.csv'] ?? '').split('\n').map((l) => l.split(',').filter((_, i) => i !== 5).join(','));
      const report = await rejects({ ...files, 'users.csv': users.join('\n') });
      expect(problemsOf(report)).toContain('users.csv:1:role:header');
    });

    it('a misspelt header, with a suggestion', async () => {
      const report = await rejects(edit(validFiles(), 'orgs.csv', 'sourcedId,status,dateLastModified', 'sourcedId,status,datelastmodified'));
      expect(report.problems[0]?.message).toContain("did you mean 'dateLastModified'");
    });

    it('a value outside the vocabulary', async () => {
      const report = await rejects(edit(validFiles(), 'users.csv', 's1,teacher,tpark', 's1,wizard,tpark'));
      expect(problemsOf(report)).toEqual(['users.csv:2:role:vocabulary']);
      expect(report.problems[0]?.message).toContain("'wizard' is not a 1.1 role");
    });

    it('a dangling reference across files', async () => {
      const report = await rejects(edit(validFiles(), 'enrollments.csv', 'e-s2,,,c1,', 'e-s2,,,c-nowhere,'));
      expect(problemsOf(report)).toEqual(['enrollments.csv:4:classSourcedId:reference']);
    });

    it('a bad date', async () => {
      const report = await rejects(edit(validFiles(), 'enrollments.csv', 'e-s1,,,c1,s1,u-s1,student,false,2026-08-20', 'e-s1,,,c1,s1,u-s1,student,false,1/05/2023'));
      expect(problemsOf(report)).toEqual(['enrollments.csv:3:beginDate:date']);
    });

    it('a duplicate sourcedId', async () => {
      const files = validFiles();
      const report = await rejects({ ...files, 'orgs.csv': `${files['orgs.csv']}\ns1,,,Maple High Again,school,102,d1` });
      expect(problemsOf(report)).toEqual(['orgs.csv:4:sourcedId:duplicate']);
    });

    it('malformed userIds', async () => {
      const report = await rejects(edit(validFiles(), 'users.csv', '{employeeId:E1}', 'employeeId=E1'));
      expect(problemsOf(report)).toEqual(['users.csv:2:userIds:userIds']);
    });

    it('wrong encoding', async () => {
      const latin1 = Buffer.from((validFiles()['users.csv'] ?? '').replace('Ana,Lee', 'Ana,L\u00e9e'), 'latin1');
      const report = await rejects({ ...validFiles(), 'users.csv': latin1 });
      expect(problemsOf(report)).toEqual(['users.csv:3:-:encoding']);
    });

    it('a truncated zip', async () => {
      const dir = writeBundleFolder(validFiles());
      const zip = join(dir, 'bundle.zip');
      const exported = await importBundle(store, dir);
      expect(exported.ok).toBe(true);
      await exportBundle(store, zip, { version: '1.1' });
      const bytes = readFileSync(zip);
      writeFileSync(zip, bytes.subarray(0, bytes.length - 200));
      const now = await snapshot(store);
      const report = await importBundle(store, zip);
      expect(report.ok).toBe(false);
      expect(report.problems[0]?.rule).toBe('bundle');
      expect(report.problems[0]?.message).toContain('truncated or damaged');
      expect(await snapshot(store)).toBe(now);
    });

    it('a manifest that lists a missing file, or no manifest at all', async () => {
      const report = await rejects(validFiles(), MANIFEST_11({ ...ALL_CORE, demographics: 'bulk' }));
      expect(report.problems[0]?.message).toContain('demographics.csv is not in the bundle');
    });

    it('a delta row without status and dateLastModified', async () => {
      const files = { 'orgs.csv': 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\ns2,,,New School,school,103,d1' };
      const report = await rejects(files, MANIFEST_11({ orgs: 'delta' }));
      expect(problemsOf(report)).toEqual(['orgs.csv:2:status:required', 'orgs.csv:2:dateLastModified:required']);
    });

    it('reports every problem across files, not only the first', async () => {
      let files = edit(validFiles(), 'users.csv', 's1,teacher,tpark', 's1,wizard,tpark');
      files = edit(files, 'classes.csv', ',scheduled,', ',lecture,');
      files = edit(files, 'enrollments.csv', 'e-s2,,,c1,s1,u-s2', 'e-s2,,,c1,s1,u-ghost');
      const report = await rejects(files);
      expect(problemsOf(report)).toEqual(['classes.csv:2:classType:vocabulary', 'users.csv:2:role:vocabulary', 'enrollments.csv:4:userSourcedId:reference']);
    });
  });

  it('bulk files are the whole truth: records they no longer list become tombstones', async () => {
    await importBundle(store, writeBundleFolder(validFiles()));
    clock.set(T2);
    const files = validFiles();
    const withoutBen = {
      ...files,
      'users.csv': (files['users.csv'] ?? '').split('\n').filter((l) => !l.startsWith('u-s2')).join('\n'),
      'enrollments.csv': (files['enrollments.csv'] ?? '').split('\n').filter((l) => !l.startsWith('e-s2')).join('\n'),
    };
    const report = await importBundle(store, writeBundleFolder(withoutBen));
    expect(report.counts.users).toMatchObject({ deleted: 1, unchanged: 3 });
    const ben = (await readRecords(store.db, store.dialect, entityDecl('users'), ['u-s2'])).get('u-s2');
    expect([ben?.status, ben?.dateLastModified, ben?.givenName]).toEqual(['tobedeleted', T2, 'Ben']);
    // the class lost a student: it changed for delta readers too
    const klass = (await readRecords(store.db, store.dialect, entityDecl('classes'), ['c1'])).get('c1');
    expect(klass?.dateLastModified).toBe(T2);
  });

  it('delta files upsert and delete explicitly; absent files are untouched', async () => {
    await importBundle(store, writeBundleFolder(validFiles()));
    clock.set(T2);
    const delta = {
      'users.csv': [
        'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
        'u-s1,active,2026-09-02T08:00:00Z,true,s1,student,alee,,Ana,Lee-Park,,1001,alee@example.org,,,u-p,09,',
        'u-s3,active,2026-09-02T08:00:00Z,true,s1,student,cdoe,,Cy,Doe,,1003,,,,,09,',
        'u-s2,tobedeleted,2026-09-02T08:00:00Z,,,,,,,,,,,,,,,',
      ].join('\n'),
    };
    const report = await importBundle(store, writeBundleFolder(delta, MANIFEST_11({ users: 'delta' })));
    expect(report.problems).toEqual([]);
    expect(report.counts.users).toMatchObject({ created: 1, updated: 1, deleted: 1 });
    const users = await readRecords(store.db, store.dialect, entityDecl('users'), ['u-s1', 'u-s2', 'u-s3', 'u-t']);
    expect(users.get('u-s1')?.familyName).toBe('Lee-Park');
    expect(users.get('u-s2')?.status).toBe('tobedeleted');
    expect(users.get('u-t')?.dateLastModified).toBe(T1);
    expect(report.counts.orgs).toBeUndefined();
  });

  it('a new enrollment moves the dateLastModified of its class and user, not of others', async () => {
    await importBundle(store, writeBundleFolder(validFiles()));
    clock.set(T2);
    const delta = {
      'enrollments.csv': 'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\ne-p,active,2026-09-02T08:00:00Z,c1,s1,u-p,student,,,',
    };
    expect((await importBundle(store, writeBundleFolder(delta, MANIFEST_11({ enrollments: 'delta' })))).ok).toBe(true);
    const users = await readRecords(store.db, store.dialect, entityDecl('users'), ['u-p', 'u-t']);
    expect(users.get('u-p')?.dateLastModified).toBe(T2);
    expect(users.get('u-t')?.dateLastModified).toBe(T1);
  });

  it('keeps several districts in one store: a bulk import of one never deletes the other', async () => {
    await importBundle(store, writeBundleFolder(validFiles()));
    const other: Record<string, string> = {};
    for (const [file, text] of Object.entries(validFiles())) {
      other[file] = text.replace(/\b(d1|s1|y1|t1|co1|c1|u-t|u-s1|u-s2|u-p|e-t|e-s1|e-s2)\b/g, 'x-$1');
    }
    clock.set(T2);
    const second = await importBundle(store, writeBundleFolder(other));
    expect(second.problems).toEqual([]);
    expect(second.districtId).toBe('x-d1');
    expect(second.counts.users).toMatchObject({ created: 4, deleted: 0 });
    const first = await readRecords(store.db, store.dialect, entityDecl('users'), ['u-s1', 'x-u-s1']);
    expect([first.get('u-s1')?.status, first.get('u-s1')?.dateLastModified, first.get('x-u-s1')?.status]).toEqual(['active', T1, 'active']);
    // with two districts present, a bundle without a district org must say which one it is for
    const delta = { 'orgs.csv': 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\ns9,active,2026-09-02T00:00:00Z,New,school,9,d1' };
    const ambiguous = await importBundle(store, writeBundleFolder(delta, MANIFEST_11({ orgs: 'delta' })));
    expect(ambiguous.problems[0]?.message).toContain('name the one this bundle belongs to with --district');
    expect((await importBundle(store, writeBundleFolder(delta, MANIFEST_11({ orgs: 'delta' })), { districtId: 'd1' })).ok).toBe(true);
  });

  it('accepts 1.2 roles.csv and keeps the roles of users it does not list', async () => {
    const manifest = [
      'propertyName,value',
      'manifest.version,1.0',
      'oneroster.version,1.2',
      'file.orgs,bulk',
      'file.users,bulk',
      'file.roles,bulk',
    ].join('\n');
    const files = {
      'orgs.csv': (validFiles()['orgs.csv'] ?? ''),
      'users.csv': 'sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns\nu1,,,true,jdoe,,Jo,Doe,,,,,,,,,,Joey,,,s1,they/them',
      'roles.csv': 'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\nr1,,,u1,primary,teacher,,,s1,\nr2,,,u1,secondary,districtAdministrator,,,d1,',
    };
    const report = await importBundle(store, writeBundleFolder(files, manifest));
    expect(report.problems).toEqual([]);
    const user = (await readRecords(store.db, store.dialect, entityDecl('users'), ['u1'])).get('u1') as UserRecord;
    expect(user.roles.map((r) => `${r.roleType}:${r.role}@${r.org}`)).toEqual(['primary:teacher@s1', 'secondary:districtAdministrator@d1']);
    expect(user.preferredGivenName).toBe('Joey');
  });
});
