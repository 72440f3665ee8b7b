/**
 * SPEC.md §3: the account administrator never reads portfolios and never changes its own roles or links
 * itself to a student; parent links go only to parent accounts; office-role grants are told to the
 * academic admins and audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
let s: TestSchool;
let lib: S;
const send = (who: S, method: 'POST' | 'PUT', url: string, payload: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    payload: payload as never,
  });
const audit = async (action: string) =>
  (await t.db.execute(sql`select * from audit_log where action = ${action} order by id`)).rows as {
    actor_user_id: string;
    target_id: string;
    details: Record<string, unknown>;
  }[];

beforeAll(async () => {
  s = await makeTestSchool(t, '900011', 11);
  lib = await t.login(s.usernames.accounts as string);
});

describe('account administration cannot raise its own rights', () => {
  it('refuses changing the own roles, and the account administrator then cannot read a portfolio', async () => {
    const own = s.userIds.accounts as string;
    const res = await send(lib, 'PUT', `/api/v1/accounts/${own}/roles`, {
      roles: ['accountAdmin', 'academicAdmin'],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'ACCOUNT_OWN_ROLES',
      message: '不能變更自己的角色，請由另一位帳號管理者處理',
    });
    const roles = await t.db.execute(sql`select role from user_roles where user_id = ${own}`);
    expect(roles.rows.map((r) => r.role)).toEqual(['accountAdmin']);
    const read = await t.app.inject({
      url: `/api/v1/students/${s.studentIds[0]}/portfolio`,
      headers: { cookie: lib.cookie },
    });
    expect(read.statusCode).toBe(403);
  });

  it('refuses linking itself as a parent, and linking any staff or student account', async () => {
    const self = await send(lib, 'POST', `/api/v1/accounts/${s.userIds.accounts}/children`, {
      studentNo: s.studentNos[0],
      relation: '父',
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('GUARDIAN_LINK_SELF');
    for (const key of ['teacher', 'academic', 'counselor', 'student']) {
      const res = await send(lib, 'POST', `/api/v1/accounts/${s.userIds[key]}/children`, {
        studentNo: s.studentNos[1],
        relation: '父',
      });
      expect(res.statusCode, key).toBe(409);
      expect(res.json().code).toBe('GUARDIAN_LINK_NOT_PARENT');
    }
    const guardians = await t.db.execute(
      sql`select count(*)::int as n from guardians where school_id = ${s.school.id}`,
    );
    expect(guardians.rows[0]?.n).toBe(1);
    // A parent-only account can still be linked to a second child.
    const parent = await send(lib, 'POST', `/api/v1/accounts/${s.userIds.parent}/children`, {
      studentNo: s.studentNos[1],
      relation: '母',
    });
    expect(parent.statusCode, parent.body).toBe(200);
  });

  it('refuses a staff role for an account linked as a parent (no link-then-grant)', async () => {
    const res = await send(lib, 'PUT', `/api/v1/accounts/${s.userIds.parent}/roles`, {
      roles: ['parent', 'teacher'],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('ROLES_STAFF_FOR_PARENT');
  });

  it('a grant of an office role notifies the academic admins and is audited as such', async () => {
    const target = await t.makeUser({ schoolId: s.school.id, roles: ['teacher'] });
    const res = await send(lib, 'PUT', `/api/v1/accounts/${target.id}/roles`, {
      roles: ['teacher', 'counselor'],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await audit('user.office_roles_granted');
    expect(row).toMatchObject({
      actor_user_id: s.userIds.accounts,
      target_id: target.id,
      details: { from: ['teacher'], to: ['counselor', 'teacher'], granted: ['counselor'], revoked: [] },
    });
    const notices = await t.db.execute(
      sql`select user_id, kind, params from notifications where kind = 'accounts.officeRoleGranted'`,
    );
    expect(notices.rows).toEqual([
      {
        user_id: s.userIds.academic,
        kind: 'accounts.officeRoleGranted',
        params: expect.objectContaining({ roles: '輔導室／課程諮詢教師', rolesEn: 'counsellor' }),
      },
    ]);
    // A change without office roles is an ordinary, quiet role change.
    await send(lib, 'PUT', `/api/v1/accounts/${target.id}/roles`, { roles: ['counselor'] });
    expect((await audit('user.roles_changed')).at(-1)?.details).toMatchObject({ revoked: ['teacher'] });
    const count = await t.db.execute(
      sql`select count(*)::int as n from notifications where kind = 'accounts.officeRoleGranted'`,
    );
    expect(count.rows[0]?.n).toBe(1);
  });

  it('a password reset of an office account is told to the academic admins', async () => {
    const reset = await send(lib, 'POST', '/api/v1/accounts/reset-passwords', {
      userIds: [s.userIds.affairs, s.userIds.teacher],
    });
    expect(reset.statusCode).toBe(200);
    const notices = await t.db.execute(
      sql`select user_id, params from notifications where kind = 'accounts.officePasswordReset'`,
    );
    expect(notices.rows).toEqual([
      { user_id: s.userIds.academic, params: expect.objectContaining({ account: 'affairs900011' }) },
    ]);
    expect((await audit('accounts.password_reset')).at(-1)?.details).toMatchObject({
      officeUserIds: [s.userIds.affairs],
    });
  });
});
