import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { ids, openProviderFixture, V11, V12, type ProviderFixture } from './provider-fixture.ts';

const GRADEBOOK_12 = '/ims/oneroster/gradebook/v1p2';

describe.each(engines())('OneRoster routes under two parents on %s', (engine) => {
  let p: ProviderFixture;
  let token: string;
  let s2Only: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    token = await p.token();
    s2Only = await p.token({ schoolIds: ['s2'] });
  });
  afterAll(async () => {
    await p.close();
  });

  it.each([
    [`${V12}/schools/s1/classes/c1/students`, 'users', ['st-1', 'st-2']],
    [`${V11}/schools/s1/classes/c1/students`, 'users', ['st-1', 'st-2']],
    [`${V12}/schools/s1/classes/c1/teachers`, 'users', ['t-1']],
    [`${V11}/schools/s2/classes/c2/teachers`, 'users', ['t-2']],
    [`${V12}/schools/s1/classes/c1/enrollments`, 'enrollments', ['e1', 'e2', 'e3']],
    [`${V11}/classes/c1/lineItems/li1/results`, 'results', ['r1']],
    [`${GRADEBOOK_12}/classes/c2/lineItems/li2/results`, 'results', ['r2']],
    [`${V11}/classes/c1/students/st-1/results`, 'results', ['r1']],
    [`${GRADEBOOK_12}/classes/c1/students/st-2/results`, 'results', []],
  ])('%s lists what belongs to both parents', async (url, wrapper, expected) => {
    const response = await p.get(url, token);
    expect(response.statusCode).toBe(200);
    expect(ids(response.json(), wrapper)).toEqual(expected);
    expect(response.headers['x-total-count']).toBe(String(expected.length));
  });

  it.each([
    // The class exists, but not at that school; the line item exists, but in another class.
    [`${V12}/schools/s2/classes/c1/students`, "no class 'c1' under 's2'"],
    [`${V11}/classes/c2/lineItems/li1/results`, "no lineItem 'li1' under 'c2'"],
    // st-3 is a student, but not in c1.
    [`${GRADEBOOK_12}/classes/c1/students/st-3/results`, "no user 'st-3' under 'c1'"],
    [`${V12}/schools/nope/classes/c1/enrollments`, "no org 'nope'"],
  ])('%s is 404 unknownobject when the parents do not belong together', async (url, description) => {
    const response = await p.get(url, token);
    expect(response.statusCode).toBe(404);
    const body = JSON.stringify(response.json());
    expect(body).toContain('unknownobject');
    expect(body).toContain(description);
  });

  it('is 404 for parents outside the access\' schools, and serves those inside', async () => {
    expect((await p.get(`${V12}/schools/s1/classes/c1/students`, s2Only)).statusCode).toBe(404);
    expect((await p.get(`${V11}/classes/c1/lineItems/li1/results`, s2Only)).statusCode).toBe(404);
    const inside = await p.get(`${V12}/schools/s2/classes/c2/students`, s2Only);
    expect(ids(inside.json(), 'users')).toEqual(['st-3']);
  });

  it('is 404 under a deleted parent, as a by-id read of it is', async () => {
    // st-old is a tombstone in the fixture.
    expect((await p.get(`${V12}/users/st-old`, token)).statusCode).toBe(404);
    expect((await p.get(`${V12}/students/st-old/classes`, token)).statusCode).toBe(404);
    expect((await p.get(`${V11}/users/st-old/classes`, token)).statusCode).toBe(404);
  });

  it('takes the usual query parameters', async () => {
    const response = await p.get(`${V12}/schools/s1/classes/c1/students?filter=${encodeURIComponent("email~'kim'")}&fields=sourcedId,email`, token);
    expect(response.json()).toEqual({ users: [{ sourcedId: 'st-2', email: 'BKim@Example.org' }] });
    expect((await p.get(`${V12}/schools/s1/classes/c1/students?filter=nope`, token)).statusCode).toBe(400);
  });
});
