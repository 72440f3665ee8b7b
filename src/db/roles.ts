/**
 * Two database roles (SECURITY.md "Database roles"): the owner, which runs migrations and owns every
 * table, and the application's role, which may only read and write rows. The application's role owns
 * nothing, so it can neither `ALTER TABLE … DISABLE TRIGGER` nor drop the append-only triggers, and it
 * is not granted UPDATE, DELETE or TRUNCATE on the append-only tables at all.
 */
import type pg from 'pg';
import { runMigrations } from './migrate.js';

type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/** Tables the application may only add to (their triggers refuse changes from the owner as well). */
export const APPEND_ONLY_TABLES = [
  'audit_log',
  'outcome_events',
  'performance_events',
  'submission_items',
] as const;

/** The role a connection acts as. */
export async function currentRole(db: Queryable): Promise<string> {
  const r = await db.query<{ role: string }>('select current_user as role');
  return r.rows[0]?.role as string;
}

/** Runs statements built by PostgreSQL's format() (%I identifiers, %L literals), never by string joins. */
async function runFormatted(db: Queryable, template: string, args: string[]): Promise<void> {
  const r = await db.query<{ stmt: string }>(
    `select format($1, ${args.map((_, i) => `$${i + 2}::text`).join(', ')}) as stmt`,
    [template, ...args],
  );
  await db.query(r.rows[0]?.stmt as string);
}

/**
 * Creates the application's login role, or resets its password and strips any power it must not have.
 * Run by a role that may create roles (the embedded superuser, the test harness).
 */
export async function ensureAppRole(admin: Queryable, name: string, password: string): Promise<void> {
  const exists = await admin.query('select 1 from pg_roles where rolname = $1', [name]);
  const verb = exists.rowCount === 0 ? 'create' : 'alter';
  await runFormatted(
    admin,
    `${verb} role %I with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password %L`,
    [name, password],
  );
}

/**
 * Grants the application's role what it needs and nothing more: rows of every table (only SELECT and
 * INSERT on the append-only ones), the sequences, and reading which migrations ran. Run by the owner
 * after each migration run, so tables added later are covered.
 */
export async function grantAppRole(owner: Queryable, role: string): Promise<void> {
  if (role === (await currentRole(owner))) return;
  await owner.query('begin');
  try {
    await runFormatted(owner, 'grant usage on schema public to %I', [role]);
    await runFormatted(owner, 'grant select, insert, update, delete on all tables in schema public to %I', [
      role,
    ]);
    await runFormatted(owner, 'revoke truncate, references, trigger on all tables in schema public from %I', [
      role,
    ]);
    for (const table of APPEND_ONLY_TABLES)
      await runFormatted(owner, 'revoke update, delete on %I from %I', [table, role]);
    await runFormatted(owner, 'grant usage, select, update on all sequences in schema public to %I', [role]);
    if ((await owner.query(`select to_regclass('drizzle.__drizzle_migrations') as t`)).rows[0]?.t) {
      await runFormatted(owner, 'grant usage on schema drizzle to %I', [role]);
      await runFormatted(owner, 'grant select on drizzle.__drizzle_migrations to %I', [role]);
    }
    await owner.query('commit');
  } catch (e) {
    await owner.query('rollback').catch(() => undefined);
    throw e;
  }
}

/**
 * What makes a connection's role unfit to run the application: a superuser, a role that may create
 * roles or bypass row security, or one that owns (or may become the owner of) a table — each could
 * switch the append-only triggers off. Empty when the role is restricted as it should be.
 */
export async function appRoleProblems(app: Queryable): Promise<string[]> {
  const r = await app.query<{
    role: string;
    rolsuper: boolean;
    rolcreaterole: boolean;
    rolbypassrls: boolean;
    owned: number;
  }>(`select r.rolname as role, r.rolsuper, r.rolcreaterole, r.rolbypassrls,
        (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p', 'S')
            and pg_has_role(current_user, c.relowner, 'MEMBER')) as owned
      from pg_roles r where r.rolname = current_user`);
  const row = r.rows[0];
  if (!row) return ['the connection has no role'];
  const problems: string[] = [];
  if (row.rolsuper) problems.push(`role ${row.role} is a superuser`);
  if (row.rolcreaterole) problems.push(`role ${row.role} may create roles`);
  if (row.rolbypassrls) problems.push(`role ${row.role} bypasses row security`);
  if (row.owned > 0) problems.push(`role ${row.role} owns (or may act as the owner of) ${row.owned} tables`);
  return problems;
}

export class MigrationRoleError extends Error {}

/**
 * Brings the schema up to date and the application's grants with it: with an owner connection the
 * migrations and grants run there; without one, on the application's own connection (which then
 * must be the owner when a migration is pending).
 */
export async function migrateFor(app: pg.Pool, owner?: pg.Pool): Promise<void> {
  if (owner) {
    await runMigrations(owner);
    await grantAppRole(owner, await currentRole(app));
    return;
  }
  try {
    await runMigrations(app);
  } catch (e) {
    const err = e as { code?: string; cause?: { code?: string } };
    if (err.code === '42501' || err.cause?.code === '42501')
      throw new MigrationRoleError(
        `The role of DATABASE_URL may not apply the pending migrations (${(e as Error).message}). ` +
          'Set DATABASE_MIGRATION_URL to the role that owns the tables (docs/OPERATIONS.md).',
      );
    throw e;
  }
}
