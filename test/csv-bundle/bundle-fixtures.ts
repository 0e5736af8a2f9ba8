import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ZipFile } from 'yazl';
import { openBundle, type TextStream } from '../../src/csv/bundle/index.ts';

/** A fresh folder under the OS temp dir, and its removal. */
export async function makeTempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'rosterbridge-bundle-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function readAllText(stream: TextStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

/** Opens `location`, reads one file in full, closes. */
export async function readBundleFile(location: string, name: string): Promise<string> {
  const bundle = await openBundle(location);
  try {
    return await readAllText(await bundle.openText(name));
  } finally {
    await bundle.close();
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * A zip made directly with yazl (bypassing the bundle writer), for archives the writer would never make:
 * entries in sub-folders, raw bytes, stored entries, ZIP64 fields.
 */
export async function writeRawZip(
  path: string,
  entries: ReadonlyArray<{ name: string; data: Buffer | string; compress?: boolean; forceZip64Format?: boolean }>,
): Promise<void> {
  const zip = new ZipFile();
  const parts: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => parts.push(chunk));
    zip.outputStream.on('end', resolve);
    zip.outputStream.on('error', reject);
  });
  for (const entry of entries) {
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    zip.addBuffer(data, entry.name, {
      mtime: new Date(2000, 0, 1),
      compress: entry.compress ?? true,
      forceZip64Format: entry.forceZip64Format ?? false,
    });
  }
  zip.end();
  await done;
  await writeFile(path, Buffer.concat(parts));
}

/** Replaces every occurrence of `from` in a file's bytes with `to` (same length): how tests forge names. */
export async function patchBytes(path: string, from: string, to: string): Promise<void> {
  if (from.length !== to.length) throw new Error('patchBytes keeps lengths equal');
  const bytes = await readFile(path);
  const needle = Buffer.from(from, 'latin1');
  let at = bytes.indexOf(needle);
  if (at === -1) throw new Error(`"${from}" not found in ${path}`);
  while (at !== -1) {
    bytes.write(to, at, 'latin1');
    at = bytes.indexOf(needle, at + 1);
  }
  await writeFile(path, bytes);
}
