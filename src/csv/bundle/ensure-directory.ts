import { mkdir, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleUnwritable, errorCode } from './bundle-errors.ts';

/**
 * Creates `path` and any missing parents. Returns an undo that removes the folders this call created,
 * deepest first, stopping at the first one something else has put files in.
 */
export async function ensureDirectory(path: string): Promise<() => Promise<void>> {
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(path, { recursive: true });
  } catch (error) {
    throw bundleUnwritable(path, 'the folder', error);
  }
  return async () => {
    if (firstCreated === undefined) return;
    let current = path;
    for (;;) {
      try {
        await rmdir(current);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') return;
      }
      if (current === firstCreated || dirname(current) === current) return;
      current = dirname(current);
    }
  };
}
