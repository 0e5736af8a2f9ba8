import { describe, expect, it } from 'vitest';
import { applyMasterFields, checkRules, runStages, UniquenessIndex } from '../../src/sync/pipeline/index.ts';
import { context, person, users } from './pipeline-fixture.ts';

describe('attribute mapping', () => {
  it('sets fields from another field, a constant or a template, through transforms, in order', () => {
    const ctx = context({
      attributes: {
        users: [
          { target: 'username', template: '{givenName}.{familyName}', transforms: ['lower'] },
          { target: 'email', template: '{username}@example.org' },
          { target: 'preferredGivenName', from: 'givenName', transforms: ['trim', 'upper'] },
          { target: 'middleName', from: 'identifier', transforms: [{ split: '-', index: 1 }] },
          { target: 'grades', constant: '09, 10' },
        ],
      },
    });
    const staged = runStages(users, person('u1', [['student', 's1']], { givenName: ' Ada ', identifier: 'N-77' }), ctx);
    expect(staged.outcome.kind === 'keep' && staged.outcome.record).toMatchObject({
      username: ' ada .lovelace', email: ' ada .lovelace@example.org', preferredGivenName: 'ADA', middleName: '77', grades: ['09', '10'],
    });
    expect(staged.rules).toEqual(['attribute mapping']);
  });

  it('removes a field when the result is empty, and leaves it when the source field is absent', () => {
    const ctx = context({ attributes: { users: [{ target: 'email', constant: '' }, { target: 'phone', from: 'sms' }] } });
    const out = runStages(users, person('u1', [['student', 's1']], { email: 'a@b.c', phone: '555' }), ctx).outcome;
    expect(out.kind === 'keep' && out.record).toMatchObject({ phone: '555' });
    expect(out.kind === 'keep' && 'email' in out.record).toBe(false);
  });
});

describe('data requirements', () => {
  const rules = (onMissing: 'reject' | 'dropField' | 'hold') => context({ requirements: { users: [{ field: 'email', onMissing }] } });

  it('rejects, holds, or keeps a record that lacks a required field', () => {
    const noEmail = person('u1', [['student', 's1']]);
    expect(runStages(users, noEmail, rules('reject')).outcome).toEqual({ kind: 'reject', reason: 'user u1 has no email' });
    expect(runStages(users, noEmail, rules('hold')).outcome).toEqual({ kind: 'hold', reason: 'user u1 has no email' });
    expect(runStages(users, noEmail, rules('dropField')).outcome.kind).toBe('keep');
    expect(runStages(users, { ...noEmail, email: 'a@b.c' }, rules('reject')).outcome.kind).toBe('keep');
  });
});

describe('domains of uniqueness', () => {
  it('lists a conflict with the hub or an earlier record, never merging, and lets the first holder keep it', () => {
    const index = new UniquenessIndex(['email', 'userIds:studentNumber'], [['email', 'taken@example.org', 'hub-7']]);
    expect(index.claim(person('u1', [['student', 's1']], { email: 'Taken@Example.org' }))).toEqual([
      { domain: 'email', value: 'taken@example.org', sourcedId: 'u1', heldBy: 'hub-7' },
    ]);
    const withNumber = (id: string) => person(id, [['student', 's1']], { userIds: [{ type: 'studentNumber', identifier: '1001' }] });
    expect(index.claim(withNumber('u2'))).toEqual([]);
    expect(index.claim(withNumber('u3'))).toEqual([{ domain: 'userIds:studentNumber', value: '1001', sourcedId: 'u3', heldBy: 'u2' }]);
    // The same record seen again (a re-read) is not in conflict with itself.
    expect(index.claim(withNumber('u2'))).toEqual([]);
  });
});

describe('master fields', () => {
  it('keeps the other source\'s value for fields it masters and takes this source\'s for the rest', () => {
    const rules = { masterFields: { users: { email: 'other', phone: 'other', givenName: 'this' } } } as const;
    const incoming = person('u1', [['student', 's1']], { email: 'sis@x.org', phone: '1', givenName: 'Ada' });
    const stored = person('u1', [['student', 's1']], { email: 'ad@x.org', givenName: 'Adeline' });
    expect(applyMasterFields(users, incoming, stored, rules)).toMatchObject({ email: 'ad@x.org', givenName: 'Ada' });
    expect('phone' in applyMasterFields(users, incoming, stored, rules)).toBe(false);
    expect(applyMasterFields(users, incoming, undefined, rules)).toBe(incoming);
  });
});

describe('checking rules before they are saved', () => {
  it('lists every problem in words', () => {
    expect(checkRules({
      filters: { users: { match: 'all', conditions: [{ field: 'emial', operator: 'equals', value: 'x' }, { field: 'email', operator: 'before', value: 'soon' }] } },
      attributes: { users: [{ target: 'enabledUser', constant: 'x' }, { target: 'email', from: 'a', constant: 'b' }] },
      idPrefix: 'has space',
      uniqueness: ['email', 'ssn' as 'email'],
      schools: { map: { s1: 's2', s2: 's3' } },
    })).toEqual([
      "filter rules: users has no field 'emial'",
      'filter rules: users.email before needs a date (YYYY-MM-DD)',
      'attribute mapping: users.enabledUser is not a text field that can be set',
      'attribute mapping: users.email needs exactly one of from, constant or template',
      "attribute mapping: users has no field 'a'",
      'SIS ID prefix: 1 to 32 letters, digits or . _ : -',
      "domains of uniqueness: 'ssn' is not email, username or userIds:<type>",
      'schools mapping: s1 → s2, but s2 is itself mapped onto s3',
    ]);
    expect(checkRules({ idPrefix: 'sky-', filters: { classes: { match: 'any', conditions: [{ field: 'grades', operator: 'equals', value: '09' }] } } })).toEqual([]);
  });
});
