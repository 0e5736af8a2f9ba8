import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityDecl, type UserRecord } from '../../src/model/index.ts';
import { upsertRecords } from '../../src/store/index.ts';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, T1, V12, type ProviderFixture } from './provider-fixture.ts';

const WRITER = fileURLToPath(new URL('../support/roster-writer-process.ts', import.meta.url));
const SEEDED = Array.from({ length: 60 }, (_, i) => `u-${String(i).padStart(3, '0')}`);

function startWriter(url: string): Promise<ChildProcess> {
  const child = fork(WRITER, [url, 'd1'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`writer exited with ${code}`)));
  });
}

function writeStep(child: ChildProcess, step: number, update: string[], remove: string[]): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: { done?: number }): void => {
      if (message.done !== step) return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.send({ step, update, remove });
  });
}

describe.each(engines())('paging while another process writes, on %s', (engine) => {
  let p: ProviderFixture;
  let writer: ChildProcess;
  let token: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    const student = (sourcedId: string): UserRecord => ({
      sourcedId, status: 'active', enabledUser: true, roles: [{ roleType: 'primary', role: 'student', org: 's1' }], givenName: sourcedId, familyName: 'Seeded',
    });
    await upsertRecords(p.f.store.db, p.f.store.dialect, entityDecl('users'), SEEDED.map(student), { districtId: 'd1', now: T1 });
    token = await p.token();
    writer = await startWriter(p.f.url);
  });
  afterAll(async () => {
    writer.send('stop');
    await p.close();
  });

  it('sees every record that existed when paging began exactly once, with no duplicates', async () => {
    const first = await p.get(`${V12}/users?limit=7`, token);
    const before = Number(first.headers['x-total-count']);
    const seen: string[] = ids(first.json(), 'users');
    let step = 0;
    for (let offset = 7; offset < before; offset += 7) {
      step += 1;
      // Between pages the other process adds users that sort first by sourcedId, changes one user
      // not yet read and one already read, and deletes one of each.
      const ahead = SEEDED[Math.min(SEEDED.length - 1, 20 + step)] ?? '';
      const behind = seen.find((id) => id.startsWith('u-')) ?? '';
      await writeStep(writer, step, [ahead, behind], step % 2 === 0 ? [ahead] : [behind]);
      const page = await p.get(`${V12}/users?limit=7&offset=${offset}`, token);
      expect(page.statusCode).toBe(200);
      seen.push(...ids(page.json(), 'users'));
    }
    expect(step).toBeGreaterThan(5);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await p.get(`${V12}/users?limit=1000`, token);
    const existedAtStart = ids(all.json(), 'users').filter((id) => !id.startsWith('a-'));
    expect(existedAtStart).toHaveLength(before);
    // Records added meanwhile may appear on the last pages; what existed at the start appears once.
    expect(seen.filter((id) => !id.startsWith('a-')).sort()).toEqual([...existedAtStart].sort());
  });

  it('orders a collection by creation, then sourcedId, when no sort is asked', async () => {
    const response = await p.get(`${V12}/users?limit=1000&fields=sourcedId`, token);
    const order = ids(response.json(), 'users');
    // The writer's users were created after every seeded user, so they come last.
    const firstAdded = order.findIndex((id) => id.startsWith('a-'));
    expect(firstAdded).toBeGreaterThan(0);
    expect(order.slice(firstAdded).every((id) => id.startsWith('a-'))).toBe(true);
  });
});
