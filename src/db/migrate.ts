import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Arbitrary constant: serialises migrations when several instances start at once. */
const MIGRATION_LOCK_KEY = 7_301_999;

/**
 * True when the database lacks a committed migration (drizzle's own rule: one newer than the last
 * applied). Read-only, so the application's restricted role can ask it (db/roles.ts).
 */
export async function migrationsPending(pool: pg.Pool | pg.PoolClient): Promise<boolean> {
  const table = await pool.query(`select to_regclass('drizzle.__drizzle_migrations') as t`);
  if (!table.rows[0]?.t) return true;
  const r = await pool.query<{ last: string | null }>(
    'select max(created_at)::text as last from drizzle.__drizzle_migrations',
  );
  const last = r.rows[0]?.last;
  if (last === null || last === undefined) return true;
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).some((m) => m.folderMillis > Number(last));
}

/**
 * Applies the committed drizzle-kit migrations; safe to call from several instances at once. Nothing
 * is run (no CREATE SCHEMA either) when none is pending, so a role without DDL rights may call it.
 */
export async function runMigrations(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    if (!(await migrationsPending(client))) return;
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
