/** An `sftp://user@host:port/path` location taken apart; the path names a `.zip` or a folder (ending in `/`). */
export interface SftpLocation {
  readonly username: string;
  readonly host: string;
  readonly port: number;
  /** As the server sees it: absolute, or relative to the user's home when the URL path starts with `/~/`. */
  readonly path: string;
  readonly folder: boolean;
}

export const SFTP_DEFAULT_PORT = 22;

export function isSftpLocation(location: string): boolean {
  return location.trim().toLowerCase().startsWith('sftp://');
}

/** The location, or the problems with it (in an admin's words). Pure. */
export function parseSftpLocation(location: string): { ok: true; value: SftpLocation } | { ok: false; problems: string[] } {
  let url: URL;
  try {
    url = new URL(location.trim());
  } catch {
    return { ok: false, problems: ['the sftp:// location is not a valid address (sftp://user@host:port/path/district.zip)'] };
  }
  const problems: string[] = [];
  if (url.password !== '') problems.push('the sftp:// location must not carry a password; give it with --sftp-password-stdin');
  if (url.username === '') problems.push('the sftp:// location needs a user name (sftp://user@host/…)');
  if (url.hostname === '') problems.push('the sftp:// location needs a host');
  if (url.search !== '' || url.hash !== '') problems.push('the sftp:// location must not have a query or fragment');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, problems: [...problems, 'the sftp:// path is not valid percent-encoding'] };
  }
  const folder = path.endsWith('/');
  if (path === '/' || path === '/~/' || path === '') problems.push('the sftp:// location needs a path: a .zip file, or a folder ending in /');
  else if (!folder && !path.toLowerCase().endsWith('.zip')) problems.push('the sftp:// path must name a .zip file or a folder ending in /');
  if (problems.length > 0) return { ok: false, problems };
  const port = url.port === '' ? SFTP_DEFAULT_PORT : Number(url.port);
  // `/~/x` reads like the home-relative paths of scp and most SFTP clients.
  const serverPath = path.startsWith('/~/') ? path.slice(3) : path;
  return { ok: true, value: { username: decodeURIComponent(url.username), host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, path: serverPath, folder } };
}
