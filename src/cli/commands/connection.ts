import type { Command } from 'commander';
import { HubError } from '../../kernel/index.ts';
import {
  addConnection,
  isSftpLocation,
  listConnections,
  probeHostKey,
  resolveConnection,
  SFTP_TIMEOUT_MS,
  systemClientDeps,
  testConnection,
  type ConnectionInput,
  type SftpInput,
} from '../../sync/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, cliSecretBox, table } from './access-support.ts';
import { describeConnection } from './describe-connection.ts';
import { restFlags, whole, type SourceFlags } from './connection-flags.ts';
import { collectPathBase, PATH_BASE_HELP, PATHS_HELP } from './path-options.ts';
import { firstLineOfStdin, keyFile, secretFrom } from './secret-input.ts';
import { registerConnectionLifecycle } from './connection-lifecycle.ts';
import { registerConnectionPush } from './connection-push.ts';
import { registerConnectionSchedule } from './connection-schedule.ts';
import { registerConnectionRuns } from './connection-runs.ts';

interface AddOptions extends SourceFlags {
  district?: string;
  kind: string;
  clientSecretStdin?: boolean;
  clientSecretEnv?: string;
}

function clientSecret(o: AddOptions): string {
  const secret = secretFrom({ ...(o.clientSecretStdin === undefined ? {} : { stdin: o.clientSecretStdin }), ...(o.clientSecretEnv === undefined ? {} : { env: o.clientSecretEnv }) }, { stdin: '--client-secret-stdin', env: '--client-secret-env' });
  if (secret === undefined) throw new HubError('invalid_argument', 'a REST connection needs its client secret: --client-secret-stdin (first line of stdin) or --client-secret-env <VAR>');
  return secret;
}

async function input(name: string, o: AddOptions): Promise<ConnectionInput> {
  if (o.district === undefined) throw new HubError('invalid_argument', '--district is required (the hub district this source feeds)');
  const base = { name, districtId: o.district, ...(o.mode === undefined ? {} : { mode: o.mode }) };
  if (o.kind === 'csv') {
    if (o.paths !== undefined || o.pathBase !== undefined) throw new HubError('invalid_argument', '--paths and --path-base are for a REST connection only');
    return { ...base, kind: 'oneroster-csv', ...(await csvInput(o)) };
  }
  if (o.kind !== 'rest') throw new HubError('invalid_argument', '--kind must be rest or csv');
  return {
    ...base,
    kind: 'oneroster-rest',
    clientSecret: clientSecret(o),
    rest: { ...restFlags(o), version: o.oneroster ?? '', baseUrl: o.baseUrl ?? '', clientId: o.clientId ?? '' },
  };
}

async function csvInput(o: AddOptions): Promise<{ csv: { location: string; sftp?: SftpInput }; sftpSecret?: string }> {
  const location = o.location ?? '';
  if (!isSftpLocation(location)) {
    if (o.sftpPasswordStdin === true || o.sftpKeyFile !== undefined || o.sftpHostKey !== undefined) throw new HubError('invalid_argument', 'the --sftp-… options are for an sftp:// location only');
    return { csv: { location } };
  }
  const timeoutMs = o.sftpTimeout === undefined ? undefined : o.sftpTimeout * 1000;
  if (o.sftpHostKey === undefined) {
    // Trust on first use, but by a person: show the fingerprint, to check with the server's administrator.
    const presented = await probeHostKey(location, timeoutMs ?? SFTP_TIMEOUT_MS.default);
    throw new HubError('invalid_argument', `the SFTP server's host key is not pinned. It presents ${presented}; confirm that with the server's administrator, then add the connection again with --sftp-host-key ${presented}`);
  }
  const sftp: SftpInput = { hostKey: o.sftpHostKey, auth: o.sftpKeyFile === undefined ? 'password' : 'private-key', ...(timeoutMs === undefined ? {} : { timeoutMs }) };
  return { csv: { location, sftp }, sftpSecret: sftpSecret(o) };
}

/** Like the REST secret: never a flag. The password from stdin's first line, or the key from a file. */
function sftpSecret(o: AddOptions): string {
  if (o.sftpPasswordStdin === true && o.sftpKeyFile !== undefined) throw new HubError('invalid_argument', 'give one SFTP credential: --sftp-password-stdin or --sftp-key-file');
  if (o.sftpPasswordStdin === true) return firstLineOfStdin();
  if (o.sftpKeyFile === undefined) throw new HubError('invalid_argument', 'an SFTP location needs a credential: --sftp-password-stdin (first line of stdin) or --sftp-key-file <path> (an OpenSSH private key)');
  return keyFile(o.sftpKeyFile);
}

/** `rosterbridge connection …`: the sources a sync reads from. */
export function registerConnection(program: Command): void {
  const group = program.command('connection').description('connections: the SIS (OneRoster REST) or CSV sources the sync engine reads');

  group
    .command('add <name>')
    .description('add a connection (a REST secret comes from stdin or an environment variable, never a flag)')
    .requiredOption('--kind <rest|csv>', 'rest = a OneRoster REST API; csv = a OneRoster CSV zip or folder')
    .option('--district <id>', 'the hub district this source feeds (required)')
    .option('--mode <import|two-way>', 'import (default) or two-way (also push gradebook writes back)')
    .option('--oneroster <1.1|1.2>', 'REST: the provider\'s OneRoster version')
    .option('--base-url <url>', 'REST: service base URL, under which /ims/oneroster/… lives')
    .option('--token-url <url>', 'REST, OAuth 2.0: the token endpoint, e.g. <base URL>/oauth/token')
    .option('--client-id <id>', 'REST: client id (key)')
    .option('--auth <oauth2|oauth1>', 'REST: OAuth 2.0 client credentials (default) or OAuth 1.0a')
    .option('--scope <scopes>', 'REST, OAuth 2.0: scopes to request (space-separated)')
    .option('--page-size <n>', 'REST: records per page (default 1000, at most 10000)', whole)
    .option('--concurrency <n>', 'REST: requests in flight (default 2, at most 5)', whole)
    .option('--timeout <seconds>', 'REST: per-request timeout (default 30)', whole)
    .option('--paths <standard|flat>', PATHS_HELP)
    .option('--path-base <service=/prefix>', PATH_BASE_HELP, collectPathBase)
    .option('--client-secret-stdin', 'REST: read the client secret from the first line of stdin')
    .option('--client-secret-env <VAR>', 'REST: read the client secret from this environment variable')
    .option('--location <path>', 'CSV: a zip file or folder, or sftp://user@host:port/path/district.zip (a folder: end it with /)')
    .option('--sftp-host-key <SHA256:…>', 'SFTP: the server\'s pinned host key fingerprint (left out: the add is refused and the fingerprint shown)')
    .option('--sftp-password-stdin', 'SFTP: read the password from the first line of stdin')
    .option('--sftp-key-file <path>', 'SFTP: log in with this OpenSSH private key (without a passphrase)')
    .option('--sftp-timeout <seconds>', 'SFTP: connect and login timeout (default 30)', whole)
    .action(async (name: string, o: AddOptions, command: Command) => {
      const ctx = commandContext(command);
      const connectionInput = await input(name, o);
      const box = cliSecretBox(ctx.config);
      const added = await ctx.withStore((store) => addConnection(store.db, cliChangeContext(store, ctx.config), box, connectionInput));
      ctx.output.result({ connection: added }, () => `Connection added.\n${describeConnection(added)}\nNext: rosterbridge connection test ${JSON.stringify(added.name)}`);
    });

  group
    .command('list')
    .description('list connections (never their secrets)')
    .option('--district <id>', 'only this district\'s')
    .action(async (o: { district?: string }, command: Command) => {
      const ctx = commandContext(command);
      const connections = await ctx.withStore((store) => listConnections(store.db, o.district === undefined ? {} : { districtId: o.district }));
      ctx.output.result({ connections }, () =>
        table(['NAME', 'KIND', 'DISTRICT', 'MODE', 'SOURCE', 'ID'], connections.map((c) => [c.name, c.kind, c.districtId, c.mode, c.kind === 'oneroster-rest' ? `${c.rest.baseUrl} (${c.rest.version}, ${c.rest.auth})` : c.csv.location, c.id])),
      );
    });

  group.command('show <connection>').description('a connection (id or name), without its secret').action(async (reference: string, _o: object, command: Command) => {
    const ctx = commandContext(command);
    const connection = await ctx.withStore((store) => resolveConnection(store.db, reference));
    ctx.output.result({ connection }, () => describeConnection(connection));
  });

  group
    .command('test <connection>')
    .description('authenticate and read one record of every endpoint a sync uses (REST), or read the bundle\'s manifest and row counts (CSV)')
    .action(async (reference: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const box = cliSecretBox(ctx.config);
      const report = await ctx.withStore(async (store) => testConnection(store.db, box, await resolveConnection(store.db, reference), systemClientDeps()));
      ctx.output.result({ report }, () => report.summary.join('\n'));
      if (!report.ok) process.exitCode = 2;
    });
  registerConnectionLifecycle(group);
  registerConnectionPush(group);
  registerConnectionSchedule(group);
  registerConnectionRuns(group);
}
