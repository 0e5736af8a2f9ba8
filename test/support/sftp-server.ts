import { close, closeSync, lstat, mkdtempSync, open, read, readdir, rmSync, type Stats } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import ssh2, { type Attributes, type Connection, type FileEntry, type SFTPWrapper } from 'ssh2';
import { hostKeyFingerprint } from '../../src/sync/index.ts';

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;
const lstatAsync = promisify(lstat);
const readdirAsync = promisify(readdir);
const openAsync = promisify(open);
const closeAsync = promisify(close);

/**
 * A real SSH server on 127.0.0.1 that lets one user in by PASSWORD and serves a temp folder over
 * SFTP, read-only: what the OpenSSH fixture (sshd.ts) cannot do without giving a system account a
 * password (OpenSSH checks passwords against the machine's users). Built on ssh2's Server, the
 * library ssh2-sftp-client is built on; the client side — key exchange, host key pinning,
 * password authentication, SFTP — is exactly what a sync runs against any server.
 */
export interface PasswordSftpServer {
  readonly port: number;
  readonly user: string;
  /** As `ssh-keygen -lf` prints it: what a connection pins. */
  readonly hostKey: string;
  /** Absolute; the server serves real paths under it and nothing else. */
  readonly files: string;
  /** Every password login tried: who, and whether it was let in (never the password). */
  readonly logins: Array<{ user: string; accepted: boolean }>;
  stop(): Promise<void>;
}

export async function startPasswordSftpServer(user: string, password: string): Promise<PasswordSftpServer> {
  const files = mkdtempSync(join(tmpdir(), 'rb-sftp-server-'));
  const hostPrivate = ssh2.utils.generateKeyPairSync('ed25519').private;
  const parsed = ssh2.utils.parseKey(hostPrivate);
  if (parsed instanceof Error) throw parsed;
  const hostKey = hostKeyFingerprint(parsed.getPublicSSH());
  const logins: Array<{ user: string; accepted: boolean }> = [];
  const clients = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [hostPrivate] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'password') return ctx.reject(['password']);
      const accepted = ctx.username === user && ctx.password === password;
      logins.push({ user: ctx.username, accepted });
      if (accepted) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => serveFolder(acceptSftp(), files));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    user,
    hostKey,
    files,
    logins,
    stop: async () => {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(files, { recursive: true, force: true });
    },
  };
}

type Open = { readonly kind: 'file'; readonly fd: number } | { readonly kind: 'dir'; readonly path: string; listed: boolean };

/** The read side of SFTP v3 over real files under `root`: enough for stat, list and download. */
function serveFolder(sftp: SFTPWrapper, root: string): void {
  const handles = new Map<string, Open>();
  let counter = 0;
  const newHandle = (open: Open): Buffer => {
    counter += 1;
    const handle = Buffer.from(String(counter));
    handles.set(handle.toString(), open);
    return handle;
  };
  /** The real path for a client path, or undefined outside the served folder. */
  const inside = (path: string): string | undefined => {
    const resolved = posix.resolve('/', path);
    return resolved === root || resolved.startsWith(`${root}/`) ? resolved : undefined;
  };
  const fail = (reqId: number, error: unknown): void => {
    const code = error !== null && typeof error === 'object' && 'code' in error ? error.code : undefined;
    sftp.status(reqId, code === 'ENOENT' ? STATUS_CODE.NO_SUCH_FILE : code === 'EACCES' ? STATUS_CODE.PERMISSION_DENIED : STATUS_CODE.FAILURE);
  };
  const guarded = (reqId: number, path: string, work: (real: string) => Promise<void>): void => {
    const real = inside(path);
    if (real === undefined) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED);
    work(real).catch((error: unknown) => fail(reqId, error));
  };
  const stat = (reqId: number, path: string): void => guarded(reqId, path, async (real) => sftp.attrs(reqId, attributes(await lstatAsync(real))));
  sftp.on('LSTAT', stat);
  sftp.on('STAT', stat);
  sftp.on('REALPATH', (reqId, path) => sftp.name(reqId, [{ filename: posix.resolve('/', path), longname: '', attrs: emptyAttributes() }]));
  sftp.on('OPEN', (reqId, path, flags) => {
    if ((flags & OPEN_MODE.READ) === 0 || (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT)) !== 0) return sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED);
    guarded(reqId, path, async (real) => sftp.handle(reqId, newHandle({ kind: 'file', fd: await openAsync(real, 'r') })));
  });
  sftp.on('READ', (reqId, handle, offset, length) => {
    const open = handles.get(handle.toString());
    if (open?.kind !== 'file') return sftp.status(reqId, STATUS_CODE.FAILURE);
    const buffer = Buffer.alloc(length);
    read(open.fd, buffer, 0, length, offset, (error, bytes) => {
      if (error !== null) return fail(reqId, error);
      if (bytes === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      sftp.data(reqId, buffer.subarray(0, bytes));
    });
  });
  sftp.on('FSTAT', (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
  sftp.on('OPENDIR', (reqId, path) => {
    guarded(reqId, path, async (real) => {
      if (!(await lstatAsync(real)).isDirectory()) return sftp.status(reqId, STATUS_CODE.FAILURE);
      sftp.handle(reqId, newHandle({ kind: 'dir', path: real, listed: false }));
    });
  });
  sftp.on('READDIR', (reqId, handle) => {
    const open = handles.get(handle.toString());
    if (open?.kind !== 'dir') return sftp.status(reqId, STATUS_CODE.FAILURE);
    if (open.listed) return sftp.status(reqId, STATUS_CODE.EOF);
    open.listed = true;
    (async () => {
      const entries: FileEntry[] = [];
      for (const name of await readdirAsync(open.path)) {
        const stats = await lstatAsync(join(open.path, name));
        const type = stats.isDirectory() ? 'd' : stats.isFile() ? '-' : 'l';
        entries.push({ filename: name, longname: `${type}rw-r--r-- 1 owner group ${stats.size} Jan 01 00:00 ${name}`, attrs: attributes(stats) });
      }
      sftp.name(reqId, entries);
    })().catch((error: unknown) => fail(reqId, error));
  });
  sftp.on('CLOSE', (reqId, handle) => {
    const open = handles.get(handle.toString());
    handles.delete(handle.toString());
    if (open?.kind === 'file') {
      closeAsync(open.fd).then(() => sftp.status(reqId, STATUS_CODE.OK), (error: unknown) => fail(reqId, error));
      return;
    }
    sftp.status(reqId, open === undefined ? STATUS_CODE.FAILURE : STATUS_CODE.OK);
  });
  // Whatever else a client asks (write, remove, rename …) is refused: the folder is read-only.
  for (const op of ['WRITE', 'FSETSTAT', 'SETSTAT', 'REMOVE', 'RMDIR', 'MKDIR', 'RENAME', 'READLINK', 'SYMLINK'] as const) {
    sftp.on(op, (reqId: number) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
  }
  sftp.on('close', () => {
    for (const open of handles.values()) if (open.kind === 'file') closeSync(open.fd);
    handles.clear();
  });
}

function attributes(stats: Stats): Attributes {
  return { mode: stats.mode, uid: stats.uid, gid: stats.gid, size: stats.size, atime: Math.floor(stats.atimeMs / 1000), mtime: Math.floor(stats.mtimeMs / 1000) };
}

function emptyAttributes(): Attributes {
  return { mode: 0, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
}
