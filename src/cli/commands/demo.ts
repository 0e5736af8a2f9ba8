import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { importAttendance, importBundle, writeAttendance, writeBundle } from '../../csv/index.ts';
import { createDemoDistrict } from '../../demo/index.ts';
import { buildApp } from '../../http/index.ts';
import { hubTableSpecs } from '../../hub/index.ts';
import { HubError } from '../../kernel/index.ts';
import { createSecretBox, parseMasterKey } from '../../access/index.ts';
import { openStore } from '../../store/index.ts';
import { ensureDemoAccess } from '../demo-access.ts';
import { ensureMasterKey } from '../master-key-file.ts';
import { commandContext } from '../context.ts';
import { createProgress } from '../progress.ts';
import { parseCount } from './generate.ts';
import { describeAttendanceImport } from './attendance.ts';
import { describeImport } from './import.ts';

/** One command for a new user: a database, a generated district loaded through the real importer, a server. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create the database, load a generated demo district and start the server')
    .option('--students <n>', 'size of the demo district', parseCount, 1000)
    .option('--seed <seed>', 'seed of the generated district', 'rosterbridge')
    .option('-p, --port <port>', 'TCP port (default $PORT or 8080)')
    .option('--no-serve', 'load the district and exit')
    .action(async (options: { students: number; seed: string; port?: string; serve: boolean }, command: Command) => {
      const ctx = commandContext(command, options.port !== undefined ? { port: options.port } : {});
      const secretBox = createSecretBox(parseMasterKey(ensureMasterKey(ctx.config).text));
      const store = await openStore({ url: ctx.config.databaseUrl, extraTables: hubTableSpecs() });
      let districtId = '';
      let schoolIds: string[] = [];
      const work = mkdtempSync(join(tmpdir(), 'rosterbridge-demo-'));
      try {
        const district = createDemoDistrict({ students: options.students, seed: options.seed });
        const bundle = join(work, 'demo-district.zip');
        const progress = createProgress(ctx.output, 'demo');
        await writeBundle(bundle, { records: (e) => district.records(e.name), metadataKeys: async () => [] }, { version: '1.2', mode: 'bulk', onProgress: (f, r) => progress.update(f, r) });
        const report = await importBundle(store, bundle, { onProgress: (f, r) => progress.update(f, r) });
        progress.stop();
        if (!report.ok) throw new HubError('import_rejected', describeImport(report));
        ctx.output.info(describeImport(report));
        districtId = report.districtId ?? '';
        // Attendance goes through its own importer, with the same checks a district's files get.
        const attendanceFiles = join(work, 'demo-attendance.zip');
        await writeAttendance(attendanceFiles, { records: (name) => district.attendance(name) }, 'bulk');
        const attendanceProgress = createProgress(ctx.output, 'attendance');
        const attendance = await importAttendance(store, attendanceFiles, { mode: 'bulk', districtId, onProgress: (f, r) => attendanceProgress.update(f, r) });
        attendanceProgress.stop();
        if (!attendance.ok) throw new HubError('import_rejected', describeAttendanceImport(attendance));
        ctx.output.info(describeAttendanceImport(attendance));
        schoolIds = [...district.records('orgs')].filter((o) => o.type === 'school').map((o) => o.sourcedId);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      const credential = await ensureDemoAccess(store.db, { clock: store.clock, timeZone: ctx.config.timeZone, actor: 'cli:demo' }, secretBox, districtId, schoolIds);
      const tokenCurl = `curl -s -u '${credential.key}:${credential.secret}' -d grant_type=client_credentials ${ctx.config.publicUrl}/oauth/token`;
      // One line a new user can paste: a token, then the first students through the OneRoster 1.2 API.
      const studentsCurl =
        `TOKEN=$(${tokenCurl} | sed -E 's/.*"access_token":"([^"]+)".*/\\1/') && ` +
        `curl -s -H "Authorization: Bearer $TOKEN" '${ctx.config.publicUrl}/ims/oneroster/rostering/v1p2/students?limit=3&fields=sourcedId,givenName,familyName,grades'`;
      const summary = { database: store.dialect.displayName, url: ctx.config.publicUrl, districtId, clientId: credential.key, clientSecret: credential.secret, tokenCurl, studentsCurl };
      const credentialLines = [
        `Demo vendor credential (OAuth 2.0 client credentials or OAuth 1.0a; the secret is shown only now):`,
        `  client id:     ${credential.key}`,
        `  client secret: ${credential.secret}`,
        `  get a token:   ${tokenCurl}`,
        `  read students: ${studentsCurl}`,
      ];
      if (!options.serve) {
        await store.close();
        ctx.output.result(summary, () => [`Demo district loaded into ${store.dialect.displayName}`, ...credentialLines].join('\n'));
        return;
      }
      const app = await buildApp({ store, config: ctx.config, secretBox });
      await app.listen({ port: ctx.config.port, host: ctx.config.host });
      const stop = async (): Promise<void> => {
        await app.close();
        await store.close();
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      ctx.output.result(summary, () =>
        [
          `Rosterbridge demo is running on ${ctx.config.publicUrl} (${store.dialect.displayName})`,
          `  health:  curl ${ctx.config.publicUrl}/health`,
          ...credentialLines,
          `  export:  npx rosterbridge export demo-export.zip --oneroster 1.1`,
          'Press Ctrl+C to stop.',
        ].join('\n'),
      );
    });
}
