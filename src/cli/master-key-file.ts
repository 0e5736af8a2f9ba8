import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateMasterKey } from '../access/index.ts';
import type { HubConfig } from '../config/index.ts';

/**
 * The master key text: from ROSTERBRIDGE_MASTER_KEY, else the key file, which is created
 * (owner-only) when missing. Returns whether it was created.
 */
export function ensureMasterKey(config: HubConfig, env: NodeJS.ProcessEnv = process.env): { text: string; created: boolean } {
  if (env.ROSTERBRIDGE_MASTER_KEY !== undefined) return { text: env.ROSTERBRIDGE_MASTER_KEY, created: false };
  if (existsSync(config.masterKeyFile)) return { text: readFileSync(config.masterKeyFile, 'utf8').trim(), created: false };
  mkdirSync(dirname(config.masterKeyFile), { recursive: true, mode: 0o700 });
  const text = generateMasterKey();
  writeFileSync(config.masterKeyFile, `${text}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(config.masterKeyFile, 0o600);
  return { text, created: true };
}
