import type { BundleWriter, BundleWriterOptions } from './bundle-writer.ts';
import { createFolderBundleWriter } from './folder-bundle-writer.ts';
import { createZipBundleWriter } from './zip-bundle-writer.ts';

/** A writer for a new bundle at `location`: a zip when it ends in `.zip` (or `kind: 'zip'`), else a folder. */
export function createBundleWriter(location: string, options: BundleWriterOptions = {}): Promise<BundleWriter> {
  const kind = options.kind ?? (location.toLowerCase().endsWith('.zip') ? 'zip' : 'folder');
  return kind === 'zip' ? createZipBundleWriter(location, options) : createFolderBundleWriter(location);
}
