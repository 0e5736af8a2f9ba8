import { HubError } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';

/**
 * Configurations name a district and schools by their OneRoster sourcedIds; a typo would silently
 * give a vendor nothing (or the wrong thing), so they must exist in the roster when saved.
 */
export async function requireDistrictAndSchools(db: Db, districtId: string, schoolIds: readonly string[] | null): Promise<void> {
  const district = await db
    .selectFrom('or_orgs')
    .select('sourced_id')
    .where('sourced_id', '=', districtId)
    .where('type', '=', 'district')
    .where('status', '!=', 'tobedeleted')
    .executeTakeFirst();
  if (district === undefined) {
    throw new HubError('invalid_argument', `no district org '${districtId}' in the roster (import the district first; orgs of type district are listed by rosterbridge export)`);
  }
  await requireSchools(db, schoolIds ?? [], districtId);
}

/** Schools (orgs of type school) that exist, optionally inside one district. */
export async function requireSchools(db: Db, schoolIds: readonly string[], districtId?: string): Promise<void> {
  if (schoolIds.length === 0) return;
  let query = db.selectFrom('or_orgs').select('sourced_id').where('sourced_id', 'in', [...schoolIds]).where('type', '=', 'school').where('status', '!=', 'tobedeleted');
  if (districtId !== undefined) query = query.where('district_id', '=', districtId);
  const found = new Set((await query.execute()).map((r) => String(r['sourced_id'])));
  const missing = schoolIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const where = districtId === undefined ? 'the roster' : `district '${districtId}'`;
    throw new HubError('invalid_argument', `no school org ${missing.map((m) => `'${m}'`).join(', ')} in ${where}`);
  }
}
