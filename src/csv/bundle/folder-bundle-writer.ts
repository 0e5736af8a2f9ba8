import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bundleUnwritable } from './bundle-errors.ts';
import type { BundleWriter } from './bundle-writer.ts';
import { ensureDirectory } from './ensure-directory.ts';
import { utf8Batches } from './utf8-batches.ts';
import { WriteSequence } from './write-sequence.ts';

const MANIFEST = 'manifest.csv';

/**
 * Writes a folder bundle. Files are written into a hidden staging folder inside `location` (same file
 * system, so a rename is atomic) and renamed over any file of the same name on commit, manifest.csv last.
 * Other files already in the folder are left alone.
 */
export async function createFolderBundleWriter(location: string): Promise<BundleWriter> {
  const removeCreatedFolders = await ensureDirectory(location);
  let staging: string;
  try {
    staging = await mkdtemp(join(location, '.rosterbridge-staging-'));
  } catch (error) {
    await removeCreatedFolders();
    throw bundleUnwritable(location, 'the bundle folder', error);
  }
  const sequence = new WriteSequence(location);
  let current: Readable | undefined;

  async function abort(): Promise<void> {
    if (!sequence.beginAbort()) return;
    current?.destroy();
    await rm(staging, { recursive: true, force: true });
    await removeCreatedFolders();
  }

  return {
    location,
    kind: 'folder',
    async writeFile(name, chunks): Promise<void> {
      sequence.beginFile(name);
      // Tell the caller's own failure (rethrown as is) from a failure to write (described).
      let callerError: unknown;
      async function* text(): AsyncGenerator<Buffer> {
        try {
          yield* utf8Batches(chunks);
        } catch (error) {
          callerError = error;
          throw error;
        }
      }
      const source = Readable.from(text());
      current = source;
      try {
        // flush: fsync before close, so a committed file is on disk, not only in the page cache.
        await pipeline(source, createWriteStream(join(staging, name), { flags: 'wx', flush: true }));
      } catch (error) {
        if (sequence.state === 'aborted') throw sequence.abortedDuring(name);
        await abort();
        throw error === callerError ? error : bundleUnwritable(location, name, error);
      } finally {
        current = undefined;
      }
      if (sequence.state === 'aborted') throw sequence.abortedDuring(name);
      sequence.endFile();
    },
    async commit(): Promise<void> {
      sequence.beginCommit();
      const ordered = [...sequence.names.filter((n) => n !== MANIFEST), ...sequence.names.filter((n) => n === MANIFEST)];
      try {
        for (const name of ordered) await rename(join(staging, name), join(location, name));
        await rmdir(staging);
      } catch (error) {
        await abort();
        throw bundleUnwritable(location, 'the bundle files', error);
      }
      sequence.endCommit();
    },
    abort,
  };
}
