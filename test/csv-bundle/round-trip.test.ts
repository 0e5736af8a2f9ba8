import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBundleWriter, openBundle } from '../../src/csv/bundle/index.ts';
import { makeTempDir, patchBytes, readAllText, readBundleFile, writeRawZip } from './bundle-fixtures.ts';

const MANIFEST = 'propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.users,bulk\n';
const USERS = 'sourcedId,givenName,familyName\nu1,Zoë,Ångström\nu2,"Li, Wei",李\nu3,Emoji,😀\n';

let temp: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

describe.each(['zip', 'folder'] as const)('a %s bundle', (kind) => {
  const location = () => join(temp.path, kind === 'zip' ? 'export.zip' : 'export');

  it('reads back exactly the text the writer wrote, file by file', async () => {
    const writer = await createBundleWriter(location());
    expect(writer.kind).toBe(kind);
    await writer.writeFile('manifest.csv', [MANIFEST]);
    // Pieces of every size, including a surrogate pair split across two pieces.
    await writer.writeFile('users.csv', (async function* () {
      yield USERS.slice(0, 10);
      yield '';
      yield USERS.slice(10, -3);
      yield USERS.slice(-3, -2);
      yield USERS.slice(-2);
    })());
    await writer.commit();

    const bundle = await openBundle(location());
    try {
      expect(bundle.kind).toBe(kind);
      expect(bundle.location).toBe(location());
      expect(bundle.fileNames()).toEqual(['manifest.csv', 'users.csv']);
      expect(bundle.ignoredEntries()).toEqual([]);
      expect(bundle.has('users.csv')).toBe(true);
      expect(bundle.has('Users.csv')).toBe(false);
      expect(await readAllText(await bundle.openText('manifest.csv'))).toBe(MANIFEST);
      expect(await readAllText(await bundle.openText('users.csv'))).toBe(USERS);
    } finally {
      await bundle.close();
    }
  });

  it('writes UTF-8 without a BOM and reads an empty file as empty text', async () => {
    const writer = await createBundleWriter(location());
    await writer.writeFile('users.csv', ['é']);
    await writer.writeFile('orgs.csv', []);
    await writer.commit();
    expect(await readBundleFile(location(), 'users.csv')).toBe('é');
    expect(await readBundleFile(location(), 'orgs.csv')).toBe('');
    if (kind === 'folder') expect([...(await readFile(join(location(), 'users.csv')))]).toEqual([0xc3, 0xa9]);
  });

  it('refuses to open a file that is not in the bundle', async () => {
    const writer = await createBundleWriter(location());
    await writer.writeFile('manifest.csv', [MANIFEST]);
    await writer.commit();
    const bundle = await openBundle(location());
    await expect(bundle.openText('users.csv')).rejects.toMatchObject({
      code: 'bundle_unreadable',
      message: expect.stringContaining('users.csv is not in the bundle'),
    });
    await bundle.close();
  });
});

describe('reading', () => {
  it('strips a leading UTF-8 BOM, and only a leading one', async () => {
    const folder = join(temp.path, 'bom');
    await mkdir(folder);
    await writeFile(folder + '/users.csv', Buffer.from('\uFEFFsourcedId\n\uFEFFx\n', 'utf8'));
    expect(await readBundleFile(folder, 'users.csv')).toBe('sourcedId\n\uFEFFx\n');

    const zip = join(temp.path, 'bom.zip');
    await writeRawZip(zip, [{ name: 'users.csv', data: Buffer.from('\uFEFFsourcedId\n', 'utf8') }]);
    expect(await readBundleFile(zip, 'users.csv')).toBe('sourcedId\n');
  });

  it('lists only root files of a zip; sub-folders and __MACOSX are reported as ignored', async () => {
    const zip = join(temp.path, 'mac.zip');
    await writeRawZip(zip, [
      { name: 'manifest.csv', data: MANIFEST },
      { name: 'export/users.csv', data: 'nested' },
      { name: '__MACOSX/._manifest.csv', data: Buffer.from([0, 5, 22, 7]) },
      { name: 'windows\\style.csv', data: 'backslash' },
    ]);
    const bundle = await openBundle(zip);
    expect(bundle.fileNames()).toEqual(['manifest.csv']);
    expect(bundle.ignoredEntries()).toEqual(['__MACOSX/._manifest.csv', 'export/users.csv', 'windows/style.csv']);
    expect(bundle.has('users.csv')).toBe(false);
    await bundle.close();
  });

  it('ignores zip entries whose names would escape the folder (zip-slip)', async () => {
    const zip = join(temp.path, 'slip.zip');
    // yazl refuses such names, so write harmless ones of the same length and forge them in place.
    await writeRawZip(zip, [
      { name: 'users.csv', data: 'ok' },
      { name: 'XX/evil.csv', data: 'outside' },
      { name: 'Qetc.csv', data: 'absolute' },
      { name: 'YQwin.csv', data: 'drive' },
    ]);
    await patchBytes(zip, 'XX/evil.csv', '../evil.csv');
    await patchBytes(zip, 'Qetc.csv', '/etc.csv');
    await patchBytes(zip, 'YQwin.csv', 'C:win.csv');
    const bundle = await openBundle(zip);
    expect(bundle.fileNames()).toEqual(['users.csv']);
    expect(bundle.ignoredEntries()).toEqual(['../evil.csv', '/etc.csv', 'C:win.csv']);
    await expect(bundle.openText('../evil.csv')).rejects.toMatchObject({ code: 'bundle_unreadable' });
    await bundle.close();
  });

  it('lists only root files of a folder; sub-folders are reported as ignored', async () => {
    const folder = join(temp.path, 'unpacked');
    await mkdir(join(folder, 'nested'), { recursive: true });
    await writeFile(join(folder, 'manifest.csv'), MANIFEST);
    await writeFile(join(folder, 'nested', 'users.csv'), USERS);
    const bundle = await openBundle(folder);
    expect(bundle.kind).toBe('folder');
    expect(bundle.fileNames()).toEqual(['manifest.csv']);
    expect(bundle.ignoredEntries()).toEqual(['nested/']);
    await bundle.close();
    await expect(bundle.openText('manifest.csv')).rejects.toMatchObject({ code: 'bundle_unreadable' });
  });

  it('refuses a zip that holds the same root file twice', async () => {
    const zip = join(temp.path, 'twice.zip');
    await writeRawZip(zip, [{ name: 'users.csv', data: 'a' }, { name: 'users.csv', data: 'b' }]);
    await expect(openBundle(zip)).rejects.toMatchObject({ code: 'bundle_unreadable', message: expect.stringContaining('users.csv twice') });
  });

  it('stops reading when the consumer stops, and the bundle still closes', async () => {
    const zip = join(temp.path, 'big.zip');
    const writer = await createBundleWriter(zip);
    await writer.writeFile('users.csv', (function* () {
      for (let i = 0; i < 100_000; i += 1) yield `u${i},Given,Family\n`;
    })());
    await writer.commit();
    const bundle = await openBundle(zip);
    const stream = await bundle.openText('users.csv');
    for await (const chunk of stream) {
      expect(chunk.startsWith('u0,')).toBe(true);
      break;
    }
    await bundle.close();
  });
});

describe('zip determinism', () => {
  it('gives byte-identical archives for the same content', async () => {
    const write = async (name: string, mtime?: Date) => {
      const location = join(temp.path, name);
      const writer = await createBundleWriter(location, mtime === undefined ? {} : { mtime });
      await writer.writeFile('manifest.csv', [MANIFEST]);
      await writer.writeFile('users.csv', USERS.split('\n').map((line) => `${line}\n`));
      await writer.commit();
      return readFile(location);
    };
    const first = await write('a.zip');
    const second = await write('b.zip');
    expect(second.equals(first)).toBe(true);

    const at = new Date('2024-05-01T12:00:00Z');
    const dated = await write('c.zip', at);
    expect(dated.equals(await write('d.zip', at))).toBe(true);
    expect(dated.equals(first)).toBe(false);
  });
});
