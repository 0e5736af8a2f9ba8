import { entity } from '../entity.ts';
import { extension, field, jsonOnly, t } from '../fields.ts';
import {
  classTypeVocab,
  enrollmentRoleVocab,
  orgTypeVocab,
  sessionTypeVocab,
  sexVocab,
} from '../vocabularies.ts';

const V1P2_BOOL = { kind: 'boolean' } as const;

export const orgs = entity({
  name: 'orgs',
  singular: 'org',
  refType: { '1.1': 'org', '1.2': 'org' },
  service: 'rostering',
  fields: [
    field('name', t.string, { required: true }),
    field('type', t.enum(orgTypeVocab), { required: true, indexed: true }),
    field('identifier', t.string, { indexed: true }),
    field('parent', t.ref('orgs'), { indexed: true }),
  ],
});

export const academicSessions = entity({
  name: 'academicSessions',
  singular: 'academicSession',
  refType: { '1.1': 'academicSession', '1.2': 'academicSession' },
  service: 'rostering',
  fields: [
    field('title', t.string, { required: true }),
    field('type', t.enum(sessionTypeVocab), { required: true, indexed: true }),
    field('startDate', t.date, { required: true }),
    field('endDate', t.date, { required: true }),
    field('parent', t.ref('academicSessions'), { indexed: true }),
    field('schoolYear', t.string, { required: true }),
  ],
});

export const courses = entity({
  name: 'courses',
  singular: 'course',
  refType: { '1.1': 'course', '1.2': 'course' },
  service: 'rostering',
  fields: [
    field('schoolYear', t.ref('academicSessions')),
    field('title', t.string, { required: true }),
    field('courseCode', t.string),
    field('grades', t.stringList),
    field('org', t.ref('orgs'), { required: true, indexed: true }),
    field('subjects', t.stringList),
    field('subjectCodes', t.stringList),
    jsonOnly(field('resources', t.refList('resources'), { filterable: false })),
  ],
});

export const classes = entity({
  name: 'classes',
  singular: 'class',
  refType: { '1.1': 'class', '1.2': 'class' },
  service: 'rostering',
  fields: [
    field('title', t.string, { required: true }),
    field('grades', t.stringList),
    field('course', t.ref('courses'), { required: true, indexed: true }),
    field('classCode', t.string),
    field('classType', t.enum(classTypeVocab), { required: true }),
    field('location', t.string),
    field('school', t.ref('orgs'), { required: true, indexed: true }),
    field('terms', t.refList('academicSessions'), { required: true, csv: 'termSourcedIds' }),
    field('subjects', t.stringList),
    field('subjectCodes', t.stringList),
    field('periods', t.stringList),
    jsonOnly(field('resources', t.refList('resources'), { filterable: false })),
  ],
});

const ROLES_CSV = {
  file: 'roles',
  parentColumn: 'userSourcedId',
  columns: ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId'],
} as const;

const USER_PROFILES_CSV = {
  file: 'userProfiles',
  parentColumn: 'userSourcedId',
  columns: ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'profileType', 'vendorId', 'applicationId', 'description', 'credentialType', 'username', 'password'],
} as const;

export const users = entity({
  name: 'users',
  singular: 'user',
  refType: { '1.1': 'user', '1.2': 'user' },
  service: 'rostering',
  fields: [
    field('enabledUser', V1P2_BOOL, { required: true }),
    // 1.1 spells the roles as `orgs` + one `role`; 1.2 as `roles[]` (roles.csv).
    field('roles', { kind: 'roles' }, {
      required: true,
      json: { '1.1': 'role', '1.2': 'roles' },
      csv: { '1.1': ['orgSourcedIds', 'role'] },
      childFile: { '1.2': ROLES_CSV },
    }),
    field('username', t.string, { required: { '1.1': true, '1.2': false }, indexed: true }),
    field('userIds', { kind: 'userIds' }),
    field('givenName', t.string, { required: true }),
    field('familyName', t.string, { required: true }),
    field('middleName', t.string),
    field('identifier', t.string, { indexed: true }),
    field('email', t.string, { indexed: true }),
    field('sms', t.string),
    field('phone', t.string),
    field('agents', t.refList('users'), { csv: 'agentSourcedIds', touches: true }),
    field('grades', t.stringList),
    field('password', t.string, { filterable: false }),
    field('userMasterIdentifier', t.string, { only: '1.2' }),
    field('preferredGivenName', t.string, { only: '1.2', json: 'preferredFirstName' }),
    field('preferredMiddleName', t.string, { only: '1.2' }),
    field('preferredFamilyName', t.string, { only: '1.2', json: 'preferredLastName' }),
    field('primaryOrg', t.ref('orgs'), { only: '1.2', indexed: true }),
    field('pronouns', t.string, { only: '1.2' }),
    field('userProfiles', { kind: 'userProfiles' }, { only: '1.2', csv: [], childFile: { '1.2': USER_PROFILES_CSV }, filterable: false }),
    jsonOnly(field('resources', t.refList('resources'), { only: '1.2', filterable: false })),
    extension('busRoutes', t.stringList),
    extension('emergencyContact', t.boolean),
    extension('employeeId', t.string, { indexed: true }),
  ],
});

export const enrollments = entity({
  name: 'enrollments',
  singular: 'enrollment',
  refType: { '1.1': 'enrollment', '1.2': 'enrollment' },
  service: 'rostering',
  fields: [
    field('class', t.ref('classes'), { required: true, indexed: true, touches: true }),
    field('school', t.ref('orgs'), { required: true, indexed: true }),
    field('user', t.ref('users'), { required: true, indexed: true, touches: true }),
    field('role', t.enum(enrollmentRoleVocab), { required: true, indexed: true }),
    field('primary', t.boolean),
    field('beginDate', t.date),
    field('endDate', t.date),
  ],
});

const race = (name: string) => field(name, t.boolean);

export const demographics = entity({
  name: 'demographics',
  singular: 'demographics',
  refType: { '1.1': 'demographics', '1.2': 'demographics' },
  service: 'rostering',
  fields: [
    field('birthDate', t.date),
    field('sex', t.enum(sexVocab)),
    race('americanIndianOrAlaskaNative'),
    race('asian'),
    race('blackOrAfricanAmerican'),
    race('nativeHawaiianOrOtherPacificIslander'),
    race('white'),
    race('demographicRaceTwoOrMoreRaces'),
    race('hispanicOrLatinoEthnicity'),
    field('countryOfBirthCode', t.string),
    field('stateOfBirthAbbreviation', t.string),
    field('cityOfBirth', t.string),
    field('publicSchoolResidenceStatus', t.string),
  ],
});
