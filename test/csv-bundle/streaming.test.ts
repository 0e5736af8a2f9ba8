import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBundleWriter, openBundle } from '../../src/csv/bundle/index.ts';
import { makeTempDir } from './bundle-fixtures.ts';

let temp: { path: string; remove: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

const TARGET_BYTES = 50 * 1024 * 1024;
const WARM_UP_BYTES = 10 * 1024 * 1024;

/**
 * A users.csv of about TARGET_BYTES, generated on the fly (never held) and hashed as it is produced. The rows
 * come in blocks of 1,000 built once, so the test's own garbage does not drown what it measures (a loop
 * building 50 MB of fresh row strings alone grows RSS by some 35 MB before V8 collects).
 */
function* generatedUsers(hash: ReturnType<typeof createHash>, stats: { bytes: number }): Generator<string> {
  const header = 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,givenName,familyName,email\n';
  const block = Array.from(
    { length: 1000 },
    (_, i) => `,active,2024-05-01T18:25:43.511Z,true,school-${i % 97},student,u${(i * 7919) % 1000003},${i % 13 === 0 ? 'Zoë' : 'Given'}${i},Family${(i * 31) % 9973},u${i}@example.org\n`,
  ).join('');
  const blockBytes = Buffer.byteLength(block);
  hash.update(header);
  stats.bytes += header.length;
  yield header;
  for (let i = 0; stats.bytes < TARGET_BYTES; i += 1) {
    const id = `block-${i}`;
    hash.update(id).update(block);
    stats.bytes += id.length + blockBytes;
    yield id;
    yield block;
  }
}

describe('streaming a large file', () => {
  it('writes and reads back a ~50 MB file through a zip with flat memory', async () => {
    const zip = join(temp.path, 'large.zip');
    const written = createHash('sha256');
    const stats = { bytes: 0 };
    const baseline = process.memoryUsage().rss;
    // RSS once the first WARM_UP_BYTES have streamed: by then V8's young generation and the stream buffers
    // have reached their working size, so growth past it is what scales with the file.
    let warm: number | undefined;
    let peak = baseline;
    const sample = () => {
      const rss = process.memoryUsage().rss;
      if (warm === undefined && stats.bytes >= WARM_UP_BYTES) warm = rss;
      peak = Math.max(peak, rss);
    };

    const writer = await createBundleWriter(zip);
    await writer.writeFile('users.csv', (function* () {
      for (const text of generatedUsers(written, stats)) {
        sample();
        yield text;
      }
    })());
    await writer.commit();
    expect(stats.bytes).toBeGreaterThanOrEqual(TARGET_BYTES);
    expect((await stat(zip)).size).toBeLessThan(stats.bytes);

    const bundle = await openBundle(zip);
    const read = createHash('sha256');
    let readBytes = 0;
    for await (const chunk of await bundle.openText('users.csv')) {
      read.update(chunk);
      readBytes += Buffer.byteLength(chunk);
      sample();
    }
    await bundle.close();

    expect(readBytes).toBe(stats.bytes);
    expect(read.digest('hex')).toBe(written.digest('hex'));
    // Buffering the file would cost at least its size (more as a JS string). Streaming costs a constant:
    // stream buffers, zlib state, and garbage the collector has not reclaimed yet.
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const total = peak - baseline;
    const afterWarmUp = peak - (warm ?? baseline);
    console.info(`rss growth ${mb(total)} (${mb(afterWarmUp)} after the first ${mb(WARM_UP_BYTES)}) for a ${mb(stats.bytes)} file`);
    expect(total).toBeLessThan(stats.bytes * 0.6);
    expect(afterWarmUp).toBeLessThan(stats.bytes * 0.3);
  });
});
