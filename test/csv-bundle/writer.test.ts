import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBundleWriter, openBundle } from '../../src/csv/bundle/index.ts';
import { makeTempDir, readBundleFile, rejection } from './bundle-fixtures.ts';

let temp: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

const exists = (path: string) => stat(path).then(() => true, () => false);

describe.each(['zip', 'folder'] as const)('a %s writer', (kind) => {
  const location = () => join(temp.path, 'out', 'deep', kind === 'zip' ? 'export.zip' : 'export');

  it('leaves nothing at the location after abort, including the folders it created', async () => {
    const writer = await createBundleWriter(location());
    await writer.writeFile('users.csv', ['sourcedId\n', 'u1\n']);
    await writer.abort();
    await writer.abort(); // idempotent
    expect(await exists(location())).toBe(false);
    expect(await readdir(temp.path)).toEqual([]);
    await expect(writer.writeFile('orgs.csv', [])).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(writer.commit()).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('shows nothing at the location before commit', async () => {
    const writer = await createBundleWriter(location());
    await writer.writeFile('users.csv', ['sourcedId\n']);
    if (kind === 'zip') {
      expect(await exists(location())).toBe(false);
    } else {
      // The folder exists, but holds only the hidden staging folder, which a reader ignores.
      const bundle = await openBundle(location());
      expect(bundle.fileNames()).toEqual([]);
      await bundle.close();
    }
    await writer.commit();
    expect(await readBundleFile(location(), 'users.csv')).toBe('sourcedId\n');
    await writer.abort(); // a no-op after commit
    expect(await readBundleFile(location(), 'users.csv')).toBe('sourcedId\n');
  });

  it('aborts and rethrows when the content iterable fails', async () => {
    const writer = await createBundleWriter(location());
    await writer.writeFile('manifest.csv', ['propertyName,value\n']);
    const failure = new Error('source database went away');
    async function* failing(): AsyncGenerator<string> {
      yield 'sourcedId\n';
      yield 'u1\n'.repeat(50_000);
      throw failure;
    }
    await expect(writer.writeFile('users.csv', failing())).rejects.toBe(failure);
    expect(await readdir(temp.path)).toEqual([]);
    await expect(writer.commit()).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('aborted') });
  });

  it('refuses names that are not plain root file names, and the same name twice', async () => {
    const writer = await createBundleWriter(location());
    for (const bad of ['', '../users.csv', 'sub/users.csv', '/users.csv', 'a\\b.csv', '..']) {
      await expect(writer.writeFile(bad, [])).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    await writer.writeFile('users.csv', []);
    await expect(writer.writeFile('users.csv', [])).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('twice') });
    await writer.abort();
  });

  it('refuses a second writeFile while one is running', async () => {
    const writer = await createBundleWriter(location());
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow(): AsyncGenerator<string> {
      yield 'a\n';
      await gate;
      yield 'b\n';
    }
    const first = writer.writeFile('users.csv', slow());
    await expect(writer.writeFile('orgs.csv', [])).rejects.toMatchObject({ message: expect.stringContaining('sequentially') });
    release();
    await first;
    await writer.commit();
    expect(await readBundleFile(location(), 'users.csv')).toBe('a\nb\n');
  });
});

describe.each(['zip', 'folder'] as const)('a %s writer aborted while a file is being written', (kind) => {
  it('rejects the write and leaves nothing behind', async () => {
    const location = join(temp.path, kind === 'zip' ? 'export.zip' : 'export');
    const writer = await createBundleWriter(location);
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    async function* endless(): AsyncGenerator<string> {
      for (;;) {
        yield 'u1,Ada,Lovelace\n'.repeat(1000);
        started();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const failure = rejection(writer.writeFile('users.csv', endless()));
    await running;
    await writer.abort();
    expect(await failure).toMatchObject({ message: expect.stringContaining('aborted while it was being written') });
    expect(await readdir(temp.path)).toEqual([]);
  });
});

describe('a folder writer over an existing folder', () => {
  it('replaces the files it writes and leaves the others alone', async () => {
    const folder = join(temp.path, 'export');
    await mkdir(folder);
    await writeFile(join(folder, 'users.csv'), 'old users\n');
    await writeFile(join(folder, 'classes.csv'), 'old classes\n');
    const writer = await createBundleWriter(folder);
    await writer.writeFile('manifest.csv', ['propertyName,value\n']);
    await writer.writeFile('users.csv', ['new users\n']);
    expect(await readFile(join(folder, 'users.csv'), 'utf8')).toBe('old users\n');
    await writer.commit();
    expect(await readFile(join(folder, 'users.csv'), 'utf8')).toBe('new users\n');
    expect(await readFile(join(folder, 'classes.csv'), 'utf8')).toBe('old classes\n');
    expect((await readdir(folder)).sort()).toEqual(['classes.csv', 'manifest.csv', 'users.csv']);
  });

  it('keeps the existing files and the folder on abort', async () => {
    const folder = join(temp.path, 'export');
    await mkdir(folder);
    await writeFile(join(folder, 'users.csv'), 'old users\n');
    const writer = await createBundleWriter(folder);
    await writer.writeFile('users.csv', ['new users\n']);
    await writer.abort();
    expect(await readdir(folder)).toEqual(['users.csv']);
    expect(await readFile(join(folder, 'users.csv'), 'utf8')).toBe('old users\n');
  });
});

describe('a zip writer over an existing archive', () => {
  it('replaces it on commit and keeps it on abort', async () => {
    const zip = join(temp.path, 'export.zip');
    const write = async (text: string, finish: 'commit' | 'abort') => {
      const writer = await createBundleWriter(zip);
      await writer.writeFile('users.csv', [text]);
      await writer[finish]();
    };
    await write('first\n', 'commit');
    await write('second\n', 'abort');
    expect(await readBundleFile(zip, 'users.csv')).toBe('first\n');
    await write('third\n', 'commit');
    expect(await readBundleFile(zip, 'users.csv')).toBe('third\n');
    expect(await readdir(temp.path)).toEqual(['export.zip']);
  });

  it('honours an explicit kind over the file name', async () => {
    const location = join(temp.path, 'bundle.bin');
    const writer = await createBundleWriter(location, { kind: 'zip' });
    await writer.writeFile('users.csv', ['x\n']);
    await writer.commit();
    const bundle = await openBundle(location);
    expect(bundle.kind).toBe('zip');
    await bundle.close();
  });

  it('refuses a location that is a folder', async () => {
    const location = join(temp.path, 'taken.zip');
    await mkdir(location);
    await expect(createBundleWriter(location)).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('a folder has that name') });
  });
});
