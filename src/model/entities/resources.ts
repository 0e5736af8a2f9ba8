import { entity } from '../entity.ts';
import { field, t } from '../fields.ts';
import { importanceVocab, resourceRoleVocab } from '../vocabularies.ts';

export const resources = entity({
  name: 'resources',
  singular: 'resource',
  refType: { '1.1': 'resource', '1.2': 'resource' },
  service: 'resources',
  fields: [
    field('vendorResourceId', t.string, { required: true }),
    field('title', t.string),
    field('roles', t.enumList(resourceRoleVocab)),
    field('importance', t.enum(importanceVocab)),
    field('vendorId', t.string),
    field('applicationId', t.string),
  ],
});

/** CSV-only association files; the REST binding exposes them as `resources` on classes/courses/users. */
export const classResources = entity({
  name: 'classResources',
  singular: 'classResource',
  refType: {},
  service: 'resources',
  fields: [
    field('title', t.string),
    field('class', t.ref('classes'), { required: true, indexed: true }),
    field('resource', t.ref('resources'), { required: true }),
  ],
});

export const courseResources = entity({
  name: 'courseResources',
  singular: 'courseResource',
  refType: {},
  service: 'resources',
  fields: [
    field('title', t.string),
    field('course', t.ref('courses'), { required: true, indexed: true }),
    field('resource', t.ref('resources'), { required: true }),
  ],
});

export const userResources = entity({
  name: 'userResources',
  singular: 'userResource',
  refType: {},
  service: 'resources',
  versions: ['1.2'],
  fields: [
    field('user', t.ref('users'), { required: true, indexed: true }),
    field('org', t.ref('orgs')),
    field('class', t.ref('classes')),
    field('resource', t.ref('resources'), { required: true }),
  ],
});
