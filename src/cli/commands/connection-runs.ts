import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { HubError } from '../../kernel/index.ts';
import {
  approveRun,
  getRun,
  listRunChanges,
  listRuns,
  mapSchools,
  readSyncState,
  rejectRun,
  resolveConnection,
  runSync,
  saveSyncSettings,
  schoolsReport,
  systemClientDeps,
  type SyncRun,
} from '../../sync/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, cliSecretBox, details, parseList, table } from './access-support.ts';

const ENTITY_COLUMNS = ['ENTITY', 'READ', 'COMMITTED', 'IN', 'CREATED', 'UPDATED', 'DELETED', 'UNCHANGED', 'DROPPED', 'REJECTED', 'FROZEN'];

function describeRun(run: SyncRun): string {
  const lines = [
    details([
      ['Run', run.id],
      ['Status', run.status],
      ['Trigger', run.trigger],
      ['Read', run.full ? 'full' : 'delta'],
      ['Started', run.startedAt],
      ['Finished', run.finishedAt ?? '(not yet)'],
      ['Duration', run.durationMs === null ? '-' : `${(run.durationMs / 1000).toFixed(1)} s`],
      ...(run.decidedBy === null ? [] : ([['Decided by', `${run.decidedBy} at ${run.decidedAt ?? ''}`]] as Array<[string, string]>)),
      ...(run.heldChangeset === null ? [] : ([['Held changeset', `${run.heldChangeset.changes} changes (approve or reject run ${run.id})`]] as Array<[string, string]>)),
    ]),
    table(
      ENTITY_COLUMNS,
      Object.entries(run.counts).map(([entity, c]) =>
        c === undefined ? [entity] : [entity, c.full ? 'full' : 'delta', ...[c.committed, c.incoming, c.created, c.updated, c.deleted, c.unchanged, c.dropped, c.rejected, c.deletesFrozen].map(String)],
      ),
    ),
  ];
  if (run.reasons.length > 0) lines.push('Reasons:', ...run.reasons.map((r) => `  - ${r}`));
  if (run.errors.length > 0) lines.push('Errors:', ...run.errors.map((e) => `  - ${e}`));
  if (run.problemCount > 0) lines.push(`Problems (${run.problemCount}${run.problemCount > run.problems.length ? `, first ${run.problems.length}` : ''}):`, ...run.problems.map((p) => `  - ${p}`));
  return lines.join('\n');
}

/** `source=hub` pairs of --map. */
function parseMap(value: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of parseList(value)) {
    const [from, to, ...rest] = pair.split('=');
    if (from === undefined || to === undefined || from === '' || to === '' || rest.length > 0) throw new HubError('invalid_argument', `--map takes source=hub pairs, not '${pair}'`);
    map[from] = to;
  }
  return map;
}

/** Sync runs from the CLI: run, preview (history, run --records), approve, reject; rules and schools. */
export function registerConnectionRuns(group: Command): void {
  group
    .command('sync <connection>')
    .description('run a sync now: commit it, or hold it when the guard or preview says so')
    .action(async (reference: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const box = cliSecretBox(ctx.config);
      const run = await ctx.withStore(async (store) => runSync({ store, box, clientDeps: systemClientDeps(), clock: store.clock }, (await resolveConnection(store.db, reference)).id, { trigger: 'manual' }));
      ctx.output.result({ run }, () => describeRun(run));
      if (run.status === 'failed') process.exitCode = 2;
      if (run.status === 'held') process.exitCode = 3;
    });

  group
    .command('approve <run>')
    .description('commit exactly the held changeset of a run (refused when the store moved under it)')
    .action(async (runId: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const run = await ctx.withStore((store) => approveRun(store, runId, cliChangeContext(store, ctx.config).actor));
      ctx.output.result({ run }, () => `Approved and committed.\n${describeRun(run)}`);
    });

  group
    .command('reject <run>')
    .description('discard the held changeset of a run; the store is not touched')
    .action(async (runId: string, _o: object, command: Command) => {
      const ctx = commandContext(command);
      const run = await ctx.withStore((store) => rejectRun(store, store.clock, runId, cliChangeContext(store, ctx.config).actor));
      ctx.output.result({ run }, () => `Rejected; nothing was written.\n${describeRun(run)}`);
    });

  group
    .command('history <connection>')
    .description('the connection\'s runs, newest first')
    .option('--limit <n>', 'how many (default 20)', (v) => Number(v), 20)
    .action(async (reference: string, o: { limit: number }, command: Command) => {
      const ctx = commandContext(command);
      const runs = await ctx.withStore(async (store) => listRuns(store.db, (await resolveConnection(store.db, reference)).id, o.limit));
      ctx.output.result({ runs }, () =>
        table(
          ['STARTED', 'STATUS', 'TRIGGER', 'READ', 'CHANGES', 'PROBLEMS', 'RUN'],
          runs.map((r) => {
            const changes = Object.values(r.counts).reduce((n, c) => n + (c === undefined ? 0 : c.created + c.updated + c.deleted), 0);
            return [r.startedAt, r.status, r.trigger, r.full ? 'full' : 'delta', String(changes), String(r.problemCount), r.id];
          }),
        ),
      );
    });

  group
    .command('run <run>')
    .description('one run: counts per entity, reasons, errors; --records shows each held change before and after')
    .option('--records', 'list the changeset\'s records, before and after')
    .option('--limit <n>', 'how many records (default 200)', (v) => Number(v), 200)
    .action(async (runId: string, o: { records?: boolean; limit: number }, command: Command) => {
      const ctx = commandContext(command);
      const { run, changes } = await ctx.withStore(async (store) => ({ run: await getRun(store.db, runId), changes: o.records === true ? await listRunChanges(store.db, runId, o.limit) : [] }));
      ctx.output.result(o.records === true ? { run, changes } : { run }, () =>
        [
          describeRun(run),
          ...(o.records === true
            ? changes.map((c) => `${c.action} ${c.entity} ${c.sourcedId} (from ${c.origin}${c.rules.length > 0 ? `; rules: ${c.rules.join(', ')}` : ''})\n  before: ${JSON.stringify(c.before)}\n  after:  ${JSON.stringify(c.after)}`)
            : []),
        ].join('\n'),
      );
    });

  const rules = group.command('rules').description('a connection\'s rules and guard settings');
  rules
    .command('set <connection>')
    .description('save rules and settings from a JSON file (rules, guard, previewRequired, rollover, timeZone, readMode, fullSyncEveryDays); every problem listed')
    .requiredOption('--file <path>', 'the settings document (JSON)')
    .action(async (reference: string, o: { file: string }, command: Command) => {
      const ctx = commandContext(command);
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(o.file, 'utf8')) as unknown;
      } catch (cause) {
        throw new HubError('invalid_argument', `${o.file} is not a readable JSON file`, { cause });
      }
      const settings = await ctx.withStore(async (store) => saveSyncSettings(store.db, cliChangeContext(store, ctx.config), await resolveConnection(store.db, reference), document));
      ctx.output.result({ settings }, () => `Settings saved.\n${JSON.stringify(settings, null, 2)}`);
    });
  rules.command('show <connection>').description('the rules and settings in force').action(async (reference: string, _o: object, command: Command) => {
    const ctx = commandContext(command);
    const state = await ctx.withStore(async (store) => readSyncState(store.db, (await resolveConnection(store.db, reference)).id));
    ctx.output.result(state, () => `${JSON.stringify(state.settings, null, 2)}\nWatermark: ${state.watermark ?? '(none yet: the next run reads everything)'}\nLast full read: ${state.lastFullSyncAt ?? '(never)'}`);
  });

  group
    .command('schools <connection>')
    .description('the source\'s schools beside the hub\'s, and (with --auto) the proposed mapping')
    .option('--auto <identifier|name>', 'propose a mapping by identifier (state school code) or by name')
    .action(async (reference: string, o: { auto?: string }, command: Command) => {
      if (o.auto !== undefined && o.auto !== 'identifier' && o.auto !== 'name') throw new HubError('invalid_argument', '--auto must be identifier or name');
      const ctx = commandContext(command);
      const box = cliSecretBox(ctx.config);
      const by = o.auto === 'identifier' || o.auto === 'name' ? o.auto : undefined;
      const report = await ctx.withStore(async (store) => schoolsReport(store, box, systemClientDeps(), await resolveConnection(store.db, reference), by));
      ctx.output.result({ report }, () =>
        [
          'Source schools:',
          table(['SOURCED ID', 'NAME', 'IDENTIFIER', 'SELECTED', 'MAPS ONTO', 'PROPOSED'], report.source.map((s) => [
            s.sourcedId,
            s.name,
            s.identifier ?? '',
            report.current.selected === undefined || report.current.selected.includes(s.sourcedId) ? 'yes' : 'no',
            report.current.map?.[s.sourcedId] ?? '',
            report.proposal[s.sourcedId] ?? '',
          ])),
          'Hub schools:',
          table(['SOURCED ID', 'NAME', 'IDENTIFIER'], report.hub.map((s) => [s.sourcedId, s.name, s.identifier ?? ''])),
          ...report.problems.map((p) => `problem: ${p}`),
        ].join('\n'),
      );
    });

  group
    .command('map-schools <connection>')
    .description('choose the source schools to import (--select) and map them onto hub schools (--map source=hub,…)')
    .option('--select <ids>', 'source school sourcedIds to import, comma-separated')
    .option('--map <pairs>', 'source=hub pairs, comma-separated (several sources onto one hub school merge them)', parseMap)
    .action(async (reference: string, o: { select?: string; map?: Record<string, string> }, command: Command) => {
      const ctx = commandContext(command);
      const settings = await ctx.withStore(async (store) =>
        mapSchools(store, cliChangeContext(store, ctx.config), await resolveConnection(store.db, reference), { ...(o.select === undefined ? {} : { select: parseList(o.select) }), ...(o.map === undefined ? {} : { map: o.map }) }),
      );
      ctx.output.result({ schools: settings.rules.schools }, () => `Schools mapping saved.\n${JSON.stringify(settings.rules.schools ?? {}, null, 2)}`);
    });
}
