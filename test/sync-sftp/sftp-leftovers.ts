import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `work` with its own TMPDIR, and returns what it left there of the SFTP temp folders. */
export async function leftovers<T>(work: () => Promise<T>): Promise<{ result: T; left: string[] }> {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'rb-sftp-tmp-'));
  process.env.TMPDIR = dir;
  try {
    const result = await work();
    return { result, left: readdirSync(dir).filter((f) => f.startsWith('rb-sftp-')) };
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  }
}
