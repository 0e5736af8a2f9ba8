import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHubError } from '../../src/kernel/index.ts';
import { decodeUtf8Text } from '../../src/csv/bundle/index.ts';
import { makeTempDir, readBundleFile, rejection, writeRawZip } from './bundle-fixtures.ts';

let temp: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

const source = { bundle: '/exports/bundle.zip', file: 'users.csv' };

async function decode(bytes: Uint8Array, chunkSize = bytes.length): Promise<string> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
  }
  let text = '';
  for await (const piece of decodeUtf8Text(chunks(), source)) text += piece;
  return text;
}

/** Latin-1 "é" (0xE9) on line 3, at byte offset `prefix.length + 7`. */
const LINE_1 = 'sourcedId,givenName\n';
const LINE_2 = 'u1,Zoë\n';
const LATIN1_FILE = Buffer.concat([Buffer.from(LINE_1 + LINE_2 + 'u2,Ren', 'utf8'), Buffer.from([0xe9]), Buffer.from('e\n', 'utf8')]);
const BAD_OFFSET = Buffer.byteLength(LINE_1 + LINE_2 + 'u2,Ren');

describe('UTF-8 decoding', () => {
  it('decodes text split at every possible byte boundary', async () => {
    const text = 'a,Zoë,李,😀\r\n\uFEFFb\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let size = 1; size <= bytes.length; size += 1) {
      expect(await decode(bytes, size)).toBe(text);
      expect(await decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), size)).toBe(text);
    }
  });

  it('names the file, line 3 and the byte offset of the first bad byte, however the bytes are chunked', async () => {
    for (const size of [1, 2, 3, 5, 7, 64, LATIN1_FILE.length]) {
      const error = await rejection(decode(LATIN1_FILE, size));
      expect(isHubError(error, 'bundle_unreadable')).toBe(true);
      expect(error).toMatchObject({
        message: `In bundle /exports/bundle.zip, users.csv line 3: not valid UTF-8 (byte 0xE9 at offset ${BAD_OFFSET}); save the file as UTF-8`,
        details: { file: 'users.csv', line: 3, offset: BAD_OFFSET, byte: 0xe9 },
      });
    }
  });

  it('counts a BOM in the offset', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), LATIN1_FILE]);
    await expect(decode(withBom, 4)).rejects.toMatchObject({ details: { line: 3, offset: BAD_OFFSET + 3 } });
  });

  it('blames the start of a sequence that is cut short by the end of the file', async () => {
    const bytes = Buffer.concat([Buffer.from('a\nb\nc', 'utf8'), Buffer.from([0xe2, 0x82])]);
    await expect(decode(bytes, 1)).rejects.toMatchObject({ details: { line: 3, offset: 5, byte: 0xe2 } });
  });

  it('refuses a stray continuation byte, an overlong form and an encoded surrogate', async () => {
    await expect(decode(Buffer.from([0x61, 0x80]))).rejects.toMatchObject({ details: { line: 1, offset: 1, byte: 0x80 } });
    await expect(decode(Buffer.from([0x61, 0x0a, 0xc0, 0xaf]))).rejects.toMatchObject({ details: { line: 2, offset: 2, byte: 0xc0 } });
    await expect(decode(Buffer.from([0x0a, 0x0a, 0xed, 0xa0, 0x80]), 2)).rejects.toMatchObject({ details: { line: 3, offset: 2, byte: 0xed } });
  });

  it('says a file with a UTF-16 BOM is UTF-16', async () => {
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff]]) {
      const bytes = Buffer.concat([Buffer.from(bom), Buffer.from('sourcedId\n', 'utf16le')]);
      await expect(decode(bytes, 1)).rejects.toMatchObject({
        code: 'bundle_unreadable',
        message: 'In bundle /exports/bundle.zip, users.csv is UTF-16; save the file as UTF-8',
      });
    }
    await expect(decode(Buffer.from([0xff, 0xfe]))).rejects.toMatchObject({ message: expect.stringContaining('is UTF-16') });
  });

  it('says a UTF-16 file without a BOM is UTF-16', async () => {
    await expect(decode(Buffer.from('sourcedId\n', 'utf16le'))).rejects.toMatchObject({ message: expect.stringContaining('is UTF-16') });
  });

  it('accepts files shorter than the UTF-16 sniff', async () => {
    expect(await decode(Buffer.from('a'))).toBe('a');
    expect(await decode(Buffer.from([]))).toBe('');
    expect(await decode(Buffer.from([0xef, 0xbb, 0xbf]))).toBe('');
  });
});

describe('UTF-8 errors through a bundle', () => {
  it('reports invalid UTF-8 in a folder bundle', async () => {
    const folder = join(temp.path, 'export');
    await mkdir(folder);
    await writeFile(join(folder, 'users.csv'), LATIN1_FILE);
    await expect(readBundleFile(folder, 'users.csv')).rejects.toMatchObject({
      code: 'bundle_unreadable',
      message: `In bundle ${folder}, users.csv line 3: not valid UTF-8 (byte 0xE9 at offset ${BAD_OFFSET}); save the file as UTF-8`,
    });
  });

  it('reports invalid UTF-8 in a zip bundle', async () => {
    const zip = join(temp.path, 'export.zip');
    await writeRawZip(zip, [{ name: 'users.csv', data: LATIN1_FILE }]);
    await expect(readBundleFile(zip, 'users.csv')).rejects.toMatchObject({
      message: `In bundle ${zip}, users.csv line 3: not valid UTF-8 (byte 0xE9 at offset ${BAD_OFFSET}); save the file as UTF-8`,
    });
  });

  it('reports the offset of a bad byte deep in a large file, past many read chunks', async () => {
    const folder = join(temp.path, 'large');
    await mkdir(folder);
    const line = 'u,Zoë,Ångström,李\n';
    const lines = 20_000; // about 500 KB: several 64 KiB reads, and a multi-byte character at chunk edges
    const good = Buffer.from(line.repeat(lines), 'utf8');
    await writeFile(join(folder, 'users.csv'), Buffer.concat([good, Buffer.from([0x78, 0xff])]));
    await expect(readBundleFile(folder, 'users.csv')).rejects.toMatchObject({
      details: { line: lines + 1, offset: good.length + 1, byte: 0xff },
    });
  });

  it('refuses a UTF-16 file in a zip bundle', async () => {
    const zip = join(temp.path, 'utf16.zip');
    await writeRawZip(zip, [{ name: 'users.csv', data: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sourcedId\n', 'utf16le')]) }]);
    await expect(readBundleFile(zip, 'users.csv')).rejects.toMatchObject({
      code: 'bundle_unreadable',
      message: `In bundle ${zip}, users.csv is UTF-16; save the file as UTF-8`,
    });
  });
});
