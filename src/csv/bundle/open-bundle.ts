import { stat } from 'node:fs/promises';
import { HubError } from '../../kernel/index.ts';
import { describeIoError, errorCode } from './bundle-errors.ts';
import type { BundleReader } from './bundle-reader.ts';
import { openFolderBundle } from './folder-bundle-reader.ts';
import { openZipBundle } from './zip-bundle-reader.ts';

/** Opens a bundle: a folder is read as a folder, a file as a zip archive (whatever its name). */
export async function openBundle(location: string): Promise<BundleReader> {
  let stats;
  try {
    stats = await stat(location);
  } catch (error) {
    const message =
      errorCode(error) === 'ENOENT'
        ? `Bundle not found: ${location} does not exist`
        : `Cannot open the bundle ${location}: ${describeIoError(error)}`;
    throw new HubError('bundle_unreadable', message, { cause: error, details: { bundle: location } });
  }
  if (stats.isDirectory()) return openFolderBundle(location);
  if (stats.isFile()) return openZipBundle(location);
  throw new HubError('bundle_unreadable', `${location} is neither a folder nor a zip file`, { details: { bundle: location } });
}
