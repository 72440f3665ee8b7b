import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, schools, sessions, signInThrottle, users } from '../../db/schema/index.js';
import { boundariesOf, taipeiDateOf, termOf } from '../../domain/calendar.js';
import { createTestApp, TEST_PASSWORD } from '../../server/test-app.js';

const t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' });
const { app, db } = t;
afterAll(() => app.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

const auditActions = async (userId: string) =>
  (
    await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(sql`${auditLog.actorUserId} = ${userId}`)
  ).map((r) => r.action);

describe('sign-in', () => {
  it('signs in, sets a httpOnly SameSite=Lax cookie and reports user, roles and school', async () => {
    const school = await t.makeSchool({ name: '登入測試高中' });
    const user = await t.makeUser({ schoolId: school.id, roles: ['teacher', 'homeroom'] });
    const res = await login(user.username.toUpperCase(), TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'licheng_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();
    const body = res.json();
    expect(body.roles).toEqual(['homeroom', 'teacher']);
    expect(body.school).toMatchObject({ code: school.code, name: '登入測試高中' });
    expect(body).not.toHaveProperty('user.passwordHash');
    expect(body.currentTerm).toEqual(termOf(taipeiDateOf(new Date())));

    const me = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: `licheng_session=${cookie?.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe(user.username);
    expect(await auditActions(user.id)).toContain('auth.login');
    // Only a keyed hash of the token is stored.
    const stored = await db
      .select({ h: sessions.tokenHash })
      .from(sessions)
      .where(sql`${sessions.userId} = ${user.id}`);
    expect(stored[0]?.h).not.toBe(cookie?.value);
  });

  it("reports the current term under the school's own semester boundaries", async () => {
    const school = await t.makeSchool();
    // A school whose academic year starts tomorrow is still in the previous academic year today.
    const now = new Date();
    const today = taipeiDateOf(now);
    const tomorrow = taipeiDateOf(new Date(now.getTime() + 86_400_000));
    const md = `${String(tomorrow.month).padStart(2, '0')}-${String(tomorrow.day).padStart(2, '0')}`;
    await db.update(schools).set({ yearStart: md }).where(sql`${schools.id} = ${school.id}`);
    const user = await t.makeUser({ schoolId: school.id });
    const me = (await t.login(user.username)).response.json();
    expect(me.currentTerm).toEqual(termOf(today, boundariesOf({ yearStart: md, semester2Start: '02-01' })));
    if (tomorrow.year === today.year) {
      expect(me.currentTerm.academicYear).toBe(termOf(today).academicYear - (today.month >= 8 ? 1 : 0));
    }
  });

  it('refuses a wrong password and an unknown user with the same code, in zh-TW or English', async () => {
    const user = await t.makeUser();
    const wrong = await login(user.username, 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', message: '帳號或密碼錯誤' });
    expect(wrong.json().requestId).toBeTruthy();
    const unknown = await login('nobody-here', 'whatever-password', { 'accept-language': 'en-US,en;q=0.9' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({
      code: 'AUTH_INVALID_CREDENTIALS',
      message: 'Wrong username or password',
    });
    expect(await auditActions(user.id)).toContain('auth.login_failed');
  });

  it('locks the address out of the account after repeated failures, even for the right password, and unlocks after the lock', async () => {
    const user = await t.makeUser();
    expect((await login(user.username, 'bad-1')).statusCode).toBe(401);
    expect((await login(user.username, 'bad-2')).statusCode).toBe(401);
    const third = await login(user.username, 'bad-3');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('AUTH_ACCOUNT_LOCKED');
    expect(third.json().message).toMatch(/15 分鐘/);
    const right = await login(user.username, TEST_PASSWORD);
    expect(right.statusCode).toBe(423);
    expect(await auditActions(user.id)).toContain('auth.locked');

    // The lock ends: simulate its time passing on the database clock.
    await db
      .update(signInThrottle)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(sql`${signInThrottle.subject} = ${`u:${user.id}`}`);
    expect((await login(user.username, TEST_PASSWORD)).statusCode).toBe(200);
    // The success forgets this address's failures and locks on the account.
    const pairs = await db
      .select()
      .from(signInThrottle)
      .where(sql`${signInThrottle.subject} = ${`u:${user.id}`} and ${signInThrottle.client} <> '*'`);
    expect(pairs).toEqual([]);
  });

  it('doubles the lock on the next series of failures', async () => {
    const user = await t.makeUser();
    for (const p of ['a', 'b', 'c']) await login(user.username, `bad-${p}`);
    await db
      .update(signInThrottle)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(sql`${signInThrottle.subject} = ${`u:${user.id}`}`);
    for (const p of ['d', 'e']) await login(user.username, `bad-${p}`);
    const res = await login(user.username, 'bad-f');
    expect(res.statusCode).toBe(423);
    expect(res.json().message).toMatch(/30 分鐘/);
  });

  it('refuses disabled accounts', async () => {
    const user = await t.makeUser();
    await db.update(users).set({ disabledAt: sql`now()` }).where(sql`${users.id} = ${user.id}`);
    const res = await login(user.username, TEST_PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_ACCOUNT_DISABLED');
  });
});

describe('bad input to sign-in gets 400 with a code, never 500', () => {
  const cases: [string, unknown, string][] = [
    ['missing fields', {}, 'VALIDATION_FAILED'],
    ['missing password', { username: 'a' }, 'VALIDATION_FAILED'],
    ['wrong types', { username: 1, password: ['x'] }, 'VALIDATION_FAILED'],
    ['empty strings', { username: '', password: '' }, 'VALIDATION_FAILED'],
    ['unknown fields', { username: 'a', password: 'b', role: 'centralAdmin' }, 'VALIDATION_FAILED'],
    ['overlong password', { username: 'a', password: 'x'.repeat(1000) }, 'VALIDATION_FAILED'],
    ['null body', null, 'VALIDATION_FAILED'],
  ];
  for (const [name, payload, code] of cases) {
    it(name, async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe(code);
    });
  }
  it('malformed JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('MALFORMED_BODY');
  });
  it('a huge body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'b'.repeat(2_000_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('BODY_TOO_LARGE');
  });
  it('a form post (cross-site forms cannot send JSON)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=a&password=b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('sessions', () => {
  it('ends a session after the idle time and after the absolute lifetime', async () => {
    const user = await t.makeUser();
    const idle = await t.login(user.username);
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '31 minutes'` })
      .where(sql`${sessions.userId} = ${user.id}`);
    const res = await app.inject({ url: '/api/v1/me', headers: { cookie: idle.cookie } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_SESSION_EXPIRED');
    const again = await app.inject({ url: '/api/v1/me', headers: { cookie: idle.cookie } });
    expect(again.json().code).toBe('AUTH_REQUIRED');

    const abs = await t.login(user.username);
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(sql`${sessions.userId} = ${user.id}`);
    const res2 = await app.inject({ url: '/api/v1/me', headers: { cookie: abs.cookie } });
    expect(res2.json().code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('keeps an active session alive (idle clock moves on use)', async () => {
    const user = await t.makeUser();
    const s = await t.login(user.username);
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '20 minutes'` })
      .where(sql`${sessions.userId} = ${user.id}`);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } })).statusCode).toBe(200);
    const [row] = await db
      .select({ ageSeconds: sql<number>`extract(epoch from now() - ${sessions.lastSeenAt})::int` })
      .from(sessions)
      .where(sql`${sessions.userId} = ${user.id}`);
    expect(row?.ageSeconds).toBeLessThan(60);
  });

  it('logs out with the CSRF token, and refuses a mutation without it', async () => {
    const user = await t.makeUser();
    const s = await t.login(user.username);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('CSRF_INVALID');
    const wrongCsrf = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(s.csrf.length) },
    });
    expect(wrongCsrf.json().code).toBe('CSRF_INVALID');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(ok.statusCode).toBe(200);
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(401);
    expect(await auditActions(user.id)).toContain('auth.logout');
  });

  it('rejects a forged cookie', async () => {
    const me = await app.inject({ url: '/api/v1/me', headers: { cookie: 'licheng_session=forged' } });
    expect(me.statusCode).toBe(401);
    expect(me.json().code).toBe('AUTH_REQUIRED');
  });
});

describe('forced password change', () => {
  it('blocks other endpoints until the password is changed, enforces the rules, and ends other sessions', async () => {
    const user = await t.makeUser({ roles: ['accountAdmin'], mustChangePassword: true });
    const first = await t.login(user.username);
    const other = await t.login(user.username);
    expect(first.response.json().user.mustChangePassword).toBe(true);
    const blocked = await app.inject({ url: '/api/v1/accounts', headers: { cookie: first.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');

    const change = (currentPassword: string, newPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: first.cookie, 'x-csrf-token': first.csrf },
        payload: { currentPassword, newPassword },
      });
    expect((await change(TEST_PASSWORD, 'short')).json()).toMatchObject({
      code: 'PASSWORD_TOO_SHORT',
      message: '密碼長度至少10個字元',
    });
    expect((await change(TEST_PASSWORD, user.username)).json().code).toMatch(
      /PASSWORD_(TOO_SHORT|SAME_AS_USERNAME)/,
    );
    expect((await change('wrong-current-pw', 'a-new-good-password')).json().code).toBe(
      'PASSWORD_CURRENT_WRONG',
    );
    expect((await change(TEST_PASSWORD, TEST_PASSWORD)).json().code).toBe('PASSWORD_UNCHANGED');
    const ok = await change(TEST_PASSWORD, 'a-new-good-password');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.mustChangePassword).toBe(false);

    expect(
      (await app.inject({ url: '/api/v1/accounts', headers: { cookie: first.cookie } })).statusCode,
    ).toBe(200);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie: other.cookie } })).statusCode).toBe(401);
    expect((await login(user.username, 'a-new-good-password')).statusCode).toBe(200);
    expect(await auditActions(user.id)).toContain('auth.password_changed');
  });
});

describe('audit log', () => {
  it('is append-only at the database level', async () => {
    const failure = (q: Promise<unknown>) =>
      q.then(
        () => 'succeeded',
        (e) => String(e.cause ?? e),
      );
    // The app's role has no UPDATE/DELETE/TRUNCATE on it; the owner meets the trigger (db/roles.test.ts).
    expect(await failure(db.execute(sql`update audit_log set action = 'x'`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`delete from audit_log`))).toMatch(/permission denied/);
    expect(await failure(db.execute(sql`truncate audit_log`))).toMatch(/permission denied/);
  });
});

describe('login rate limit', () => {
  it('answers 429 with the error code past the per-IP limit', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'x', password: 'y' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.app.close();
    }
  });
});
