import type { Command } from 'commander';
import {
  addIntegration,
  listAccesses,
  listIntegrations,
  loadCatalog,
  readCatalogFile,
  resolveIntegration,
  starterCatalogPath,
  updateIntegration,
  type Integration,
  type IntegrationStatus,
} from '../../access/index.ts';
import { HubError } from '../../kernel/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, details, parseList, parseYesNo, table, yesNo } from './access-support.ts';

interface IntegrationOptions {
  vendor?: string;
  product?: string;
  description?: string;
  status?: string;
  developmentPermissions?: boolean;
  canGenerateSecret?: boolean;
  apis?: string[];
}

function status(value: string | undefined): IntegrationStatus | undefined {
  if (value === undefined) return undefined;
  const known = (['Available', 'Discontinued'] as const).find((s) => s.toLowerCase() === value.toLowerCase());
  if (known === undefined) throw new HubError('invalid_argument', '--status must be Available or Discontinued');
  return known;
}

function describe(i: Integration): string {
  return details([
    ['Id', i.id],
    ['Vendor', i.vendor],
    ['Product', i.product],
    ['Description', i.description ?? ''],
    ['Status', i.status],
    ['Has development permissions', yesNo(i.hasDevelopmentPermissions)],
    ['Can generate secret', yesNo(i.canGenerateSecret)],
    ['APIs', i.apis.join(', ')],
  ]);
}

function withFields(command: Command, required: boolean): Command {
  return command
    .option(required ? '--vendor <name>' : '--vendor <name>', 'vendor name')
    .option('--product <name>', 'product name')
    .option('--description <text>', 'description')
    .option('--status <status>', 'Available or Discontinued')
    .option('--development-permissions <yes|no>', 'vendor may use APIs it has not declared (Training hubs only)', parseYesNo)
    .option('--can-generate-secret <yes|no>', 'the district may generate the secret', parseYesNo)
    .option('--apis <list>', 'comma-separated: OneRoster, Demographics, Gradebook, Attendance', parseList);
}

/** `rosterbridge integrations …`: the Integration List. */
export function registerIntegrations(program: Command): void {
  const group = program.command('integrations').description('the Integration List: vendor products the district can grant access to');

  group.command('list').description('list integrations, sorted by vendor then product').action(async (_o: object, command: Command) => {
    const ctx = commandContext(command);
    const list = await ctx.withStore((store) => listIntegrations(store.db));
    ctx.output.result({ integrations: list }, () =>
      table(['VENDOR', 'PRODUCT', 'STATUS', 'DEV PERMS', 'GEN SECRET', 'APIS', 'ID'], list.map((i) => [i.vendor, i.product, i.status, yesNo(i.hasDevelopmentPermissions), yesNo(i.canGenerateSecret), i.apis.join(','), i.id])),
    );
  });

  group.command('show <integration>').description('an integration (id, product or "Vendor / Product") and its accesses').action(async (reference: string, _o: object, command: Command) => {
    const ctx = commandContext(command);
    const shown = await ctx.withStore(async (store) => {
      const integration = await resolveIntegration(store.db, reference);
      return { integration, accesses: await listAccesses(store.db, { integrationId: integration.id }) };
    });
    ctx.output.result(shown, () =>
      `${describe(shown.integration)}\n\nIntegration Accesses:\n${table(['NAME', 'KEY', 'AUTH', 'ACTIVE', 'EFFECTIVE', 'EXPIRES', 'ID'], shown.accesses.map((a) => [a.name, a.key, a.authType, yesNo(a.isActive), a.effectiveDate, a.expirationDate ?? 'never', a.id]))}`,
    );
  });

  withFields(group.command('add'), true)
    .description('add an integration to the list')
    .action(async (o: IntegrationOptions, command: Command) => {
      const ctx = commandContext(command);
      if (o.vendor === undefined || o.product === undefined) throw new HubError('invalid_argument', '--vendor and --product are required');
      const vendor = o.vendor;
      const product = o.product;
      const integration = await ctx.withStore((store) =>
        addIntegration(store.db, cliChangeContext(store, ctx.config), {
          vendor,
          product,
          description: o.description ?? null,
          ...(o.status === undefined ? {} : { status: status(o.status) }),
          ...(o.developmentPermissions === undefined ? {} : { hasDevelopmentPermissions: o.developmentPermissions }),
          ...(o.canGenerateSecret === undefined ? {} : { canGenerateSecret: o.canGenerateSecret }),
          ...(o.apis === undefined ? {} : { apis: o.apis }),
        }),
      );
      ctx.output.result({ integration }, () => `Added:\n${describe(integration)}`);
    });

  withFields(group.command('update <integration>'), false)
    .description('change an integration')
    .action(async (reference: string, o: IntegrationOptions, command: Command) => {
      const ctx = commandContext(command);
      const integration = await ctx.withStore(async (store) => {
        const target = await resolveIntegration(store.db, reference);
        return updateIntegration(store.db, cliChangeContext(store, ctx.config), target.id, {
          ...(o.vendor === undefined ? {} : { vendor: o.vendor }),
          ...(o.product === undefined ? {} : { product: o.product }),
          ...(o.description === undefined ? {} : { description: o.description }),
          ...(o.status === undefined ? {} : { status: status(o.status) }),
          ...(o.developmentPermissions === undefined ? {} : { hasDevelopmentPermissions: o.developmentPermissions }),
          ...(o.canGenerateSecret === undefined ? {} : { canGenerateSecret: o.canGenerateSecret }),
          ...(o.apis === undefined ? {} : { apis: o.apis }),
        });
      });
      ctx.output.result({ integration }, () => `Updated:\n${describe(integration)}`);
    });

  group
    .command('load [file]')
    .description('add the entries of a catalog file (default: the starter catalog) that the list lacks')
    .action(async (file: string | undefined, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const path = file ?? starterCatalogPath();
      const entries = readCatalogFile(path);
      const outcome = await ctx.withStore((store) => loadCatalog(store.db, cliChangeContext(store, ctx.config), entries));
      ctx.output.result({ file: path, added: outcome.added, alreadyListed: outcome.existing }, () =>
        `Loaded ${path}: ${outcome.added.length} added, ${outcome.existing} already listed${outcome.added.map((i) => `\n  + ${i.vendor} / ${i.product}`).join('')}`,
      );
    });
}
