import type { Version } from '../../model/index.ts';
import type { QueryErrorCode } from '../../model/query/index.ts';

/** The codeMinor values the provider reports. */
export type CodeMinor = QueryErrorCode | 'invaliddata' | 'unknownobject' | 'forbidden' | 'unauthorisedrequest' | 'internal_server_error';

export interface StatusInfo {
  imsx_codeMajor: 'failure';
  imsx_severity: 'error';
  imsx_description: string;
  imsx_CodeMinor: { imsx_codeMinorField: Array<{ imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: string }> };
}

/** 1.2 rostering has no codes for limit/offset problems; report them as invalid data. */
function wireCode(code: CodeMinor): string {
  return code === 'invalid_limit' || code === 'invalid_offset' ? 'invaliddata' : code;
}

/** A failure in the version's envelope: 1.1 `{statusInfoSet:[…]}`, 1.2 a single imsx_StatusInfo. */
export function statusEnvelope(version: Version, code: CodeMinor, description: string): StatusInfo | { statusInfoSet: StatusInfo[] } {
  const info: StatusInfo = {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: wireCode(code) }] },
  };
  return version === '1.1' ? { statusInfoSet: [info] } : info;
}
