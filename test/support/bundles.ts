import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITIES, type EntityDecl } from '../../src/model/index.ts';
import { streamRecords, type Store } from '../../src/store/index.ts';

export const MANIFEST_11 = (modes: Record<string, string>): string =>
  [
    'propertyName,value',
    'manifest.version,1.0',
    'oneroster.version,1.1',
    ...['academicSessions', 'categories', 'classes', 'classResources', 'courses', 'courseResources', 'demographics', 'enrollments', 'lineItems', 'orgs', 'resources', 'results', 'users'].map(
      (f) => `file.${f},${modes[f] ?? 'absent'}`,
    ),
  ].join('\n');

/** A small valid 1.1 district: one school, one term, one class, a teacher, two students, a parent. */
export function validFiles(): Record<string, string> {
  return {
    'orgs.csv': ['sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId', 'd1,,,Maple District,district,100,', 's1,,,Maple High,school,101,d1'].join('\n'),
    'academicSessions.csv': [
      'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
      'y1,,,2026-2027,schoolYear,2026-08-20,2027-06-05,,2027',
      't1,,,Fall,term,2026-08-20,2027-01-15,y1,2027',
    ].join('\n'),
    'courses.csv': ['sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes', 'co1,,,y1,Algebra I,ALG1,"09,10",s1,Mathematics,02052'].join('\n'),
    'classes.csv': [
      'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
      'c1,,,Algebra I - P1,09,co1,ALG1-1,scheduled,Room 101,s1,t1,Mathematics,02052,1',
    ].join('\n'),
    'users.csv': [
      'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
      'u-t,,,true,s1,teacher,tpark,{employeeId:E1},Tess,Park,,E1,tpark@example.org,,,,,',
      'u-s1,,,true,s1,student,alee,{studentNumber:1001},Ana,Lee,,1001,alee@example.org,,,u-p,09,',
      'u-s2,,,TRUE,s1,student,bkim,"{studentNumber:1002},{LDAP:bkim}",Ben,Kim,,1002,,,,,09,',
      'u-p,,,true,s1,parent,plee,,Pat,Lee,,,plee@example.org,,555-0100,u-s1,,',
    ].join('\n'),
    'enrollments.csv': [
      'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
      'e-t,,,c1,s1,u-t,teacher,true,2026-08-20,2027-01-15',
      'e-s1,,,c1,s1,u-s1,student,false,2026-08-20,2027-01-15',
      'e-s2,,,c1,s1,u-s2,student,false,2026-08-20,2027-01-15',
    ].join('\n'),
  };
}

export const ALL_CORE = { orgs: 'bulk', academicSessions: 'bulk', courses: 'bulk', classes: 'bulk', users: 'bulk', enrollments: 'bulk' };

/** Writes a bundle folder; `manifest` is the manifest.csv text. */
export function writeBundleFolder(files: Record<string, string | Buffer>, manifest: string = MANIFEST_11(ALL_CORE)): string {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bundle-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.csv'), manifest);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** Every record of every entity, tombstones included, as text: equal snapshots mean an unchanged store. */
export async function snapshot(store: Store, entities: readonly EntityDecl[] = ENTITIES): Promise<string> {
  const parts: string[] = [];
  for (const entity of entities) {
    for await (const r of streamRecords(store.db, store.dialect, entity, { includeTombstones: true })) parts.push(JSON.stringify([entity.name, r]));
  }
  return parts.join('\n');
}
