import type { Version } from '../../model/index.ts';
import type { QueryErrorCode } from '../../model/query/index.ts';

/** The codeMinor values the hub reports, before each version's spelling (`wireCode`). */
export const CODE_MINORS = [
  'invalid_filter_field',
  'invalid_selection_field',
  'invalid_sort_field',
  'invalid_blank_selection_field',
  'invalid_limit',
  'invalid_offset',
  'invaliddata',
  'unknownobject',
  'forbidden',
  'unauthorisedrequest',
  'server_busy',
  'internal_server_error',
  /** A method the path does not serve (HTTP 405). */
  'unsupported',
] as const;

export type CodeMinor = (typeof CODE_MINORS)[number];

// Every query error the parser can return must be a code the envelope knows.
const queryCodesCovered: [Exclude<QueryErrorCode, CodeMinor>] extends [never] ? true : false = true;
void queryCodesCovered;

/** A type, not an interface, so that it is a JSON object to the type checker. */
export type StatusInfo = {
  imsx_codeMajor: 'success' | 'failure';
  imsx_severity: 'warning' | 'error';
  /** 1.1 only: the 1.1 binding requires it; we name the request the status answers. */
  imsx_messageRefIdentifier?: string;
  imsx_description: string;
  imsx_CodeMinor: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: string }> };
};

export type StatusEnvelope = StatusInfo | { statusInfoSet: StatusInfo[] };

/**
 * The codeMinor as each version spells it: 1.2 rostering has no codes for limit/offset problems
 * (reported as invalid data); an unsupported method is 1.1's `unsupportedoperation`, 1.2's
 * `unsupported` (the resources service's word; rostering has none).
 */
export function wireCode(version: Version, code: CodeMinor): string {
  if (code === 'invalid_limit' || code === 'invalid_offset') return 'invaliddata';
  if (code === 'unsupported') return version === '1.1' ? 'unsupportedoperation' : 'unsupported';
  return code;
}

/** The codeMinor values a version's responses can carry (for the OpenAPI document's enum). */
export function wireCodes(version: Version): string[] {
  return [...new Set(['fullsuccess', ...CODE_MINORS.map((code) => wireCode(version, code))])];
}

/** One imsx_StatusInfo: a failure (error) or, in 1.1, a tolerated problem (success + warning). */
export function statusInfo(
  version: Version,
  code: CodeMinor,
  description: string,
  options: { severity?: 'warning' | 'error'; messageRef?: string } = {},
): StatusInfo {
  const severity = options.severity ?? 'error';
  return {
    imsx_codeMajor: severity === 'warning' ? 'success' : 'failure',
    imsx_severity: severity,
    ...(version === '1.1' ? { imsx_messageRefIdentifier: options.messageRef ?? 'unknown' } : {}),
    imsx_description: description,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: wireCode(version, code) }] },
  };
}

/** A failure in the version's envelope: 1.1 `{statusInfoSet:[…]}`, 1.2 a single imsx_StatusInfo. */
export function statusEnvelope(version: Version, code: CodeMinor, description: string, messageRef?: string): StatusEnvelope {
  const info = statusInfo(version, code, description, messageRef === undefined ? {} : { messageRef });
  return version === '1.1' ? { statusInfoSet: [info] } : info;
}
