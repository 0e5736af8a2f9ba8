/**
 * A second process that runs a sync and stops inside its commit transaction: started with
 * `fork(this file, [databaseUrl, connectionId])`, it sends `{ inCommit: true }` once the users
 * have been written (the transaction still open) and then waits for ever — for the parent to
 * SIGKILL it. No sleep: the parent acts on the message.
 */
import { hubTableSpecs } from '../../src/hub/index.ts';
import { openStore } from '../../src/store/index.ts';
import { runSync, systemClientDeps } from '../../src/sync/index.ts';

const [url, connectionId] = process.argv.slice(2);
if (url === undefined || connectionId === undefined) throw new Error('usage: commit-child <databaseUrl> <connectionId>');
const store = await openStore({ url, extraTables: hubTableSpecs() });
await runSync({ store, box: undefined, clientDeps: systemClientDeps(), clock: store.clock }, connectionId, {
  trigger: 'schedule',
  hooks: {
    afterPage: async (entity) => {
      if (entity !== 'users') return;
      process.send?.({ inCommit: true });
      await new Promise<never>(() => undefined);
    },
  },
});
process.send?.({ finished: true });
