import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { HubError } from '../../kernel/index.ts';
import { describeIoError, fileUnreadable } from './bundle-errors.ts';
import type { BundleReader, TextStream } from './bundle-reader.ts';
import { decodeUtf8Text } from './utf8-text.ts';

/** A bundle unpacked into a folder: the plain files directly inside it; sub-folders are reported, not read. */
export async function openFolderBundle(location: string): Promise<BundleReader> {
  let names: string[];
  try {
    names = await readdir(location);
  } catch (error) {
    throw new HubError('bundle_unreadable', `Cannot read the bundle folder ${location}: ${describeIoError(error)}`, {
      cause: error,
      details: { bundle: location },
    });
  }
  const files: string[] = [];
  const ignored: string[] = [];
  for (const name of names.sort()) {
    // stat, not lstat: a link to a file is read as that file, as a shell would.
    const stats = await stat(join(location, name)).catch(() => undefined);
    if (stats?.isFile() === true) files.push(name);
    else if (stats?.isDirectory() === true) ignored.push(`${name}/`);
    else ignored.push(name);
  }
  const present = new Set(files);
  let closed = false;

  return {
    location,
    kind: 'folder',
    fileNames: () => [...files],
    ignoredEntries: () => [...ignored],
    has: (name) => present.has(name),
    async openText(name: string): Promise<TextStream> {
      if (closed) throw fileUnreadable(location, name, 'cannot be read: the bundle is closed');
      if (!present.has(name)) throw fileUnreadable(location, name, 'is not in the bundle');
      let handle;
      try {
        handle = await open(join(location, name), 'r');
      } catch (error) {
        throw fileUnreadable(location, name, `cannot be read: ${describeIoError(error)}`, { cause: error });
      }
      const raw = handle.createReadStream();
      const text = Readable.from(decodeUtf8Text(readBytes(raw, location, name), { bundle: location, file: name }));
      // A text stream destroyed before it was read never starts the generators; close the file anyway.
      text.once('close', () => raw.destroy());
      return text;
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}

/** The file's bytes; a read error becomes a HubError naming the file. */
async function* readBytes(stream: AsyncIterable<unknown>, location: string, name: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      if (chunk instanceof Uint8Array) yield chunk;
    }
  } catch (error) {
    throw fileUnreadable(location, name, `cannot be read: ${describeIoError(error)}`, { cause: error });
  }
}
