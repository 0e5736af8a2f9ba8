import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';

const ciIsOn = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/**
 * Whether the SFTP suites run. OpenSSH's server is required in CI (the suite fails rather than
 * skips: .ci/run installs it); on a developer machine without it the suite is left out, with the
 * reason printed — the same rule as PostgreSQL (engines.ts).
 */
export function sshdAvailable(): boolean {
  if (existsSync(SSHD)) return true;
  if (ciIsOn) throw new Error(`OpenSSH's server is required in CI but ${SSHD} is missing (apt-get install -y openssh-server)`);
  console.warn(`SFTP suite left out: ${SSHD} is missing (apt-get install openssh-server); set CI=true to make this an error`);
  return false;
}

export interface TestSshd {
  readonly port: number;
  /** The user the tests log in as: whoever runs them (root here; PermitRootLogin is on). */
  readonly user: string;
  /** `ssh-keygen -lf` of the server's host key: what a connection pins. */
  readonly hostKey: string;
  /** A key pair the server accepts (OpenSSH format), and one it does not know. */
  readonly clientKey: string;
  readonly strangerKey: string;
  /** A folder the tests put bundles in (absolute; the SFTP paths are absolute). */
  readonly files: string;
  stop(): Promise<void>;
}

/**
 * An OpenSSH server of the test's own on 127.0.0.1: its own host key, its own authorized_keys
 * file and config in a temp folder, in the foreground (-D -e), ready when it says it listens.
 */
export async function startSshd(): Promise<TestSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-sshd-'));
  const keygen = (file: string, comment: string): void => {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', join(dir, file)]);
  };
  keygen('host_key', 'test-host');
  keygen('client_key', 'test-client');
  keygen('stranger_key', 'test-stranger');
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  const hostKey = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'host_key.pub')], { encoding: 'utf8' }).split(' ')[1] ?? '';
  const files = join(dir, 'files');
  mkdirSync(files);
  // Debian's sshd insists on its privilege separation folder, which the (not started) service would create.
  mkdirSync('/run/sshd', { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      // On, so a wrong password is refused by the server (not by us before asking).
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin yes',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'LogLevel INFO',
      '',
    ].join('\n'),
  );
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  await listening(child, port);
  const user = execFileSync('id', ['-un'], { encoding: 'utf8' }).trim();
  return {
    port,
    user,
    hostKey,
    clientKey: readFileSync(join(dir, 'client_key'), 'utf8'),
    strangerKey: readFileSync(join(dir, 'stranger_key'), 'utf8'),
    files,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Waits for sshd's "Server listening" line, then for the port to answer; fails if sshd exits first. */
async function listening(child: ChildProcess, port: number): Promise<void> {
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      if (/Server listening on 127\.0\.0\.1 port/.test(log)) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`sshd exited (${String(code)}) before listening: ${log}`)));
  });
  // Keep draining its log so a full pipe never blocks the server.
  child.stderr?.resume();
  for (let attempt = 1; ; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (attempt >= 50) throw new Error(`sshd said it listens on ${port} but the port does not answer`);
  }
}
