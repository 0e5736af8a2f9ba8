import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { HubError } from '../../kernel/index.ts';
import { bundleUnwritable } from './bundle-errors.ts';
import type { BundleWriter, BundleWriterOptions } from './bundle-writer.ts';
import { ensureDirectory } from './ensure-directory.ts';
import { utf8Batches } from './utf8-batches.ts';
import { WriteSequence } from './write-sequence.ts';

/**
 * Writes a zip bundle with yazl into a hidden temp file beside `location`, renamed over it on commit.
 * Each file streams through deflate to disk with backpressure, so memory stays flat for any size.
 */
export async function createZipBundleWriter(location: string, options: BundleWriterOptions): Promise<BundleWriter> {
  const existing = await stat(location).catch(() => undefined);
  if (existing?.isDirectory() === true) {
    throw new HubError('invalid_argument', `Cannot write the zip archive ${location}: a folder has that name`);
  }
  const parent = dirname(location);
  const removeCreatedFolders = await ensureDirectory(parent);
  const temp = join(parent, `.${basename(location)}.${randomBytes(6).toString('hex')}.partial`);
  // flush: fsync before close, so the rename never publishes a file whose data is still in the page cache.
  const output = createWriteStream(temp, { flags: 'wx', flush: true });
  try {
    await once(output, 'open');
  } catch (error) {
    await removeCreatedFolders();
    throw bundleUnwritable(location, 'the zip archive', error);
  }

  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = (error) => reject(error instanceof HubError ? error : bundleUnwritable(location, 'the zip archive', error));
  });
  failed.catch(() => undefined); // observed through Promise.race; a failure after the end is not an unhandled rejection
  const zip = new ZipFile();
  zip.on('error', fail);
  zip.outputStream.on('error', fail);
  output.on('error', fail);
  zip.outputStream.pipe(output);

  const entryOptions = {
    mtime: options.mtime ?? new Date(1980, 0, 1),
    // Without a given date, leave out the UTC timestamp field: the DOS fields of local 1980-01-01 00:00 are
    // the same in every time zone, the UTC instant is not.
    forceDosTimestamp: options.mtime === undefined,
    mode: 0o100644,
    compress: options.compress ?? true,
  };
  const sequence = new WriteSequence(location);
  let current: Readable | undefined;

  async function abort(): Promise<void> {
    if (!sequence.beginAbort()) return;
    zip.outputStream.unpipe(output);
    current?.destroy();
    if (zip.outputStream instanceof Readable) zip.outputStream.destroy();
    if (!output.closed) {
      const closed = once(output, 'close').catch(() => undefined);
      output.destroy();
      await closed;
    }
    await rm(temp, { force: true });
    await removeCreatedFolders();
  }

  return {
    location,
    kind: 'zip',
    async writeFile(name, chunks): Promise<void> {
      sequence.beginFile(name);
      const source = Readable.from(utf8Batches(chunks));
      current = source;
      // yazl pipes added streams one after another; 'end' means every byte has entered the deflate pipe.
      const consumed = new Promise<void>((resolve, reject) => {
        source.once('end', resolve);
        source.once('error', reject);
        // Destroyed by a concurrent abort: no 'end', no 'error'. (After 'end', this reject is a no-op.)
        source.once('close', () => reject(sequence.abortedDuring(name)));
      });
      consumed.catch(() => undefined); // handled by the race below, unless addReadStream throws first

      try {
        zip.addReadStream(source, name, entryOptions);
        await Promise.race([consumed, failed]);
      } catch (error) {
        await abort();
        throw error;
      } finally {
        current = undefined;
      }
      sequence.endFile();
    },
    async commit(): Promise<void> {
      sequence.beginCommit();
      try {
        const closed = once(output, 'close');
        zip.end();
        await Promise.race([closed, failed]);
        await rename(temp, location);
      } catch (error) {
        await abort();
        throw error instanceof HubError ? error : bundleUnwritable(location, 'the zip archive', error);
      }
      sequence.endCommit();
    },
    abort,
  };
}
