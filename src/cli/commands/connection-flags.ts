import { optional } from '../../kernel/index.ts';
import { pathsFrom, type PathOptions } from './path-options.ts';

/** The flags `connection add` and `connection update` share: where a source is and how it is read. */
export interface SourceFlags extends PathOptions {
  mode?: string;
  oneroster?: string;
  baseUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  auth?: string;
  scope?: string;
  pageSize?: number;
  concurrency?: number;
  timeout?: number;
  location?: string;
  sftpHostKey?: string;
  sftpTimeout?: number;
  sftpPasswordStdin?: boolean;
  sftpKeyFile?: string;
}

/** A whole number flag; anything else becomes NaN, which the connection's own checks refuse in words. */
export const whole = (value: string): number => (/^\d+$/.test(value.trim()) ? Number(value) : Number.NaN);

/** The REST settings the flags give, each only when given (seconds become milliseconds). */
export function restFlags(o: SourceFlags) {
  return {
    ...optional('version', o.oneroster),
    ...optional('baseUrl', o.baseUrl),
    ...optional('tokenUrl', o.tokenUrl),
    ...optional('clientId', o.clientId),
    ...optional('auth', o.auth),
    ...optional('scope', o.scope),
    ...optional('pageSize', o.pageSize),
    ...optional('concurrency', o.concurrency),
    ...optional('timeoutMs', o.timeout === undefined ? undefined : o.timeout * 1000),
    ...optional('paths', pathsFrom(o)),
  };
}
