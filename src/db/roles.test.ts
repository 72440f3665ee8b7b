/**
 * The application's database role cannot switch the append-only protection off (SECURITY.md "Database
 * roles"). The harness connects the tests' app as a restricted role, as production does, so this runs
 * on the very connection every other test uses.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoleProblems, grantAppRole } from './roles.js';
import { createTestDatabase } from './test-db.js';

const test = await createTestDatabase();
const { db } = test;
const owner = new pg.Pool({ connectionString: test.ownerUrl, max: 1 });
afterAll(() => owner.end());

const failure = (q: Promise<unknown>) =>
  q.then(
    () => 'succeeded',
    (e) => String(e.cause ?? e),
  );

describe('the application role', () => {
  it('is not a superuser and owns nothing', async () => {
    expect(await appRoleProblems(test.pool)).toEqual([]);
    // The owner connection (the harness's admin) is exactly what the check is for.
    expect((await appRoleProblems(owner)).length).toBeGreaterThan(0);
  });

  it('cannot disable or drop the append-only triggers, nor sidestep them', async () => {
    for (const table of ['audit_log', 'outcome_events']) {
      expect(await failure(db.execute(sql.raw(`alter table ${table} disable trigger all`)))).toMatch(
        /must be owner/,
      );
      expect(await failure(db.execute(sql.raw(`alter table ${table} disable trigger user`)))).toMatch(
        /must be owner/,
      );
      expect(await failure(db.execute(sql.raw(`drop trigger ${table}_append_only on ${table}`)))).toMatch(
        /must be owner/,
      );
    }
    expect(await failure(db.execute(sql`drop function licheng_refuse_change() cascade`))).toMatch(
      /must be owner/,
    );
    expect(await failure(db.execute(sql`set session_replication_role = replica`))).toMatch(
      /permission denied/,
    );
  });

  it('may add audit rows but never change or remove them', async () => {
    await db.execute(sql`insert into audit_log (action) values ('auth.logout')`);
    expect(await failure(db.execute(sql`update audit_log set action = 'x'`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`delete from audit_log`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`truncate audit_log`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`delete from outcome_events`))).toMatch(/permission denied/);
    // The owner is refused by the trigger as well.
    expect(await failure(owner.query(`update audit_log set action = 'x'`))).toMatch(/append-only/);
    expect(await failure(owner.query('truncate outcome_events'))).toMatch(/append-only/);
  });

  it('granting again (after a later migration) keeps the append-only tables insert-only', async () => {
    const [{ role }] = (await db.execute<{ role: string }>(sql`select current_user as role`)).rows as [
      { role: string },
    ];
    await grantAppRole(owner, role);
    const privileges = await owner.query<{ p: string }>(
      `select privilege_type as p from information_schema.role_table_grants
        where grantee = $1 and table_name = 'audit_log' order by 1`,
      [role],
    );
    expect(privileges.rows.map((r) => r.p)).toEqual(['INSERT', 'SELECT']);
  });
});
