import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { loadOfficial, OFFICIAL, schemaChecker } from '../support/schema-check.ts';
import { ids, openProviderFixture, V11, type ProviderFixture } from './provider-fixture.ts';

const GRADEBOOK = '/ims/oneroster/gradebook/v1p2';
const RESOURCES = '/ims/oneroster/resources/v1p2';
const GRADEBOOK_SCHEMAS = schemaChecker(loadOfficial(OFFICIAL.gradebook));

describe.each(engines())('OneRoster gradebook and resources reads on %s', (engine) => {
  let p: ProviderFixture;
  let all: string;
  let s1Only: string;

  beforeAll(async () => {
    p = await openProviderFixture(engine);
    all = await p.token();
    s1Only = await p.token({ schoolIds: ['s1'] });
  });
  afterAll(async () => {
    await p.close();
  });

  it('serves gradebook collections in 1.1 and 1.2, scoped through their class', async () => {
    expect(ids((await p.get(`${GRADEBOOK}/lineItems`, all)).json(), 'lineItems')).toEqual(['li1', 'li2']);
    expect(ids((await p.get(`${V11}/lineItems`, all)).json(), 'lineItems')).toEqual(['li1', 'li2']);
    expect(ids((await p.get(`${GRADEBOOK}/lineItems`, s1Only)).json(), 'lineItems')).toEqual(['li1']);
    expect(ids((await p.get(`${V11}/results`, s1Only)).json(), 'results')).toEqual(['r1']);
    expect((await p.get(`${GRADEBOOK}/lineItems/li2`, s1Only)).statusCode).toBe(404);
    expect((await p.get(`${GRADEBOOK}/results/r2`, s1Only)).statusCode).toBe(404);
    expect(ids((await p.get(`${GRADEBOOK}/categories`, s1Only)).json(), 'categories')).toEqual(['cat1']);
  });

  it('filters gradebook records by reference and number', async () => {
    const response = await p.get(`${GRADEBOOK}/results?filter=${encodeURIComponent("lineItem.sourcedId='li2' OR score>'8'")}`, all);
    expect(ids(response.json(), 'results')).toEqual(['r1', 'r2']);
    const high = await p.get(`${GRADEBOOK}/results?filter=${encodeURIComponent("score>='8'")}`, all);
    expect(ids(high.json(), 'results')).toEqual(['r1']);
  });

  it('serves resources under the resources base', async () => {
    const response = await p.get(`${RESOURCES}/resources/res1`, all);
    expect(response.json()).toMatchObject({ resource: { sourcedId: 'res1', vendorResourceId: 'vr-1' } });
    expect(ids((await p.get(`${V11}/resources`, all)).json(), 'resources')).toEqual(['res1']);
  });

  it.each([
    [`${GRADEBOOK}/classes/c1/lineItems`, 'lineItems', ['li1']],
    [`${GRADEBOOK}/classes/c2/results`, 'results', ['r2']],
    [`${GRADEBOOK}/classes/c1/categories`, 'categories', ['cat1']],
    [`${GRADEBOOK}/classes/c1/scoreScales`, 'scoreScales', ['ss1']],
    [`${GRADEBOOK}/schools/s1/scoreScales`, 'scoreScales', ['ss1']],
    [`${RESOURCES}/classes/c1/resources`, 'resources', ['res1']],
    [`${RESOURCES}/courses/co1/resources`, 'resources', []],
    [`${V11}/classes/c1/lineItems`, 'lineItems', ['li1']],
    [`${V11}/classes/c1/results`, 'results', ['r1']],
    [`${V11}/classes/c1/resources`, 'resources', ['res1']],
  ])('serves the nested route %s', async (url, wrapper, expected) => {
    const response = await p.get(url, all);
    expect(response.statusCode).toBe(200);
    expect(ids(response.json(), wrapper)).toEqual(expected);
  });

  it('keeps nested gradebook routes to the access\' schools and versions', async () => {
    expect((await p.get(`${GRADEBOOK}/classes/c2/results`, s1Only)).statusCode).toBe(404);
    expect(ids((await p.get(`${GRADEBOOK}/classes/c1/results`, s1Only)).json(), 'results')).toEqual(['r1']);
    expect((await p.get(`${V11}/classes/c1/categories`, all)).statusCode).toBe(404); // a 1.2-only route
    expect((await p.get(`${V11}/scoreScales`, all)).statusCode).toBe(404);
  });

  it('serves 1.2 assessmentLineItems and assessmentResults (collection and by id), scoped through their class', async () => {
    expect(ids((await p.get(`${GRADEBOOK}/assessmentLineItems`, all)).json(), 'assessmentLineItems')).toEqual(['ali1', 'ali2']);
    expect(ids((await p.get(`${GRADEBOOK}/assessmentLineItems`, s1Only)).json(), 'assessmentLineItems')).toEqual(['ali1']);
    expect(ids((await p.get(`${GRADEBOOK}/assessmentResults`, s1Only)).json(), 'assessmentResults')).toEqual(['ar1']);
    expect((await p.get(`${GRADEBOOK}/assessmentResults/ar2`, s1Only)).statusCode).toBe(404);
    const one = (await p.get(`${GRADEBOOK}/assessmentResults/ar1`, all)).json();
    expect(one.assessmentResult).toMatchObject({ sourcedId: 'ar1', late: 'false', assessmentLineItem: { sourcedId: 'ali1', type: 'assessmentLineItem' }, student: { sourcedId: 'st-1', type: 'user' } });
    expect((await p.get(`${GRADEBOOK}/assessmentLineItems/ali1`, all)).json().assessmentLineItem).toMatchObject({ title: 'Fall benchmark', class: { sourcedId: 'c1' } });
    expect((await p.get(`${V11}/assessmentLineItems`, all)).statusCode).toBe(404); // not in 1.1
  });

  it.each([
    ['/assessmentLineItems', 'AssessmentLineItemSetDType'],
    ['/assessmentLineItems/ali1', 'SingleAssessmentLineItemDType'],
    ['/assessmentResults', 'AssessmentResultSetDType'],
    ['/lineItems', 'LineItemSetDType'],
    ['/results/r1', 'SingleResultDType'],
    ['/categories', 'CategoriesSetDType'],
    ['/scoreScales', 'ScoreScaleSetDType'],
  ])('%s validates against the official 1.2 gradebook schema %s', async (path, schemaName) => {
    const response = await p.get(`${GRADEBOOK}${path}`, all);
    expect(GRADEBOOK_SCHEMAS.check(schemaName, response.json())).toEqual([]);
  });
});
