import type { SecretBox } from '../access/index.ts';
import { HubError, isHubError } from '../kernel/index.ts';
import { entityDecl, type EntityName } from '../model/index.ts';
import type { Db } from '../store/index.ts';
import { createOneRosterClient, type ClientOptions, type OneRosterClient } from './client/oneroster-client.ts';
import { alternativeLayouts, collectionPath } from './client/oneroster-paths.ts';
import { envelopeList, totalCount } from './client/paging.ts';
import { codeMinorOf, oauthErrorOf, remoteDetails } from './client/remote-failure.ts';
import type { ClientDeps } from './client/transport.ts';
import { summarize, type EndpointCheck, type PathHint, type RestTestReport, type TokenCheck } from './connection-report.ts';
import type { SyncMode } from './connection-settings.ts';
import { openConnectionSecret, type Connection } from './connections.ts';
import { checkCsvConnection, type CsvTestReport } from './csv-check.ts';
import { connectionBundle, type CsvConnection } from './sftp/connection-bundle.ts';

export type ConnectionTestReport = RestTestReport | CsvTestReport;

/** What a sync reads; a two-way connection also writes the gradebook back, so it must reach those too. */
export function endpointsToCheck(mode: SyncMode): EntityName[] {
  const roster: EntityName[] = ['orgs', 'academicSessions', 'courses', 'classes', 'users', 'enrollments', 'demographics'];
  return mode === 'two-way' ? [...roster, 'categories', 'lineItems', 'results'] : roster;
}

/** Test connection for any kind of connection; never throws for what the remote side did. */
export async function testConnection(db: Db, box: SecretBox | undefined, connection: Connection, deps: ClientDeps, options: ClientOptions = {}): Promise<ConnectionTestReport> {
  if (connection.kind === 'oneroster-csv') return testCsvConnection(db, box, connection);
  const secret = await openConnectionSecret(db, box, connection);
  const client = createOneRosterClient(connection.rest, secret, deps, options);
  return testRestConnection(client, connection.name, connection.mode);
}

/** Fetches an sftp:// bundle first; a failure to fetch is a failed report in plain words, like a local bundle that cannot be opened. */
async function testCsvConnection(db: Db, box: SecretBox | undefined, connection: CsvConnection): Promise<CsvTestReport> {
  const { location } = connection.csv;
  let bundle;
  try {
    bundle = await connectionBundle(db, box, connection);
  } catch (error) {
    if (!isHubError(error)) throw error;
    return { kind: 'oneroster-csv', connection: connection.name, location, ok: false, version: null, files: [], summary: [`Connection failed: ${error.message}`] };
  }
  try {
    const report = await checkCsvConnection(connection.name, bundle.path);
    return { ...report, location };
  } finally {
    await bundle.remove();
  }
}

/** Authenticates, then reads one record (`limit=1`) of every endpoint the sync uses, in parallel under the connection's limit. */
export async function testRestConnection(client: OneRosterClient, name: string, mode: SyncMode): Promise<RestTestReport> {
  const { auth, version, paths } = client.settings;
  const endpoints = endpointsToCheck(mode);
  const token = auth === 'oauth2' ? await checkToken(client) : null;
  const checks =
    token !== null && !token.ok
      ? endpoints.map((e) => skipped(e, collectionPath(version, entityDecl(e), paths)))
      : await Promise.all(endpoints.map((e) => checkEndpoint(client, e)));
  const pathHint = checks.every((c) => c.status === 404) ? await probeLayouts(client) : null;
  return { kind: 'oneroster-rest', connection: name, auth, ok: (token?.ok ?? true) && checks.every((c) => c.ok), token, endpoints: checks, pathHint, summary: summarize(token, checks, auth, pathHint) };
}

/**
 * Every endpoint answered 404 under the standard layout: is the provider serving another one
 * (Qmlativ's flat 1.2, ClassLink's "1.2" under v1p1)? One read of users per layout, in order; the
 * first that answers is named. A hint only: the connection's settings are never changed here.
 */
async function probeLayouts(client: OneRosterClient): Promise<PathHint | null> {
  const { version, paths } = client.settings;
  if (paths !== 'standard') return null;
  const users = entityDecl('users');
  for (const layout of alternativeLayouts(version)) {
    const path = collectionPath(version, users, layout);
    try {
      const answer = await client.fetch(path, { limit: '1' });
      if (answer.status === 200 && answer.isJson && envelopeList(answer.body, 'users') !== undefined) {
        return { endpoint: 'users', refused: collectionPath(version, users, paths), answered: path, layout };
      }
    } catch (error) {
      // An alternative that cannot be reached is no hint; the report already says what failed.
      if (!(error instanceof HubError) || remoteDetails(error) === undefined) throw error;
    }
  }
  return null;
}

async function checkToken(client: OneRosterClient): Promise<TokenCheck> {
  try {
    await client.authenticate();
    return { ok: true, status: 200, error: null, latencyMs: null, attempts: 1, problem: null, explanation: null };
  } catch (error) {
    const details = error instanceof HubError ? remoteDetails(error) : undefined;
    if (error instanceof HubError && details !== undefined) {
      const problem = details.reason === 'timeout' || details.reason === 'network' ? details.reason : details.reason === undefined ? 'refused' : 'missing_envelope';
      return { ok: false, status: details.status ?? null, error: details.codeMinor ?? null, latencyMs: null, attempts: details.attempts, problem, explanation: explanationOf(error) };
    }
    throw error;
  }
}

async function checkEndpoint(client: OneRosterClient, endpoint: EntityName): Promise<EndpointCheck> {
  const path = collectionPath(client.settings.version, entityDecl(endpoint), client.settings.paths);
  const base = { endpoint, path, totalCount: null, codeMinor: null, explanation: null };
  try {
    const answer = await client.fetch(path, { limit: '1' });
    const reply = { ...base, reachable: true, status: answer.status, latencyMs: answer.latencyMs, attempts: answer.attempts };
    if (answer.status !== 200) {
      return { ...reply, ok: false, codeMinor: codeMinorOf(answer.body) ?? oauthErrorOf(answer.body) ?? null, problem: 'refused' };
    }
    if (!answer.isJson) return { ...reply, ok: false, problem: 'not_json' };
    if (envelopeList(answer.body, endpoint) === undefined) return { ...reply, ok: false, problem: 'missing_envelope' };
    return { ...reply, ok: true, totalCount: totalCount(answer.headers.get('x-total-count')) ?? null, problem: null };
  } catch (error) {
    const details = error instanceof HubError ? remoteDetails(error) : undefined;
    if (!(error instanceof HubError) || details === undefined) throw error;
    const problem = details.reason === 'timeout' ? 'timeout' : 'network';
    // A token refused on renewal mid-check surfaces here as a refusal of this endpoint.
    if (details.endpoint === 'token') return { ...base, reachable: true, ok: false, status: details.status ?? null, latencyMs: null, attempts: details.attempts, problem: 'refused' };
    return { ...base, reachable: false, ok: false, status: null, latencyMs: null, attempts: details.attempts, problem, explanation: explanationOf(error) };
  }
}

function skipped(endpoint: string, path: string): EndpointCheck {
  return { endpoint, path, reachable: false, ok: false, status: null, totalCount: null, latencyMs: null, codeMinor: null, attempts: 0, problem: 'skipped', explanation: null };
}

/** The part of the client's message after "endpoint: ", which names no secret and no data. */
function explanationOf(error: HubError): string {
  return error.message.replace(/^[^:]*: /, '').replace(/ \(\d+ attempts\)$/, '');
}
