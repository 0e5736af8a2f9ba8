/**
 * The canonical roster records: one shape per OneRoster entity, the union of what 1.1 and 1.2 carry.
 * References are held as the referenced sourcedId (a GUIDRef is rebuilt on the way out); lists are
 * arrays; dates are `YYYY-MM-DD`; date-times are ISO 8601 UTC strings; booleans are booleans.
 * Absent optional values are `undefined`, never null or ''.
 */

export type Status = 'active' | 'tobedeleted';

/** Fields every record carries. */
export type BaseRecord = {
  sourcedId: string;
  status: Status;
  /** Set by the store on every change; carried through CSV/JSON as read. */
  dateLastModified?: string;
  /** Extension values with no declared field (`metadata.*` CSV columns, JSON `metadata`). */
  metadata?: Record<string, string>;
};

export type OrgRecord = BaseRecord & {
  name: string;
  type: string;
  identifier?: string;
  parent?: string;
};

export type AcademicSessionRecord = BaseRecord & {
  title: string;
  type: string;
  startDate: string;
  endDate: string;
  parent?: string;
  schoolYear: string;
};

export type CourseRecord = BaseRecord & {
  title: string;
  schoolYear?: string;
  courseCode?: string;
  grades?: string[];
  subjects?: string[];
  org: string;
  subjectCodes?: string[];
  resources?: string[];
};

export type ClassRecord = BaseRecord & {
  title: string;
  classCode?: string;
  classType: string;
  location?: string;
  grades?: string[];
  subjects?: string[];
  course: string;
  school: string;
  terms: string[];
  subjectCodes?: string[];
  periods?: string[];
  resources?: string[];
};

/** 1.2 role of a user in an org; 1.1's role + orgs are derived from these. */
export type UserRole = {
  /** The roles.csv row id (1.2 CSV); absent when the role came from 1.1 data. */
  sourcedId?: string;
  roleType: 'primary' | 'secondary';
  role: string;
  org: string;
  userProfile?: string;
  beginDate?: string;
  endDate?: string;
};

export type UserCredential = {
  type: string;
  username: string;
  password?: string;
};

export type UserProfile = {
  /** The userProfiles.csv row id; also the profileId URI's last segment. */
  sourcedId: string;
  profileType: string;
  vendorId: string;
  applicationId?: string;
  description?: string;
  credentials?: UserCredential[];
};

export type UserIdentifier = {
  type: string;
  identifier: string;
};

export type UserRecord = BaseRecord & {
  enabledUser: boolean;
  username?: string;
  userIds?: UserIdentifier[];
  givenName: string;
  familyName: string;
  middleName?: string;
  preferredGivenName?: string;
  preferredMiddleName?: string;
  preferredFamilyName?: string;
  pronouns?: string;
  userMasterIdentifier?: string;
  roles: UserRole[];
  userProfiles?: UserProfile[];
  primaryOrg?: string;
  identifier?: string;
  email?: string;
  sms?: string;
  phone?: string;
  agents?: string[];
  grades?: string[];
  password?: string;
  resources?: string[];
  /** Extension (Edlio): the student's bus route codes. */
  busRoutes?: string[];
  /** Extension (School Passport): this guardian or relative is an emergency contact. */
  emergencyContact?: boolean;
  /** Extension (Edlio): the staff member's employee ID. */
  employeeId?: string;
};

export type EnrollmentRecord = BaseRecord & {
  user: string;
  class: string;
  school: string;
  role: string;
  primary?: boolean;
  beginDate?: string;
  endDate?: string;
};

export type DemographicsRecord = BaseRecord & {
  birthDate?: string;
  sex?: string;
  americanIndianOrAlaskaNative?: boolean;
  asian?: boolean;
  blackOrAfricanAmerican?: boolean;
  nativeHawaiianOrOtherPacificIslander?: boolean;
  white?: boolean;
  demographicRaceTwoOrMoreRaces?: boolean;
  hispanicOrLatinoEthnicity?: boolean;
  countryOfBirthCode?: string;
  stateOfBirthAbbreviation?: string;
  cityOfBirth?: string;
  publicSchoolResidenceStatus?: string;
};

export type CategoryRecord = BaseRecord & {
  title: string;
  weight?: number;
};

export type LineItemRecord = BaseRecord & {
  title: string;
  description?: string;
  assignDate: string;
  dueDate: string;
  class: string;
  school?: string;
  category: string;
  /** 1.1 gradingPeriod; 1.2 academicSession (the CSV column was renamed). */
  gradingPeriod?: string;
  scoreScale?: string;
  resultValueMin?: number;
  resultValueMax?: number;
};

export type ResultRecord = BaseRecord & {
  lineItem: string;
  student: string;
  class?: string;
  scoreScale?: string;
  scoreStatus: string;
  score?: number;
  textScore?: string;
  scoreDate: string;
  comment?: string;
  inProgress?: boolean;
  incomplete?: boolean;
  late?: boolean;
  missing?: boolean;
};

export type ScoreScaleValue = {
  itemValueLHS: string;
  itemValueRHS: string;
};

export type ScoreScaleRecord = BaseRecord & {
  title: string;
  type: string;
  org?: string;
  course?: string;
  class: string;
  scoreScaleValue: ScoreScaleValue[];
};

export type AssessmentLineItemRecord = BaseRecord & {
  title: string;
  description?: string;
  class?: string;
  parentAssessmentLineItem?: string;
  scoreScale?: string;
  resultValueMin?: number;
  resultValueMax?: number;
};

export type AssessmentResultRecord = BaseRecord & {
  assessmentLineItem: string;
  student: string;
  score?: number;
  textScore?: string;
  scoreDate: string;
  scoreScale?: string;
  scorePercentile?: number;
  scoreStatus: string;
  comment?: string;
  inProgress?: boolean;
  incomplete?: boolean;
  late?: boolean;
  missing?: boolean;
};

export type ResourceRecord = BaseRecord & {
  title?: string;
  roles?: string[];
  importance?: string;
  vendorResourceId: string;
  vendorId?: string;
  applicationId?: string;
};

export type ClassResourceRecord = BaseRecord & {
  title?: string;
  class: string;
  resource: string;
};

export type CourseResourceRecord = BaseRecord & {
  title?: string;
  course: string;
  resource: string;
};

export type UserResourceRecord = BaseRecord & {
  user: string;
  org?: string;
  class?: string;
  resource: string;
};

/** Entity name → record type; the names are the spec's collection names. */
export interface RecordTypes {
  orgs: OrgRecord;
  academicSessions: AcademicSessionRecord;
  courses: CourseRecord;
  classes: ClassRecord;
  users: UserRecord;
  enrollments: EnrollmentRecord;
  demographics: DemographicsRecord;
  categories: CategoryRecord;
  lineItems: LineItemRecord;
  results: ResultRecord;
  scoreScales: ScoreScaleRecord;
  assessmentLineItems: AssessmentLineItemRecord;
  assessmentResults: AssessmentResultRecord;
  resources: ResourceRecord;
  classResources: ClassResourceRecord;
  courseResources: CourseResourceRecord;
  userResources: UserResourceRecord;
}

export type EntityName = keyof RecordTypes;
export type AnyRecord = RecordTypes[EntityName];
