// The access folder's public surface (named, not a blanket re-export).
export { accessTableSpecs } from './tables.ts';
export { inTransaction, type ChangeContext } from './change-context.ts';
export { recordApiCall, recordChange, queryAudit, purgeAudit, type ApiCallRecord, type AuditEntry, type AuditQuery } from './audit.ts';
export {
  INTEGRATION_APIS,
  INTEGRATION_STATUSES,
  listIntegrations,
  getIntegration,
  resolveIntegration,
  addIntegration,
  updateIntegration,
  type Integration,
  type IntegrationApi,
  type IntegrationInput,
  type IntegrationPatch,
  type IntegrationStatus,
} from './integrations.ts';
export { starterCatalogPath, parseCatalog, readCatalogFile, loadCatalog } from './catalog.ts';
export { WRITEBACK_PRODUCT, listProducts, addProduct, hasProduct, type LicensedProduct } from './products.ts';
export {
  listOneRosterConfigurations,
  getOneRosterConfiguration,
  resolveOneRosterConfiguration,
  addOneRosterConfiguration,
  updateOneRosterConfiguration,
  type OneRosterConfiguration,
  type OneRosterConfigurationInput,
} from './oneroster-configurations.ts';
export { listAttendanceConfigurations, getAttendanceConfiguration, addAttendanceConfiguration, type AttendanceConfiguration, type AttendanceConfigurationInput } from './attendance-configurations.ts';
export {
  AUTH_TYPES,
  listAccesses,
  getAccess,
  findAccessByKey,
  resolveAccess,
  createAccess,
  updateAccess,
  type AuthType,
  type IntegrationAccess,
  type AccessInput,
  type AccessPatch,
} from './accesses.ts';
export { MAX_VALID_SECRETS, listSecrets, generateAccessSecret, revokeAccessSecret, requireBox, type SecretInfo, type GenerateOptions } from './access-secrets.ts';
export { scopeOf, developmentPermissionsApply, type AccessScope, type ScopeInputs } from './scope.ts';
export { loadScope } from './load-scope.ts';
export { ATTENDANCE_READ_SCOPE, ONEROSTER_SCOPES, allowedScopes, grantScopes } from './oauth-scopes.ts';
export { TOKEN_LIFETIME_SECONDS, purgeExpiredTokens } from './tokens.ts';
export { purgeNonces } from './nonces.ts';
export { authenticateApiRequest, type ApiRequest, type AuthDeps, type AuthOutcome, type AuthFailureCode } from './authenticate.ts';
export { handleTokenRequest, type TokenRequest, type TokenResponse, type TokenDeps } from './token-endpoint.ts';
export { createAdmin, listAdmins, verifyAdminPassword, issueAdminToken, adminForToken, revokeAdminTokens, type AdminAccount } from './admins.ts';
export { secretFingerprint } from './secrets.ts';
export { cellText, cellOptionalText, cellJson, jsonCell, type Row } from './cells.ts';
export { createSecretBox, parseMasterKey, generateMasterKey, type SecretBox } from './secret-box.ts';
export { secretBoxFromConfig } from './master-key.ts';
export { isAccessInForce, todayIn, defaultExpirationDate } from './in-force.ts';
