import type { Command } from 'commander';
import {
  AUTH_TYPES,
  createAccess,
  generateAccessSecret,
  getIntegration,
  isAccessInForce,
  listAccesses,
  listSecrets,
  resolveAccess,
  resolveIntegration,
  resolveOneRosterConfiguration,
  revokeAccessSecret,
  updateAccess,
  type AccessPatch,
  type AuthType,
  type IntegrationAccess,
  type SecretInfo,
} from '../../access/index.ts';
import type { HubConfig } from '../../config/index.ts';
import { HubError } from '../../kernel/index.ts';
import type { Store } from '../../store/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, cliSecretBox, details, parseExpiration, parseYesNo, table, yesNo } from './access-support.ts';

const AUTH_NAMES: Record<string, AuthType> = { any: 'any', oauth2: 'oauth2', 'oauth2.0': 'oauth2', 'oauth-2.0': 'oauth2', oauth1: 'oauth1', 'oauth1.0a': 'oauth1', 'oauth-1.0a': 'oauth1' };

function authType(value: string): AuthType {
  const known = AUTH_NAMES[value.trim().toLowerCase()];
  if (known === undefined) throw new HubError('invalid_argument', `--auth must be one of ${AUTH_TYPES.join(', ')}`);
  return known;
}

interface AccessOptions {
  name?: string;
  description?: string;
  key?: string;
  auth?: string;
  active?: boolean;
  effective?: string;
  expires?: string | null;
  oneroster?: string;
  attendance?: string;
}

function inForceText(access: IntegrationAccess, store: Store, config: HubConfig): string {
  const state = isAccessInForce(access, store.clock.now(), config.timeZone);
  return state.inForce ? 'yes' : `no (${state.reason ?? ''})`;
}

function describe(a: IntegrationAccess, inForce: string, secrets: readonly SecretInfo[]): string {
  return `${details([
    ['Id', a.id],
    ['Name', a.name],
    ['Description', a.description ?? ''],
    ['Integration', a.integrationId],
    ['Key', a.key],
    ['Authentication type', a.authType],
    ['Is active', yesNo(a.isActive)],
    ['Effective date', a.effectiveDate],
    ['Expiration date', a.expirationDate ?? 'never'],
    ['In force now', inForce],
    ['OneRoster configuration', a.oneRosterConfigurationId ?? '(none: reads no roster data)'],
    ['Attendance configuration', a.attendanceConfigurationId ?? '(none)'],
  ])}\nSecrets:\n${table(['FINGERPRINT', 'STORED', 'CREATED', 'REVOKED', 'ID'], secrets.map((s) => [s.fingerprint, s.storage, s.createdAt, s.revokedAt ?? '', s.id]))}`;
}

/** Resolves --oneroster / --attendance references ("none" clears) into ids. */
async function configurationIds(store: Store, o: AccessOptions): Promise<Pick<AccessPatch, 'oneRosterConfigurationId' | 'attendanceConfigurationId'>> {
  const out: Pick<AccessPatch, 'oneRosterConfigurationId' | 'attendanceConfigurationId'> = {};
  if (o.oneroster !== undefined) out.oneRosterConfigurationId = o.oneroster === 'none' ? null : (await resolveOneRosterConfiguration(store.db, o.oneroster)).id;
  if (o.attendance !== undefined) out.attendanceConfigurationId = o.attendance === 'none' ? null : o.attendance;
  return out;
}

function fieldOptions(command: Command): Command {
  return command
    .option('--name <name>', 'friendly label, e.g. "Edlio 2025-26"')
    .option('--description <text>', 'notes')
    .option('--key <key>', 'client key the vendor authenticates with (unique; generated when left out)')
    .option('--auth <type>', 'authentication type: any (recommended), oauth2, oauth1')
    .option('--active <yes|no>', 'Is Active', parseYesNo)
    .option('--effective <YYYY-MM-DD>', 'effective date (default today, in the hub time zone)')
    .option('--expires <YYYY-MM-DD|none>', 'expiration date (default one year from today; none = never)', parseExpiration)
    .option('--oneroster <config>', 'OneRoster configuration id or code (none to clear)')
    .option('--attendance <id>', 'attendance configuration id (none to clear)');
}

/** `rosterbridge access …`: Integration Access records and their secrets. */
export function registerAccess(program: Command): void {
  const group = program.command('access').description('Integration Access records: keys, authentication, active dates, configurations, secrets');

  fieldOptions(group.command('create <integration>'))
    .description('add an Integration Access to an integration (id, product or "Vendor / Product")')
    .action(async (reference: string, o: AccessOptions, command: Command) => {
      const ctx = commandContext(command);
      if (o.name === undefined || o.auth === undefined) throw new HubError('invalid_argument', '--name and --auth are required');
      const name = o.name;
      const auth = authType(o.auth);
      const shown = await ctx.withStore(async (store) => {
        const integration = await resolveIntegration(store.db, reference);
        const access = await createAccess(store.db, cliChangeContext(store, ctx.config), {
          integrationId: integration.id,
          name,
          authType: auth,
          ...(o.description === undefined ? {} : { description: o.description }),
          ...(o.key === undefined ? {} : { key: o.key }),
          ...(o.active === undefined ? {} : { isActive: o.active }),
          ...(o.effective === undefined ? {} : { effectiveDate: o.effective }),
          ...(o.expires === undefined ? {} : { expirationDate: o.expires }),
          ...(await configurationIds(store, o)),
        });
        return { access, inForce: inForceText(access, store, ctx.config) };
      });
      ctx.output.result({ access: shown.access }, () => `Integration Access created.\n${describe(shown.access, shown.inForce, [])}\nNext: rosterbridge access generate-secret ${shown.access.key}`);
    });

  group
    .command('list')
    .description('list Integration Accesses')
    .option('--integration <integration>', 'only this integration')
    .action(async (o: { integration?: string }, command: Command) => {
      const ctx = commandContext(command);
      const rows = await ctx.withStore(async (store) => {
        const integrationId = o.integration === undefined ? undefined : (await resolveIntegration(store.db, o.integration)).id;
        const accesses = await listAccesses(store.db, integrationId === undefined ? {} : { integrationId });
        return Promise.all(accesses.map(async (a) => ({ access: a, product: (await getIntegration(store.db, a.integrationId))?.product ?? '?', inForce: inForceText(a, store, ctx.config) })));
      });
      ctx.output.result({ accesses: rows.map((r) => ({ ...r.access, inForce: r.inForce === 'yes' })) }, () =>
        table(['NAME', 'INTEGRATION', 'KEY', 'AUTH', 'ACTIVE', 'EFFECTIVE', 'EXPIRES', 'IN FORCE', 'ID'], rows.map(({ access: a, product, inForce }) => [a.name, product, a.key, a.authType, yesNo(a.isActive), a.effectiveDate, a.expirationDate ?? 'never', inForce, a.id])),
      );
    });

  group.command('show <access>').description('an access (id or key) with its secrets\' fingerprints').action(async (reference: string, _o: object, command: Command) => {
    const ctx = commandContext(command);
    const shown = await ctx.withStore(async (store) => {
      const access = await resolveAccess(store.db, reference);
      return { access, secrets: await listSecrets(store.db, access.id), inForce: inForceText(access, store, ctx.config) };
    });
    ctx.output.result({ access: shown.access, secrets: shown.secrets, inForce: shown.inForce === 'yes' }, () => describe(shown.access, shown.inForce, shown.secrets));
  });

  const change = (name: string, description: string, patch: (o: AccessOptions) => AccessPatch, action: string, withFields: boolean): void => {
    const sub = group.command(`${name} <access>`).description(description);
    (withFields ? fieldOptions(sub) : sub).action(async (reference: string, o: AccessOptions, command: Command) => {
      const ctx = commandContext(command);
      const shown = await ctx.withStore(async (store) => {
        const target = await resolveAccess(store.db, reference);
        const access = await updateAccess(store.db, cliChangeContext(store, ctx.config), target.id, { ...patch(o), ...(withFields ? await configurationIds(store, o) : {}) }, action);
        return { access, inForce: inForceText(access, store, ctx.config), secrets: await listSecrets(store.db, access.id) };
      });
      ctx.output.result({ access: shown.access, inForce: shown.inForce === 'yes' }, () => describe(shown.access, shown.inForce, shown.secrets));
    });
  };
  change('activate', 'check Is Active', () => ({ isActive: true }), 'access.activate', false);
  change('deactivate', 'uncheck Is Active: refused from the very next request', () => ({ isActive: false }), 'access.deactivate', false);
  change(
    'update',
    'change an access',
    (o) => ({
      ...(o.name === undefined ? {} : { name: o.name }),
      ...(o.description === undefined ? {} : { description: o.description }),
      ...(o.key === undefined ? {} : { key: o.key }),
      ...(o.auth === undefined ? {} : { authType: authType(o.auth) }),
      ...(o.active === undefined ? {} : { isActive: o.active }),
      ...(o.effective === undefined ? {} : { effectiveDate: o.effective }),
      ...(o.expires === undefined ? {} : { expirationDate: o.expires }),
    }),
    'access.update',
    true,
  );

  group
    .command('generate-secret <access>')
    .description('generate a secret (shown once; at most two valid at a time)')
    .option('--revoke-oldest', 'with two valid secrets, revoke the oldest instead of refusing')
    .option('--for-vendor', 'generate although the vendor manages the secret (Can Generate Secret off), at the vendor\'s request')
    .action(async (reference: string, o: { revokeOldest?: boolean; forVendor?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const box = cliSecretBox(ctx.config);
      const generated = await ctx.withStore(async (store) => {
        const access = await resolveAccess(store.db, reference);
        const result = await generateAccessSecret(store.db, cliChangeContext(store, ctx.config), box, access.id, { revokeOldest: o.revokeOldest === true, onBehalfOfVendor: o.forVendor === true });
        return { access, ...result };
      });
      const warning = 'This secret is shown once and cannot be retrieved again. Hand it to the vendor over a secure channel.';
      ctx.output.result({ key: generated.access.key, secret: generated.secret, secretInfo: generated.info, warning }, () =>
        [`Key:    ${generated.access.key}`, `Secret: ${generated.secret}`, `Fingerprint: ${generated.info.fingerprint}`, '', `WARNING: ${warning}`].join('\n'),
      );
    });

  group
    .command('revoke-secret <access> <secret>')
    .description('revoke a secret (id or fingerprint); its tokens stop working at once')
    .action(async (reference: string, secret: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const info = await ctx.withStore(async (store) => {
        const access = await resolveAccess(store.db, reference);
        return revokeAccessSecret(store.db, cliChangeContext(store, ctx.config), access.id, secret);
      });
      ctx.output.result({ secretInfo: info }, () => `Revoked secret ${info.fingerprint} at ${info.revokedAt ?? ''}`);
    });
}
