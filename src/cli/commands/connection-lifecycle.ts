import type { Command } from 'commander';
import { forgetQueuedRuns, removeSchedule } from '../../jobs/index.ts';
import { HubError, optional } from '../../kernel/index.ts';
import {
  movesToAnotherSftpServer,
  ownedCounts,
  parseSftpLocation,
  probeHostKey,
  removeConnection,
  resolveConnection,
  rotateConnectionSecret,
  systemClientDeps,
  testConnection,
  updateConnection,
  SFTP_TIMEOUT_MS,
  type Connection,
  type ConnectionPatch,
  type ConnectionRemoval,
  type SftpInput,
} from '../../sync/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, cliSecretBox } from './access-support.ts';
import { describeConnection } from './describe-connection.ts';
import { restFlags, whole, type SourceFlags } from './connection-flags.ts';
import { collectPathBase, PATH_BASE_HELP, PATHS_HELP } from './path-options.ts';
import { firstLineOfStdin, keyFile, secretFrom } from './secret-input.ts';

interface UpdateOptions extends SourceFlags {
  name?: string;
  kind?: string;
  district?: string;
}

/** The flags as a patch; a `--kind` or `--district` is passed on so the rules refuse it in words. */
function patchOf(o: UpdateOptions): { patch: ConnectionPatch; secret?: string } {
  if (o.sftpPasswordStdin === true && o.sftpKeyFile !== undefined) throw new HubError('invalid_argument', 'give one SFTP credential: --sftp-password-stdin or --sftp-key-file');
  const rest = restFlags(o);
  const login = o.sftpKeyFile !== undefined ? 'private-key' : o.sftpPasswordStdin === true ? 'password' : undefined;
  const sftp: SftpInput = { ...optional('hostKey', o.sftpHostKey), ...optional('timeoutMs', o.sftpTimeout === undefined ? undefined : o.sftpTimeout * 1000), ...optional('auth', login) };
  const csv = { ...optional('location', o.location), ...(Object.keys(sftp).length > 0 ? { sftp } : {}) };
  const kind = o.kind === 'rest' ? 'oneroster-rest' : o.kind === 'csv' ? 'oneroster-csv' : o.kind;
  const patch: ConnectionPatch = {
    ...optional('name', o.name),
    ...optional('mode', o.mode),
    ...optional('kind', kind),
    ...optional('districtId', o.district),
    ...(Object.keys(rest).length > 0 ? { rest } : {}),
    ...(Object.keys(csv).length > 0 ? { csv } : {}),
  };
  const secret = o.sftpKeyFile !== undefined ? keyFile(o.sftpKeyFile) : o.sftpPasswordStdin === true ? firstLineOfStdin() : undefined;
  return secret === undefined ? { patch } : { patch, secret };
}

/**
 * Moving a connection onto another SFTP server (host or port) without a pin: like `add`, show the
 * fingerprint the server presents, for a person to confirm, and change nothing.
 */
async function refuseUnpinnedServer(current: Connection, o: UpdateOptions): Promise<void> {
  // A malformed location is the update's own checks to name.
  if (o.location === undefined || o.sftpHostKey !== undefined || !movesToAnotherSftpServer(current, o.location) || !parseSftpLocation(o.location).ok) return;
  const presented = await probeHostKey(o.location, o.sftpTimeout === undefined ? SFTP_TIMEOUT_MS.default : o.sftpTimeout * 1000);
  throw new HubError('invalid_argument', `the new SFTP server's host key is not pinned. It presents ${presented}; confirm that with the server's administrator, then run the update again with --sftp-host-key ${presented}`);
}

function counts(byEntity: Readonly<Record<string, number>>): string {
  const parts = Object.entries(byEntity).map(([entity, n]) => `${entity} ${n}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function describeRemoval(r: ConnectionRemoval): string {
  const total = Object.values(r.released).reduce((sum, n) => sum + n, 0);
  const lines = [`Connection ${r.connection.name} removed (its settings, sync settings, secret and schedule are gone; its run history and lineage stay).`];
  if (r.records === 'kept') lines.push(`Its ${total} records stay in the store, no longer owned by any connection (${counts(r.released)}).`);
  else {
    lines.push(`Tombstoned what it owned: ${counts(r.tombstoned)}; delta readers see the deletions.`);
    if (r.shared > 0) lines.push(`${r.shared} records another connection owns too were left as they are.`);
  }
  if (r.outboxDiscarded > 0) lines.push(`${r.outboxDiscarded} pending gradebook writes of district ${r.connection.districtId} were dropped: no connection is left to push them.`);
  return lines.join('\n');
}

/** `connection update | rotate-secret | remove`: a connection's life after `add`. */
export function registerConnectionLifecycle(group: Command): void {
  group
    .command('update <connection>')
    .description('rename a connection or change its settings (checked like add; refused while a run of it is running); the secret stays unless the change needs a new one')
    .option('--name <name>', 'the new name (names are unique)')
    .option('--mode <import|two-way>', 'import or two-way')
    .option('--kind <rest|csv>', 'not changeable: refused with what to do instead')
    .option('--district <id>', 'not changeable: refused with what to do instead')
    .option('--oneroster <1.1|1.2>', 'REST: the provider\'s OneRoster version')
    .option('--base-url <url>', 'REST: service base URL')
    .option('--token-url <url>', 'REST, OAuth 2.0: the token endpoint')
    .option('--client-id <id>', 'REST: client id (key); the stored secret stays (rotate-secret changes it)')
    .option('--auth <oauth2|oauth1>', 'REST: OAuth 2.0 or OAuth 1.0a (moving to 1.0a drops the token URL and scope)')
    .option('--scope <scopes>', "REST, OAuth 2.0: scopes to request ('' for the provider's default)")
    .option('--page-size <n>', 'REST: records per page (at most 10000)', whole)
    .option('--concurrency <n>', 'REST: requests in flight (1 to 5)', whole)
    .option('--timeout <seconds>', 'REST: per-request timeout', whole)
    .option('--paths <standard|flat>', PATHS_HELP)
    .option('--path-base <service=/prefix>', PATH_BASE_HELP, collectPathBase)
    .option('--location <path>', 'CSV: a zip file or folder, or an sftp:// address')
    .option('--sftp-host-key <SHA256:…>', 'SFTP: the server\'s pinned host key fingerprint (required when the server changes)')
    .option('--sftp-timeout <seconds>', 'SFTP: connect and login timeout', whole)
    .option('--sftp-password-stdin', 'SFTP: log in with a password, read from the first line of stdin (moving onto SFTP, or from key login)')
    .option('--sftp-key-file <path>', 'SFTP: log in with this OpenSSH private key (moving onto SFTP, or from password login)')
    .action(async (reference: string, o: UpdateOptions, command: Command) => {
      const ctx = commandContext(command);
      const { patch, secret } = patchOf(o);
      const box = cliSecretBox(ctx.config);
      const outcome = await ctx.withStore(async (store) => {
        const current = await resolveConnection(store.db, reference);
        await refuseUnpinnedServer(current, o);
        return updateConnection(store.db, cliChangeContext(store, ctx.config), box, current, patch, secret === undefined ? {} : { secret });
      });
      ctx.output.result(outcome, () => `Connection updated (changed: ${outcome.changed.length === 0 ? 'nothing' : outcome.changed.join(', ')}).\n${describeConnection(outcome.connection)}`);
    });

  group
    .command('rotate-secret <connection>')
    .description('replace the stored secret (REST client secret, SFTP password or key), never from a plain flag; --test checks it at once')
    .option('--secret-stdin', 'read the new secret (or SFTP password) from the first line of stdin')
    .option('--secret-env <VAR>', 'read the new secret from this environment variable')
    .option('--key-file <path>', 'SFTP private-key login: the new OpenSSH private key')
    .option('--test', 'run Test connection with the new secret afterwards (exit 2 when it does not work)')
    .action(async (reference: string, o: { secretStdin?: boolean; secretEnv?: string; keyFile?: string; test?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const fromFlags = secretFrom({ ...optional('stdin', o.secretStdin), ...optional('env', o.secretEnv) }, { stdin: '--secret-stdin', env: '--secret-env' });
      if (fromFlags !== undefined && o.keyFile !== undefined) throw new HubError('invalid_argument', 'give the new secret one way: --secret-stdin, --secret-env or --key-file');
      const secret = fromFlags ?? (o.keyFile === undefined ? undefined : keyFile(o.keyFile));
      if (secret === undefined) throw new HubError('invalid_argument', 'give the new secret: --secret-stdin (first line of stdin), --secret-env <VAR>, or for an SFTP private key --key-file <path>');
      const box = cliSecretBox(ctx.config);
      const outcome = await ctx.withStore(async (store) => {
        const before = await resolveConnection(store.db, reference);
        const connection = await rotateConnectionSecret(store.db, cliChangeContext(store, ctx.config), box, before, secret);
        const report = o.test === true ? await testConnection(store.db, box, connection, systemClientDeps()) : undefined;
        return { before, connection, report };
      });
      const { before, connection, report } = outcome;
      ctx.output.result({ connection, ...(report === undefined ? {} : { report }) }, () =>
        [`Secret of ${connection.name} rotated (fingerprint ${before.credentialFingerprint ?? '(none)'} → ${connection.credentialFingerprint ?? ''}).`, ...(report?.summary ?? [])].join('\n'),
      );
      if (report !== undefined && !report.ok) process.exitCode = 2;
    });

  group
    .command('remove <connection>')
    .description('remove a connection: its records stay in the store, unowned (or --tombstone-records); its run history and lineage stay; refused while a run is running or held')
    .option('--tombstone-records', 'tombstone every record it alone still owns, in the same transaction (delta readers see the deletions)')
    .option('--yes', 'really remove it (without: only say what would happen)')
    .action(async (reference: string, o: { tombstoneRecords?: boolean; yes?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const tombstone = o.tombstoneRecords === true;
      const removal = await ctx.withStore(async (store) => {
        const connection = await resolveConnection(store.db, reference);
        if (o.yes !== true) {
          const owned = await ownedCounts(store.db, connection.id);
          const fate = tombstone ? 'be tombstoned' : 'stay in the store, unowned';
          throw new HubError('invalid_argument', `removing ${connection.name} cannot be undone: the records it owns (${counts(owned)}) would ${fate}; its settings, secret and schedule would go. Run it again with --yes`);
        }
        const removed = await removeConnection(store, cliChangeContext(store, ctx.config), connection, { tombstoneRecords: tombstone, alongside: removeSchedule });
        await forgetQueuedRuns(store, removed.connection.id);
        return removed;
      });
      ctx.output.result({ removal }, () => describeRemoval(removal));
    });
}
