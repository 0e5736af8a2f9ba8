import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HubError } from '../kernel/index.ts';
import type { Db } from '../store/index.ts';
import type { ChangeContext } from './change-context.ts';
import { addIntegration, listIntegrations, type Integration, type IntegrationInput, type IntegrationStatus } from './integrations.ts';

/** The catalog shipped with Rosterbridge (catalog/integrations.json). */
export function starterCatalogPath(): string {
  return fileURLToPath(new URL('../../catalog/integrations.json', import.meta.url));
}

/**
 * Entries of a catalog file: `{ "integrations": [ { vendor, product, description?, status?,
 * hasDevelopmentPermissions?, canGenerateSecret?, apis? } … ] }`. Every problem is listed.
 */
export function parseCatalog(text: string, source: string): IntegrationInput[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new HubError('invalid_argument', `${source} is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const list = isObject(document) ? document['integrations'] : undefined;
  if (!Array.isArray(list)) throw new HubError('invalid_argument', `${source} must be an object with an "integrations" array`);
  const problems: string[] = [];
  const entries: IntegrationInput[] = [];
  list.forEach((item: unknown, index) => {
    const where = `${source} integrations[${index}]`;
    if (!isObject(item)) return void problems.push(`${where} is not an object`);
    const vendor = item['vendor'];
    const product = item['product'];
    if (typeof vendor !== 'string' || typeof product !== 'string') return void problems.push(`${where} needs "vendor" and "product" strings`);
    const status = item['status'];
    if (status !== undefined && status !== 'Available' && status !== 'Discontinued') problems.push(`${where} status must be Available or Discontinued`);
    const apis = item['apis'];
    if (apis !== undefined && !(Array.isArray(apis) && apis.every((a) => typeof a === 'string'))) problems.push(`${where} apis must be a list of names`);
    entries.push({
      vendor,
      product,
      description: typeof item['description'] === 'string' ? item['description'] : null,
      ...(status === 'Available' || status === 'Discontinued' ? { status: status satisfies IntegrationStatus } : {}),
      hasDevelopmentPermissions: item['hasDevelopmentPermissions'] === true,
      canGenerateSecret: item['canGenerateSecret'] !== false,
      ...(Array.isArray(apis) ? { apis: apis.map(String) } : {}),
    });
  });
  if (problems.length > 0) throw new HubError('invalid_argument', `catalog is invalid: ${problems.join('; ')}`, { details: problems });
  return entries;
}

export function readCatalogFile(path: string): IntegrationInput[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HubError('not_found', `cannot read catalog ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return parseCatalog(text, path);
}

/**
 * Adds the catalog's entries that the Integration List lacks (same vendor and product, compared
 * case-insensitively). Existing entries are left untouched, so an admin's edits survive a reload.
 */
export async function loadCatalog(db: Db, ctx: ChangeContext, entries: readonly IntegrationInput[]): Promise<{ added: Integration[]; existing: number }> {
  const key = (vendor: string, product: string): string => `${vendor.trim().toLowerCase()}\u0000${product.trim().toLowerCase()}`;
  const present = new Set((await listIntegrations(db)).map((i) => key(i.vendor, i.product)));
  const added: Integration[] = [];
  let existing = 0;
  for (const entry of entries) {
    if (present.has(key(entry.vendor, entry.product))) {
      existing += 1;
      continue;
    }
    added.push(await addIntegration(db, ctx, entry));
    present.add(key(entry.vendor, entry.product));
  }
  return { added, existing };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
