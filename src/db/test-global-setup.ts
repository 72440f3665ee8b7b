/**
 * Vitest global setup: one PostgreSQL server for the run (the machine's at DATABASE_URL, or an embedded
 * throw-away cluster under the OS temp dir) and one migrated template database that each test file
 * clones (see test-db.ts). As in production, the tables belong to the admin role that migrated them and
 * the tests' app connects as a restricted role made for this run (db/roles.ts), so the suite proves
 * the application works without owning anything.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../server/web-build.js';
import { connectDatabase } from './client.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './embedded.js';
import { runMigrations } from './migrate.js';
import { ensureAppRole, grantAppRole } from './roles.js';
import { freePort, withDatabase } from './test-util.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dbAdminUrl: string;
    dbTemplate: string;
    /** The restricted role the tests' app connects as, and its password. */
    dbAppRole: string;
    dbAppPassword: string;
  }
}

export default async function setup(project: TestProject) {
  // Browser tests need the built SPA; building here once avoids parallel test files racing to build it.
  const root = process.cwd();
  await ensureWebBuilt(root, path.join(root, 'dist/web'), (m) => console.log(m));

  let embedded: EmbeddedServer | undefined;
  let tmpDir: string | undefined;
  let adminUrl: string;
  // DATABASE_URL is read here, in the test harness, not by application code.
  const external = process.env.DATABASE_URL;
  if (external) {
    adminUrl = external;
  } else {
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-test-pg-'));
    await fs.chmod(tmpDir, 0o755);
    embedded = await startEmbeddedPostgres({
      dir: path.join(tmpDir, 'pg'),
      port: await freePort(),
      database: 'postgres',
      persistent: false,
    });
    adminUrl = embedded.adminUrl;
  }
  const run = randomBytes(4).toString('hex');
  const template = `licheng_tpl_${run}`;
  // Roles belong to the server, not a database: one per run, so parallel runs do not share it.
  const appRole = `licheng_tpl_${run}_app`;
  const appPassword = randomBytes(18).toString('base64url');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  try {
    await ensureAppRole(admin, appRole, appPassword);
    const tplDb = connectDatabase(withDatabase(adminUrl, template), { max: 1 });
    try {
      await runMigrations(tplDb.pool);
      await grantAppRole(tplDb.pool, appRole);
    } finally {
      await tplDb.close();
    }
  } catch (e) {
    // A failed setup returns no teardown: leave neither the template nor the role on a shared server.
    await admin.query(`drop database if exists ${template} with (force)`).catch(() => undefined);
    await admin.query(`drop role if exists ${appRole}`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    throw e;
  }
  project.provide('dbAdminUrl', adminUrl);
  project.provide('dbTemplate', template);
  project.provide('dbAppRole', appRole);
  project.provide('dbAppPassword', appPassword);

  return async () => {
    // Drop the template and any clone a crashed test file left behind.
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname like $2`,
      [template, `${template}_%`],
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
    await admin.query(`drop role if exists ${appRole}`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (tmpDir) await fs.rm(tmpDir, { recursive: true, force: true });
  };
}
