import type { Command } from 'commander';
import {
  addAttendanceConfiguration,
  addOneRosterConfiguration,
  listAttendanceConfigurations,
  listOneRosterConfigurations,
  resolveOneRosterConfiguration,
  updateOneRosterConfiguration,
  type OneRosterConfiguration,
} from '../../access/index.ts';
import { HubError } from '../../kernel/index.ts';
import { commandContext } from '../context.ts';
import { cliChangeContext, details, parseList, parseYesNo, table, yesNo } from './access-support.ts';

interface OneRosterOptions {
  vendor?: string;
  code?: string;
  description?: string;
  district?: string;
  schools?: string[];
  demographics?: boolean;
  gradePassBack?: boolean;
}

function describe(c: OneRosterConfiguration): string {
  return details([
    ['Id', c.id],
    ['One Roster vendor', c.vendor],
    ['Code', c.code],
    ['Description', c.description ?? ''],
    ['District', c.districtId],
    ['Schools', c.schoolIds === null ? 'all schools of the district' : c.schoolIds.join(', ')],
    ['Allow demographics', yesNo(c.allowDemographics)],
    ['Allow grade pass back', yesNo(c.allowGradePassBack)],
  ]);
}

function oneRosterFields(command: Command): Command {
  return command
    .option('--vendor <name>', 'One Roster vendor, e.g. Edlio')
    .option('--code <code>', 'short identifier, e.g. edlio')
    .option('--description <text>', 'description')
    .option('--district <sourcedId>', 'the district org')
    .option('--schools <ids>', 'comma-separated school sourcedIds to restrict to ("all" for every school)', (v: string) => (v.trim().toLowerCase() === 'all' ? [] : parseList(v)))
    .option('--demographics <yes|no>', 'allow demographics', parseYesNo)
    .option('--grade-pass-back <yes|no>', 'allow grade pass back (needs the licensed writeback product)', parseYesNo);
}

const schoolsOf = (o: OneRosterOptions): { schoolIds?: string[] | null } => (o.schools === undefined ? {} : { schoolIds: o.schools.length === 0 ? null : o.schools });

/** `rosterbridge config oneroster|attendance …`. */
export function registerConfig(program: Command): void {
  const group = program.command('config').description('OneRoster and Attendance configurations that decide what an access may read');
  const oneRoster = group.command('oneroster').description('OneRoster configurations (district, schools, demographics, grade pass back)');

  oneRosterFields(oneRoster.command('add'))
    .description('add a OneRoster configuration')
    .action(async (o: OneRosterOptions, command: Command) => {
      const ctx = commandContext(command);
      if (o.vendor === undefined || o.code === undefined || o.district === undefined) throw new HubError('invalid_argument', '--vendor, --code and --district are required');
      const { vendor, code, district } = o;
      const configuration = await ctx.withStore((store) =>
        addOneRosterConfiguration(store.db, cliChangeContext(store, ctx.config), {
          vendor,
          code,
          districtId: district,
          description: o.description ?? null,
          ...schoolsOf(o),
          ...(o.demographics === undefined ? {} : { allowDemographics: o.demographics }),
          ...(o.gradePassBack === undefined ? {} : { allowGradePassBack: o.gradePassBack }),
        }),
      );
      ctx.output.result({ configuration }, () => `OneRoster configuration added.\n${describe(configuration)}`);
    });

  oneRoster.command('list').description('list OneRoster configurations').action(async (_o: object, command: Command) => {
    const ctx = commandContext(command);
    const list = await ctx.withStore((store) => listOneRosterConfigurations(store.db));
    ctx.output.result({ configurations: list }, () =>
      table(['CODE', 'VENDOR', 'DISTRICT', 'SCHOOLS', 'DEMOGRAPHICS', 'GRADE PASS BACK', 'ID'], list.map((c) => [c.code, c.vendor, c.districtId, c.schoolIds === null ? 'all' : c.schoolIds.join(','), yesNo(c.allowDemographics), yesNo(c.allowGradePassBack), c.id])),
    );
  });

  oneRosterFields(oneRoster.command('update <config>'))
    .description('change a OneRoster configuration (id or code); every access using it sees the change at once')
    .action(async (reference: string, o: OneRosterOptions, command: Command) => {
      const ctx = commandContext(command);
      const configuration = await ctx.withStore(async (store) => {
        const target = await resolveOneRosterConfiguration(store.db, reference);
        return updateOneRosterConfiguration(store.db, cliChangeContext(store, ctx.config), target.id, {
          ...(o.vendor === undefined ? {} : { vendor: o.vendor }),
          ...(o.code === undefined ? {} : { code: o.code }),
          ...(o.description === undefined ? {} : { description: o.description }),
          ...(o.district === undefined ? {} : { districtId: o.district }),
          ...schoolsOf(o),
          ...(o.demographics === undefined ? {} : { allowDemographics: o.demographics }),
          ...(o.gradePassBack === undefined ? {} : { allowGradePassBack: o.gradePassBack }),
        });
      });
      ctx.output.result({ configuration }, () => `OneRoster configuration updated.\n${describe(configuration)}`);
    });

  const attendance = group.command('attendance').description('Attendance configurations (which schools\' attendance an access may read)');
  attendance
    .command('add')
    .description('add an attendance configuration')
    .requiredOption('--description <text>', 'e.g. "Edlio Attendance Access"')
    .requiredOption('--schools <ids>', 'comma-separated school sourcedIds (entities)', parseList)
    .action(async (o: { description: string; schools: string[] }, command: Command) => {
      const ctx = commandContext(command);
      const configuration = await ctx.withStore((store) => addAttendanceConfiguration(store.db, cliChangeContext(store, ctx.config), { description: o.description, schoolIds: o.schools }));
      ctx.output.result({ configuration }, () => `Attendance configuration added.\n${details([['Id', configuration.id], ['Description', configuration.description], ['Schools', configuration.schoolIds.join(', ')]])}`);
    });
  attendance.command('list').description('list attendance configurations').action(async (_o: object, command: Command) => {
    const ctx = commandContext(command);
    const list = await ctx.withStore((store) => listAttendanceConfigurations(store.db));
    ctx.output.result({ configurations: list }, () => table(['DESCRIPTION', 'SCHOOLS', 'ID'], list.map((c) => [c.description, c.schoolIds.join(','), c.id])));
  });
}
