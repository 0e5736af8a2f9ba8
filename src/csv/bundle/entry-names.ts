/**
 * Whether a name denotes a plain file at the root of a bundle. Everything else in a zip — sub-folders,
 * `__MACOSX/` resource forks, directory entries, and names that would escape the extraction folder
 * (`../x`, `/etc/x`, `C:x`) — is ignored and reported, never opened.
 */
export function isRootFileName(name: string): boolean {
  if (name.length === 0 || name === '.' || name === '..') return false;
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) return false;
  if (/^[A-Za-z]:/.test(name)) return false;
  return true;
}
