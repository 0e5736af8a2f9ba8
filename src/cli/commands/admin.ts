import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { createAdmin, issueAdminToken, listAdmins, verifyAdminPassword } from '../../access/index.ts';
import { HubError } from '../../kernel/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, table } from './access-support.ts';

/** The password: the first line of standard input (--password-stdin), or typed at a prompt without echo. */
async function readPassword(fromStdin: boolean, prompt: string): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
  }
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, terminal: true });
  // Suppress echo: readline writes typed characters through _writeToOutput; nothing is written.
  Object.assign(rl, { _writeToOutput: () => undefined });
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

/** `rosterbridge admin create|token|list`: admin accounts for the admin API. */
export function registerAdmin(program: Command): void {
  const group = program.command('admin').description('admin accounts and admin API tokens');
  group
    .command('create <username>')
    .description('create an admin account (password hashed with scrypt)')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const password = await readPassword(o.passwordStdin === true, 'Password: ');
      const account = await ctx.withStore((store) => createAdmin(store.db, cliChangeContext(store, ctx.config), username, password));
      ctx.output.result({ admin: account }, () => `Admin ${account.username} created`);
    });
  group
    .command('token <username>')
    .description('issue an admin API token (for Authorization: Bearer); the password is checked')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (username: string, o: { passwordStdin?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const password = await readPassword(o.passwordStdin === true, 'Password: ');
      const token = await ctx.withStore(async (store) => {
        if (!(await verifyAdminPassword(store.db, username, password))) throw new HubError('invalid_argument', 'wrong username or password');
        return issueAdminToken(store.db, cliChangeContext(store, ctx.config), username);
      });
      ctx.output.result({ username, token, header: `Authorization: Bearer ${token}` }, () => `Admin API token (shown once):\n${token}\n\nUse it as: Authorization: Bearer ${token}`);
    });
  group.command('list').description('list admin accounts').action(async (_o: object, command: Command) => {
    const ctx = commandContext(command);
    const admins = await ctx.withStore((store) => listAdmins(store.db));
    ctx.output.result({ admins }, () => table(['USERNAME', 'CREATED'], admins.map((a) => [a.username, a.createdAt])));
  });
}
