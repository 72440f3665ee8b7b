/**
 * A fresh, migrated database for a benchmark run: on the server at DATABASE_URL (read here, in the
 * benchmark harness) or on a throw-away embedded PostgreSQL under `dir`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/db/client.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { runMigrations } from '../src/db/migrate.js';
import { freePort, withDatabase } from '../src/db/test-util.js';
import { insertSchool } from '../src/modules/schools/schools.repo.js';

export async function benchDatabase(dir: string) {
  const external = process.env.DATABASE_URL;
  const embedded = external
    ? undefined
    : await startEmbeddedPostgres({
        dir: path.join(dir, 'pg'),
        port: await freePort(),
        database: 'postgres',
        persistent: false,
      });
  const adminUrl = external ?? (embedded?.adminUrl as string);
  const name = `licheng_bench_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = withDatabase(adminUrl, name);
  const database = connectDatabase(url, { max: 2 });
  await runMigrations(database.pool);
  const school = await insertSchool(database.db, { code: '999301', name: 'Bench' });
  return {
    url,
    database,
    school,
    engine: external ? 'external PostgreSQL' : 'embedded PostgreSQL',
    async drop() {
      await database.close().catch(() => undefined);
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
      await embedded?.stop();
    },
  };
}
