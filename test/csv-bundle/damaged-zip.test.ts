import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBundleWriter, MAX_ENTRY_BYTES, openBundle } from '../../src/csv/bundle/index.ts';
import { isHubError } from '../../src/kernel/index.ts';
import { makeTempDir, patchBytes, readAllText, readBundleFile, rejection, writeRawZip } from './bundle-fixtures.ts';

let temp: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

function rows(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `u${i},Given${i},Family${i}\n`);
}

async function writeZip(location: string, options: { compress?: boolean } = {}): Promise<void> {
  const writer = await createBundleWriter(location, options);
  await writer.writeFile('manifest.csv', ['propertyName,value\nmanifest.version,1.0\n']);
  await writer.writeFile('users.csv', ['sourcedId,givenName,familyName\n', ...rows(2000), 'MARKER,last,row\n']);
  await writer.commit();
}

describe('a damaged zip', () => {
  it.each([
    ['its last 100 bytes cut', (size: number) => size - 100],
    ['cut in half', (size: number) => Math.floor(size / 2)],
  ])('with %s is refused as truncated or damaged', async (_label, newSize) => {
    const zip = join(temp.path, 'export.zip');
    await writeZip(zip);
    await truncate(zip, newSize((await readFile(zip)).length));
    const error = await rejection(openBundle(zip));
    expect(isHubError(error, 'bundle_unreadable')).toBe(true);
    expect(error).toMatchObject({ message: expect.stringMatching(new RegExp(`^${zip} is not a readable zip archive \\(truncated or damaged: .+\\)$`)) });
  });

  it('with a byte changed in a stored entry fails the stream on the checksum, not silently', async () => {
    const zip = join(temp.path, 'stored.zip');
    await writeZip(zip, { compress: false });
    expect(await readBundleFile(zip, 'users.csv')).toContain('MARKER,last,row\n');
    await patchBytes(zip, 'MARKER', 'MARKES');

    const bundle = await openBundle(zip);
    const stream = await bundle.openText('users.csv');
    const error = await rejection(readAllText(stream));
    expect(error).toMatchObject({
      code: 'bundle_unreadable',
      message: expect.stringMatching(/^In bundle .*stored\.zip, users\.csv is damaged: its checksum does not match \(CRC-32 0x[0-9A-F]{8}, expected 0x[0-9A-F]{8}\)$/),
    });
    // The other entry is intact and still reads.
    expect(await readAllText(await bundle.openText('manifest.csv'))).toContain('manifest.version');
    await bundle.close();
  });

  it('with corrupt deflate data fails the stream with a coded error naming the file', async () => {
    const zip = join(temp.path, 'deflated.zip');
    await writeZip(zip);
    const bytes = await readFile(zip);
    // Scribble over the middle of users.csv's compressed data (the archive's middle, past the manifest).
    const middle = Math.floor(bytes.length / 2);
    bytes.fill(0xff, middle, middle + 64);
    await writeFile(zip, bytes);
    const error = await rejection(readBundleFile(zip, 'users.csv'));
    expect(error).toMatchObject({ code: 'bundle_unreadable', message: expect.stringContaining('users.csv') });
  });

  it('refuses an entry declaring more than 4 GiB', async () => {
    const zip = join(temp.path, 'bomb.zip');
    await writeRawZip(zip, [{ name: 'users.csv', data: 'sourcedId\n', forceZip64Format: true }]);
    await declareUncompressedSize(zip, 5 * 1024 ** 3);
    const bundle = await openBundle(zip);
    expect(bundle.fileNames()).toEqual(['users.csv']);
    const error = await rejection(bundle.openText('users.csv'));
    expect(MAX_ENTRY_BYTES).toBe(4 * 1024 ** 3);
    expect(error).toMatchObject({
      code: 'bundle_unreadable',
      message: `In bundle ${zip}, users.csv is too large to import (5368709120 bytes; the limit is 4 GiB)`,
    });
    await bundle.close();
  });
});

describe('a path that is not a zip bundle', () => {
  it('refuses a text file named .zip', async () => {
    const fake = join(temp.path, 'users.zip');
    await writeFile(fake, 'sourcedId,givenName\nu1,Ada\n');
    await expect(openBundle(fake)).rejects.toMatchObject({
      code: 'bundle_unreadable',
      message: `${fake} is not a readable zip archive (it does not start with a zip signature; a bundle is a .zip file or a folder)`,
    });
  });

  it('refuses an empty file', async () => {
    const empty = join(temp.path, 'empty.zip');
    await writeFile(empty, '');
    await expect(openBundle(empty)).rejects.toMatchObject({ code: 'bundle_unreadable', message: expect.stringContaining('not a readable zip archive') });
  });

  it('says clearly that a missing path does not exist', async () => {
    const missing = join(temp.path, 'nowhere', 'export.zip');
    await expect(openBundle(missing)).rejects.toMatchObject({
      code: 'bundle_unreadable',
      message: `Bundle not found: ${missing} does not exist`,
    });
  });

  it('opens an empty archive as a bundle with no files', async () => {
    const zip = join(temp.path, 'nothing.zip');
    await writeRawZip(zip, []);
    const bundle = await openBundle(zip);
    expect(bundle.fileNames()).toEqual([]);
    await bundle.close();
  });
});

/** Rewrites the ZIP64 uncompressed size of the first central directory record (yazl forced ZIP64 on it). */
async function declareUncompressedSize(path: string, size: number): Promise<void> {
  const bytes = await readFile(path);
  const eocd = bytes.length - 22;
  expect(bytes.readUInt32LE(eocd)).toBe(0x06054b50);
  const record = bytes.readUInt32LE(eocd + 16);
  expect(bytes.readUInt32LE(record)).toBe(0x02014b50);
  expect(bytes.readUInt32LE(record + 24)).toBe(0xffffffff);
  let extra = record + 46 + bytes.readUInt16LE(record + 28);
  const end = extra + bytes.readUInt16LE(record + 30);
  while (extra < end) {
    if (bytes.readUInt16LE(extra) === 0x0001) {
      bytes.writeBigUInt64LE(BigInt(size), extra + 4);
      await writeFile(path, bytes);
      return;
    }
    extra += 4 + bytes.readUInt16LE(extra + 2);
  }
  throw new Error('no ZIP64 extra field found');
}
