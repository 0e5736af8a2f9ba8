import { ONEROSTER_SERVICES, serviceBase, type Connection, type RestSettings } from '../../sync/index.ts';
import { details } from './access-support.ts';

/** The layout's name, then where each service is read under it: `flat (rostering /ims/oneroster/v1p2, …)`. */
function paths(r: RestSettings): string {
  const name = typeof r.paths === 'string' ? r.paths : 'per-service bases';
  return `${name} (${ONEROSTER_SERVICES.map((s) => `${s} ${serviceBase(r.version, s, r.paths)}`).join(', ')})`;
}

/** A connection for people: every setting, the secret only as its fingerprint. */
export function describeConnection(c: Connection): string {
  const common: Array<[string, string]> = [['Id', c.id], ['Name', c.name], ['Kind', c.kind], ['District', c.districtId], ['Mode', c.mode]];
  if (c.kind === 'oneroster-csv') {
    const sftp = c.csv.sftp;
    const login: Array<[string, string]> =
      sftp === undefined
        ? []
        : [
            ['SFTP login', `${sftp.auth === 'password' ? 'password' : 'private key'}, stored sealed (fingerprint ${c.credentialFingerprint ?? ''})`],
            ['SFTP host key', `${sftp.hostKey} (pinned)`],
            ['SFTP timeout', `${sftp.timeoutMs / 1000} s`],
          ];
    return details([...common, ['Location', c.csv.location], ...login, ['Created', c.createdAt]]);
  }
  const r = c.rest;
  return details([
    ...common,
    ['OneRoster version', r.version],
    ['Service base URL', r.baseUrl],
    ['Authentication', r.auth === 'oauth2' ? 'OAuth 2.0 client credentials' : 'OAuth 1.0a (HMAC-SHA256)'],
    ['Token URL', r.tokenUrl ?? '(none: OAuth 1.0a)'],
    ['Client id', r.clientId],
    ['Client secret', `stored sealed (fingerprint ${c.credentialFingerprint})`],
    ['Scope', r.scope ?? '(provider default)'],
    ['Page size', String(r.pageSize)],
    ['Concurrency', String(r.concurrency)],
    ['Request timeout', `${r.timeoutMs / 1000} s`],
    ['Paths', paths(r)],
    ['Created', c.createdAt],
  ]);
}
