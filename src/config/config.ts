import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HubError } from '../kernel/index.ts';

export type HubEnvironment = 'training' | 'live';

/** The hub's configuration: parsed once, validated in full, frozen, passed in. */
export interface HubConfig {
  /** Folder for the default SQLite file and the master key. */
  readonly dataDir: string;
  readonly databaseUrl: string;
  /** IANA zone in which effective/expiration dates and schedules are read. */
  readonly timeZone: string;
  readonly environment: HubEnvironment;
  /** Where `rosterbridge init` keeps the master key unless ROSTERBRIDGE_MASTER_KEY supplies one. */
  readonly masterKeyFile: string;
  /** The master key text, if one is configured (env) or present (file). */
  readonly masterKeyText: string | undefined;
  readonly host: string;
  readonly port: number;
  /** Base URL vendors use (for hrefs and Link headers); defaults to http://host:port. */
  readonly publicUrl: string;
  /** Days a `tobedeleted` tombstone is kept for delta readers before it is purged. */
  readonly tombstoneRetentionDays: number;
  /** API requests one access may have in flight at once; beyond it the API answers 429 server_busy. */
  readonly apiConcurrencyPerAccess: number;
}

export interface ConfigOverrides {
  db?: string;
  dataDir?: string;
  port?: number | string;
  host?: string;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads the environment and command-line overrides; every problem is listed, not just the first. */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): HubConfig {
  const problems: string[] = [];
  const dataDir = resolve(overrides.dataDir ?? env.ROSTERBRIDGE_DATA_DIR ?? '.rosterbridge');
  const databaseUrl = overrides.db ?? env.DATABASE_URL ?? `sqlite:${join(dataDir, 'rosterbridge.db')}`;
  if (databaseUrl.includes('://') && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be postgres://… or sqlite:<path>`);
  }
  const timeZone = env.ROSTERBRIDGE_TIME_ZONE ?? env.TZ ?? 'UTC';
  if (!isTimeZone(timeZone)) problems.push(`ROSTERBRIDGE_TIME_ZONE '${timeZone}' is not an IANA time zone (e.g. America/Chicago)`);
  const environmentText = (env.ROSTERBRIDGE_ENVIRONMENT ?? 'live').toLowerCase();
  if (environmentText !== 'training' && environmentText !== 'live') problems.push(`ROSTERBRIDGE_ENVIRONMENT must be Training or Live, not '${environmentText}'`);
  const portText = String(overrides.port ?? env.PORT ?? '8080');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port '${portText}' is not a TCP port`);
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const concurrencyText = env.ROSTERBRIDGE_API_CONCURRENCY ?? '16';
  const apiConcurrencyPerAccess = Number(concurrencyText);
  if (!/^\d+$/.test(concurrencyText.trim()) || apiConcurrencyPerAccess < 1) {
    problems.push(`ROSTERBRIDGE_API_CONCURRENCY must be a whole number of at least 1, not '${concurrencyText}'`);
  }
  const masterKeyFile = env.ROSTERBRIDGE_MASTER_KEY_FILE ?? join(dataDir, 'master.key');
  const masterKeyText = env.ROSTERBRIDGE_MASTER_KEY ?? (existsSync(masterKeyFile) ? readFileSync(masterKeyFile, 'utf8').trim() : undefined);
  const retentionText = env.ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS ?? '180';
  const tombstoneRetentionDays = Number(retentionText);
  if (!Number.isInteger(tombstoneRetentionDays) || tombstoneRetentionDays < 1) {
    problems.push(`ROSTERBRIDGE_TOMBSTONE_RETENTION_DAYS must be a whole number of days ≥ 1, not '${retentionText}'`);
  }
  if (problems.length > 0) {
    throw new HubError('config_invalid', `configuration is invalid: ${problems.join('; ')}`, { details: problems });
  }
  return Object.freeze({
    dataDir,
    databaseUrl,
    timeZone,
    environment: environmentText as HubEnvironment,
    masterKeyFile,
    masterKeyText,
    host,
    port,
    tombstoneRetentionDays,
    apiConcurrencyPerAccess,
    publicUrl: (env.ROSTERBRIDGE_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/$/, ''),
  });
}
