/**
 * The sign-in throttle (throttle.ts): a guesser's address is locked out of one account, the owner is not;
 * an account under attack is slowed down, never closed; real and unknown names answer alike; wrong
 * current passwords at a password change count too.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { signInThrottle, users } from '../../db/schema/index.js';
import { createTestApp, TEST_PASSWORD } from '../../server/test-app.js';
import { hashOneTimePassword } from './password.js';

const t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '15' });
const { app, db } = t;
afterAll(() => app.close());

const ATTACKER = '203.0.113.66';
const OWNER = '198.51.100.7';

function login(
  username: string,
  password: string,
  opts: { ip?: string; device?: string; headers?: Record<string, string>; on?: typeof app } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.device) headers.cookie = `licheng_device=${opts.device}`;
  return (opts.on ?? app).inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: opts.ip ?? '127.0.0.1',
    headers,
  });
}

const deviceOf = (res: Awaited<ReturnType<typeof login>>) =>
  res.cookies.find((c) => c.name === 'licheng_device');

describe('a guesser is locked out, the owner is not', () => {
  it('still signs in with the right password from another address while the attacker address is locked', async () => {
    const user = await t.makeUser();
    for (let i = 1; i <= 2; i++)
      expect((await login(user.username, `guess-${i}`, { ip: ATTACKER })).statusCode).toBe(401);
    const third = await login(user.username, 'guess-3', { ip: ATTACKER });
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('AUTH_ACCOUNT_LOCKED');
    // The attacker's address stays locked even with the right password …
    expect((await login(user.username, TEST_PASSWORD, { ip: ATTACKER })).statusCode).toBe(423);
    // … while the owner signs in from anywhere else.
    expect((await login(user.username, TEST_PASSWORD, { ip: OWNER })).statusCode).toBe(200);
    // The owner's success does not lift the attacker's lock.
    expect((await login(user.username, TEST_PASSWORD, { ip: ATTACKER })).statusCode).toBe(423);
  });

  it('lets a device that signed in before through even when a guesser shares its address (one school NAT)', async () => {
    const user = await t.makeUser();
    const school = '192.0.2.1';
    const first = await login(user.username, TEST_PASSWORD, { ip: school });
    expect(first.statusCode).toBe(200);
    const device = deviceOf(first);
    expect(device?.httpOnly).toBe(true);
    expect(device?.path).toBe('/api/v1/auth/');
    for (let i = 1; i <= 3; i++) await login(user.username, `guess-${i}`, { ip: school });
    expect((await login(user.username, TEST_PASSWORD, { ip: school })).statusCode).toBe(423);
    const again = await login(user.username, TEST_PASSWORD, { ip: school, device: device?.value });
    expect(again.statusCode).toBe(200);
    // A made-up device cookie is just an address.
    expect((await login(user.username, TEST_PASSWORD, { ip: school, device: 'made-up' })).statusCode).toBe(
      423,
    );
  });

  it('slows an account under attack down for unknown devices, never refuses the right password, and never slows a known device', async () => {
    const user = await t.makeUser();
    const known = deviceOf(await login(user.username, TEST_PASSWORD, { ip: OWNER }))?.value;
    // Nine failures from anywhere within the hour (3 × LOGIN_MAX_FAILURES): a 2 s wait (0.5 s doubled twice).
    await db.insert(signInThrottle).values({ subject: `u:${user.id}`, client: '*', failures: 9 });
    let start = performance.now();
    const fresh = await login(user.username, TEST_PASSWORD, { ip: '198.51.100.99' });
    const slowed = performance.now() - start;
    expect(fresh.statusCode).toBe(200);
    expect(slowed).toBeGreaterThanOrEqual(1990);
    start = performance.now();
    const own = await login(user.username, TEST_PASSWORD, { ip: '198.51.100.99', device: known });
    expect(own.statusCode).toBe(200);
    expect(performance.now() - start).toBeLessThan(1500);
  });
});

describe('a real account and an unknown name answer alike', () => {
  it('same status and message for a wrong password, and the same lock after the same failures', async () => {
    const user = await t.makeUser();
    const ghost = `ghost-${user.username}`;
    for (let i = 1; i <= 3; i++) {
      const real = await login(user.username, `wrong-${i}`, { ip: ATTACKER });
      const unknown = await login(ghost, `wrong-${i}`, { ip: ATTACKER });
      expect(unknown.statusCode).toBe(real.statusCode);
      expect(unknown.json().code).toBe(real.json().code);
      expect(unknown.json().message).toBe(real.json().message);
      expect(real.statusCode).toBe(i < 3 ? 401 : 423);
    }
    const real = await login(user.username, TEST_PASSWORD, { ip: ATTACKER });
    const unknown = await login(ghost, TEST_PASSWORD, { ip: ATTACKER });
    expect([real.statusCode, unknown.statusCode]).toEqual([423, 423]);
    expect(unknown.json().message).toBe(real.json().message);
    // The unknown name is stored only as a keyed hash.
    const subjects = (await db.select({ s: signInThrottle.subject }).from(signInThrottle)).map((r) => r.s);
    expect(subjects.some((s) => s.includes(ghost))).toBe(false);
  });

  it('takes comparable time for an unknown name, a chosen password and an unchanged login-slip password', async () => {
    // No locks or slow-down here: only the password work is measured.
    const timed = await createTestApp({ LOGIN_MAX_FAILURES: '1000', LOGIN_SLOWDOWN_MAX_SECONDS: '0' });
    try {
      const chosen = await timed.makeUser();
      const slip = await timed.makeUser({ mustChangePassword: true });
      await timed.db
        .update(users)
        .set({ passwordHash: await hashOneTimePassword('Slip-Pass-123') })
        .where(sql`${users.id} = ${slip.id}`);
      const names = { chosen: chosen.username, slip: slip.username, unknown: 'nobody-at-all' };
      const times: Record<keyof typeof names, number[]> = { chosen: [], slip: [], unknown: [] };
      for (let round = 0; round < 12; round++) {
        for (const [kind, name] of Object.entries(names) as [keyof typeof names, string][]) {
          const start = performance.now();
          const res = await login(name, 'a-wrong-password', { on: timed.app });
          times[kind].push(performance.now() - start);
          expect(res.statusCode).toBe(401);
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      const unknown = median(times.unknown);
      for (const kind of ['chosen', 'slip'] as const) {
        const ratio = median(times[kind]) / unknown;
        expect(ratio, `${kind} vs unknown: ${median(times[kind])} ms vs ${unknown} ms`).toBeGreaterThan(0.7);
        expect(ratio, `${kind} vs unknown: ${median(times[kind])} ms vs ${unknown} ms`).toBeLessThan(1.4);
      }
    } finally {
      await timed.app.close();
    }
  });
});

describe('password change is throttled', () => {
  it('locks this client out after repeated wrong current passwords, even for the right one', async () => {
    const user = await t.makeUser();
    const s = await t.login(user.username);
    const change = (currentPassword: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { currentPassword, newPassword: 'a-fresh-pass-phrase' },
      });
    expect((await change('wrong-current-1')).json().code).toBe('PASSWORD_CURRENT_WRONG');
    expect((await change('wrong-current-2')).json().code).toBe('PASSWORD_CURRENT_WRONG');
    const third = await change('wrong-current-3');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('AUTH_ACCOUNT_LOCKED');
    expect((await change(TEST_PASSWORD)).statusCode).toBe(423);
  });

  it('answers 429 past the per-address rate limit', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const user = await limited.makeUser();
      const s = await limited.login(user.username);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().code).toBe('RATE_LIMITED');
      }
      expect(codes).toEqual([400, 400, 400, 429, 429]);
    } finally {
      await limited.app.close();
    }
  });
});

describe('common passwords', () => {
  it('refuses a common password (any case) with a zh-TW message naming the rule, and accepts an uncommon one', async () => {
    const user = await t.makeUser({ mustChangePassword: true });
    const s = await t.login(user.username);
    const change = (newPassword: string, lang?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          ...(lang ? { 'accept-language': lang } : {}),
        },
        payload: { currentPassword: TEST_PASSWORD, newPassword },
      });
    for (const common of ['1qaz2wsx3edc', 'Password123', 'A123456789', 'qwertyuiop']) {
      const res = await change(common);
      expect(res.statusCode, common).toBe(400);
      expect(res.json()).toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
      expect(res.json().message).toMatch(/常見密碼/);
    }
    expect((await change('qwertyuiop', 'en')).json().message).toMatch(/common passwords are not allowed/);
    expect((await change('溪頭的雲霧比較適合散步')).statusCode).toBe(200);
  });
});

describe('account administration sees and ends locks', () => {
  it('lists the account as locked while an address is locked out, and a password reset ends the locks', async () => {
    const school = await t.makeSchool();
    const admin = await t.login(
      (await t.makeUser({ schoolId: school.id, roles: ['accountAdmin'] })).username,
    );
    const user = await t.makeUser({ schoolId: school.id });
    const lockedFlag = async () =>
      (
        await app.inject({ url: `/api/v1/accounts?q=${user.username}`, headers: { cookie: admin.cookie } })
      ).json().items[0].locked;
    expect(await lockedFlag()).toBe(false);
    for (let i = 1; i <= 3; i++) await login(user.username, `guess-${i}`, { ip: ATTACKER });
    expect(await lockedFlag()).toBe(true);
    const reset = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/reset-passwords',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { userIds: [user.id] },
    });
    expect(reset.statusCode).toBe(200);
    expect(await lockedFlag()).toBe(false);
    expect((await login(user.username, 'guess-4', { ip: ATTACKER })).statusCode).toBe(401);
  });
});
