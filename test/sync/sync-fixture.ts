import { hubTableSpecs } from '../../src/hub/index.ts';
import type { Store } from '../../src/store/index.ts';

/** Every row of every hub table as text: what a database dump would show. */
export async function dumpHubTables(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const spec of hubTableSpecs()) parts.push(`${spec.name}: ${JSON.stringify(await store.db.selectFrom(spec.name).selectAll().execute())}`);
  return parts.join('\n');
}
