import { columnName, entityDecl, type AttendanceEntityName, type EntityName } from '../../model/index.ts';
import { activeRowsAmong, type Db, type StoreDialect } from '../../store/index.ts';
import type { ProblemLog } from '../problems.ts';

interface Location {
  file: string;
  line: number;
  column: string;
}

interface Pending {
  at: Location;
  uses: number;
}

/** Which roster record each reference of an attendance file must name. */
const TARGETS: Readonly<Record<string, EntityName>> = { student: 'users', school: 'orgs', class: 'classes' };

/**
 * References from attendance rows into the roster, checked against the store once the files are
 * read (in batches): a student is an active user of the district, a school an active org of type
 * school, a class an active class — of the same school as the row. Each dangling id is reported
 * once, at its first use, with how often it was used.
 */
export class AttendanceReferences {
  private readonly pending = new Map<EntityName, Map<string, Pending>>();
  /** class → school → where that pairing was first used. */
  private readonly classSchools = new Map<string, Map<string, Location>>();

  /** Notes the references of one row (`record` fields named like the model's reference fields). */
  require(entity: AttendanceEntityName, record: Readonly<Record<string, unknown>>, file: string, line: number): void {
    for (const [field, target] of Object.entries(TARGETS)) {
      const id = record[field];
      if (typeof id !== 'string' || id === '') continue;
      this.note(target, id, { file, line, column: `${field}SourcedId` });
    }
    const school = record.school;
    if (entity === 'periodAttendance' && typeof record.class === 'string' && typeof school === 'string') {
      let schools = this.classSchools.get(record.class);
      if (schools === undefined) this.classSchools.set(record.class, (schools = new Map()));
      if (!schools.has(school)) schools.set(school, { file, line, column: 'classSourcedId' });
    }
  }

  private note(target: EntityName, id: string, at: Location): void {
    let waiting = this.pending.get(target);
    if (waiting === undefined) this.pending.set(target, (waiting = new Map()));
    const seen = waiting.get(id);
    if (seen === undefined) waiting.set(id, { at, uses: 1 });
    else seen.uses++;
  }

  async resolve(db: Db, dialect: StoreDialect, districtId: string, problems: ProblemLog): Promise<void> {
    const orgType = columnName(fieldOf('orgs', 'type'));
    const classSchool = columnName(fieldOf('classes', 'school'));
    for (const [target, waiting] of this.pending) {
      const extra = target === 'orgs' ? [orgType] : target === 'classes' ? [classSchool] : [];
      const found = await activeRowsAmong(db, dialect, entityDecl(target), districtId, waiting.keys(), extra);
      for (const [id, { at, uses }] of waiting) {
        const row = found.get(id);
        const more = uses > 1 ? ` (used ${uses} times)` : '';
        if (row === undefined) {
          problems.add({ ...at, rule: 'reference', message: `${at.column} '${id}' does not match any active ${target} record of district '${districtId}'${more}` });
        } else if (target === 'orgs' && row[orgType] !== 'school') {
          problems.add({ ...at, rule: 'reference', message: `${at.column} '${id}' is an org of type '${String(row[orgType])}', not a school${more}` });
        } else if (target === 'classes') {
          for (const [school, where] of this.classSchools.get(id) ?? []) {
            if (row[classSchool] !== school) {
              problems.add({ ...where, rule: 'reference', message: `class '${id}' belongs to school '${String(row[classSchool])}', not to schoolSourcedId '${school}'` });
            }
          }
        }
      }
    }
  }
}

function fieldOf(entity: EntityName, name: string) {
  const found = entityDecl(entity).fields.find((f) => f.name === name);
  if (found === undefined) throw new Error(`${entity} has no field ${name}`);
  return found;
}
