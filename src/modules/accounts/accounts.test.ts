import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, userRoles, users } from '../../db/schema/index.js';
import { AppError } from '../../server/errors.js';
import { createTestApp } from '../../server/test-app.js';
import { createSchoolAdmin } from './accounts.service.js';

const t = await createTestApp();
afterAll(() => t.app.close());

describe('GET /api/v1/accounts (accountAdmin only)', () => {
  it('answers 403 FORBIDDEN to other roles, and 401 without a session', async () => {
    const student = await t.makeUser({ roles: ['student', 'parent'] });
    const s = await t.login(student.username);
    const res = await t.app.inject({ url: '/api/v1/accounts', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: '您沒有執行此操作的權限' });
    const anon = await t.app.inject({ url: '/api/v1/accounts' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('AUTH_REQUIRED');
  });

  it("lists only the own school's accounts, with search, role filter and paging", async () => {
    const school = await t.makeSchool();
    const other = await t.makeSchool();
    const admin = await t.makeUser({ schoolId: school.id, roles: ['accountAdmin'], username: 'lib-admin' });
    await t.makeUser({ schoolId: school.id, roles: ['student'], username: 'stu-100' });
    await t.makeUser({ schoolId: school.id, roles: ['student'], username: 'stu-101' });
    await t.makeUser({ schoolId: school.id, roles: ['teacher'], username: 'tea-1' });
    await t.makeUser({ schoolId: other.id, roles: ['student'], username: 'stu-999' });
    const s = await t.login(admin.username);
    const get = (q: string) => t.app.inject({ url: `/api/v1/accounts${q}`, headers: { cookie: s.cookie } });

    const all = (await get('')).json();
    expect(all.total).toBe(4);
    expect(all.items.map((i: { username: string }) => i.username)).not.toContain('stu-999');
    expect((await get('?role=student')).json().total).toBe(2);
    expect((await get('?q=STU-10')).json().total).toBe(2);
    expect((await get('?q=%25')).json().total).toBe(0);
    const page2 = (await get('?pageSize=3&page=2')).json();
    expect(page2.items).toHaveLength(1);
    const bad = await get('?pageSize=9999');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const badRole = await get('?role=root');
    expect(badRole.statusCode).toBe(400);
  });
});

describe('createSchoolAdmin (CLI create-admin)', () => {
  it('creates the school and an admin who must change the password, and audits the grant', async () => {
    const { userId, schoolId } = await createSchoolAdmin(t.db, {
      schoolCode: '123456',
      schoolName: '新設高中',
      username: 'Admin-New',
      displayName: '管理者',
      password: 'one-time-pass-123',
    });
    const [u] = await t.db.select().from(users).where(sql`${users.id} = ${userId}`);
    expect(u).toMatchObject({ username: 'admin-new', schoolId, mustChangePassword: true });
    const roles = await t.db.select().from(userRoles).where(sql`${userRoles.userId} = ${userId}`);
    expect(roles.map((r) => r.role).sort()).toEqual(['academicAdmin', 'accountAdmin']);
    const audit = await t.db.select().from(auditLog).where(sql`${auditLog.targetId} = ${userId}`);
    expect(audit[0]?.action).toBe('user.roles_granted');
    const s = await t.login('admin-new', 'one-time-pass-123');
    expect(s.response.json().user.mustChangePassword).toBe(true);
  });

  it('refuses a taken username and an unknown school without a name', async () => {
    await expect(
      createSchoolAdmin(t.db, {
        schoolCode: '123456',
        username: 'admin-new',
        displayName: 'x',
        password: 'p-123456789',
      }),
    ).rejects.toMatchObject(new AppError('USERNAME_TAKEN', { username: 'admin-new' }));
    await expect(
      createSchoolAdmin(t.db, {
        schoolCode: '654321',
        username: 'someone',
        displayName: 'x',
        password: 'p-123456789',
      }),
    ).rejects.toBeInstanceOf(AppError);
  });
});
