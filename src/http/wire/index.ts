/** What the OneRoster wire format asks of every HTTP part (provider, authentication, docs): bases and the status envelope. */
export { serviceBase, oneRosterBases, versionOfPath } from './service-base.ts';
export { statusEnvelope, statusInfo, wireCode, wireCodes, CODE_MINORS, type CodeMinor, type StatusInfo, type StatusEnvelope } from './status-envelope.ts';
