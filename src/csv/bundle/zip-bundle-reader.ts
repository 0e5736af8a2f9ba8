import { open as openFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { getFileNameLowLevel, open as openZip, type Entry, type ZipFile } from 'yauzl';
import { describeIoError, fileUnreadable, reasonOf, zipUnreadable } from './bundle-errors.ts';
import type { BundleReader, TextStream } from './bundle-reader.ts';
import { isRootFileName } from './entry-names.ts';
import { decodeUtf8Text } from './utf8-text.ts';

// yauzl 3 exports these; @types/yauzl (written for 2.x) does not declare them.
declare module 'yauzl' {
  interface Entry {
    /** The undecoded name, set by yauzl 3 whatever `decodeStrings` is. */
    fileNameRaw: Buffer;
  }
  function getFileNameLowLevel(
    generalPurposeBitFlag: number,
    fileNameBuffer: Buffer,
    extraFields: Array<{ id: number; data: Buffer }>,
    strictFileNames: boolean,
  ): string;
}

/** No OneRoster file comes near this; a larger declared size is a damaged archive or a zip bomb. */
export const MAX_ENTRY_BYTES = 4 * 1024 ** 3;

/** Far above any real bundle (about 25 files, doubled by `__MACOSX/`); keeps the entry list small. */
const MAX_ENTRIES = 10_000;

const LOCAL_FILE_HEADER = 0x04034b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50; // an empty archive starts with it

/**
 * A zip bundle, read with yauzl one entry at a time. Only the central directory (names and sizes) is held
 * in memory; file data streams from disk with backpressure.
 */
export async function openZipBundle(location: string): Promise<BundleReader> {
  await assertZipSignature(location);
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    // decodeStrings off: with it on, yauzl fails the whole archive on one unsafe name; we decode names
    // ourselves and ignore the unsafe ones instead.
    openZip(location, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, opened) => {
      if (error !== null) reject(zipUnreadable(location, `truncated or damaged: ${reasonOf(error)}`, error));
      else resolve(opened);
    });
  });
  if (zip.entryCount > MAX_ENTRIES) {
    zip.close();
    throw zipUnreadable(location, `it holds ${zip.entryCount} entries; a OneRoster bundle holds a few dozen files at most`);
  }
  let entries: Entry[];
  try {
    entries = await readCentralDirectory(zip, location);
  } catch (error) {
    zip.close();
    throw error;
  }

  const files = new Map<string, Entry>();
  const ignored: string[] = [];
  for (const entry of entries) {
    const name = getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
    if (!isRootFileName(name)) {
      ignored.push(name);
    } else if (files.has(name)) {
      zip.close();
      throw zipUnreadable(location, `damaged: it contains ${name} twice`);
    } else {
      files.set(name, entry);
    }
  }
  const names = [...files.keys()].sort();
  ignored.sort();
  let closed = false;

  return {
    location,
    kind: 'zip',
    fileNames: () => [...names],
    ignoredEntries: () => [...ignored],
    has: (name) => files.has(name),
    async openText(name: string): Promise<TextStream> {
      if (closed) throw fileUnreadable(location, name, 'cannot be read: the bundle is closed');
      const entry = files.get(name);
      if (entry === undefined) throw fileUnreadable(location, name, 'is not in the bundle');
      if (entry.isEncrypted()) throw fileUnreadable(location, name, 'is encrypted; export the bundle without a password');
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
        throw fileUnreadable(location, name, `is too large to import (${entry.uncompressedSize} bytes; the limit is 4 GiB)`, {
          details: { size: entry.uncompressedSize },
        });
      }
      const stream = await new Promise<Readable>((resolve, reject) => {
        zip.openReadStream(entry, (error, opened) => {
          if (error !== null) reject(fileUnreadable(location, name, `cannot be read: ${reasonOf(error)}`, { cause: error }));
          else resolve(opened);
        });
      });
      const source = { bundle: location, file: name };
      const text = Readable.from(decodeUtf8Text(checkedEntryBytes(stream, entry, location, name), source));
      // A text stream destroyed before it was read never starts the generators; release the entry anyway,
      // or yauzl keeps the archive's file descriptor open after close().
      text.once('close', () => stream.destroy());
      return text;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      zip.close();
    },
  };
}

async function assertZipSignature(location: string): Promise<void> {
  let signature: number | undefined;
  try {
    const handle = await openFile(location, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
      signature = bytesRead === 4 ? buffer.readUInt32LE(0) : undefined;
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw zipUnreadable(location, `cannot be read: ${describeIoError(error)}`, error);
  }
  if (signature !== LOCAL_FILE_HEADER && signature !== END_OF_CENTRAL_DIRECTORY) {
    throw zipUnreadable(location, 'it does not start with a zip signature; a bundle is a .zip file or a folder');
  }
}

function readCentralDirectory(zip: ZipFile, location: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(zipUnreadable(location, `truncated or damaged: ${reasonOf(error)}`, error)));
    zip.readEntry();
  });
}

/**
 * The entry's decompressed bytes, checked against the CRC-32 of the central directory (yauzl checks sizes
 * but not checksums). Decompression and size errors become HubErrors naming the file.
 */
async function* checkedEntryBytes(stream: AsyncIterable<unknown>, entry: Entry, location: string, name: string): AsyncGenerator<Uint8Array> {
  let crc = 0;
  try {
    for await (const chunk of stream) {
      if (!(chunk instanceof Uint8Array)) continue;
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    throw fileUnreadable(location, name, `cannot be read: the zip archive is damaged (${reasonOf(error)})`, { cause: error });
  }
  if (crc !== entry.crc32) {
    throw fileUnreadable(location, name, `is damaged: its checksum does not match (CRC-32 ${hex32(crc)}, expected ${hex32(entry.crc32)})`, {
      details: { crc32: crc, expectedCrc32: entry.crc32 },
    });
  }
}

function hex32(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, '0')}`;
}
