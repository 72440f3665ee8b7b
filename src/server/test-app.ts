/**
 * Integration-test helpers: the real app on a fresh per-file database, and factories with overrides
 * (DESIGN.md §4.10). Used only by *.test.ts files.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';
import { createTestDatabase } from '../db/test-db.js';
import type { Role } from '../domain/roles.js';
import { insertUsers } from '../modules/accounts/accounts.repo.js';
import { hashPassword } from '../modules/auth/password.js';
import { insertSchool } from '../modules/schools/schools.repo.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A signed-in user's cookie header and CSRF token (from `login` or `demoSessions`). */
export interface TestSession {
  cookie: string;
  csrf: string;
}

/**
 * Requests as a signed-in user, by name: `sessions` and `app` are looked up at each call, so a test file
 * can declare these at the top and fill its sessions in `beforeAll`. A Buffer payload is sent as
 * application/octet-stream unless `type` says otherwise.
 */
export function requestsAs(
  app: () => FastifyInstance,
  sessions: () => Record<string, TestSession | undefined>,
) {
  const get = (who: string, url: string) =>
    app().inject({ url, headers: { cookie: sessions()[who]?.cookie } });
  const send = (
    who: string,
    method: 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    type?: string,
  ) => {
    const contentType = type ?? (Buffer.isBuffer(payload) ? 'application/octet-stream' : undefined);
    return app().inject({
      method,
      url,
      headers: {
        cookie: sessions()[who]?.cookie,
        'x-csrf-token': sessions()[who]?.csrf as string,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      payload: payload as never,
    });
  };
  return { get, send };
}

export async function createTestApp(
  env: Record<string, string> = {},
  opts: {
    serveWeb?: boolean;
    /** A second instance of another test app: the same database and session secret. */
    instanceOf?: { database: Awaited<ReturnType<typeof createTestDatabase>>; sessionSecret: string };
    /** The app's clock (terms, windows, deadlines) and the demo's day; default the system clock. */
    now?: () => Date;
  } = {},
) {
  const database = opts.instanceOf?.database ?? (await createTestDatabase());
  const sessionSecret = opts.instanceOf?.sessionSecret ?? randomBytes(32).toString('hex');
  // Tests sign in often from one address; the rate-limit test sets its own low limit.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    ...env,
  });
  const storageDir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-test-storage-'));
  afterAll(() => fs.rm(storageDir, { recursive: true, force: true }));
  const app: FastifyInstance = await buildApp({
    config,
    database,
    sessionSecret,
    logger: createLogger('silent'),
    storageDir,
    serveWeb: opts.serveWeb,
    now: opts.now,
  });
  await app.ready();
  const passwordHash = await hashPassword(TEST_PASSWORD);
  let n = 0;

  async function makeSchool(over: { code?: string; name?: string } = {}) {
    n++;
    return insertSchool(database.db, {
      code: over.code ?? `9${String(n).padStart(5, '0')}`,
      name: over.name ?? `測試高中${n}`,
    });
  }

  async function makeUser(
    over: { schoolId?: string | null; roles?: Role[]; username?: string; mustChangePassword?: boolean } = {},
  ) {
    n++;
    const username = over.username ?? `user${n}-${randomBytes(3).toString('hex')}`;
    const schoolId = over.schoolId === undefined ? (await makeSchool()).id : over.schoolId;
    const ids = await insertUsers(database.db, [
      {
        schoolId,
        username,
        displayName: `測試使用者${n}`,
        passwordHash,
        mustChangePassword: over.mustChangePassword ?? false,
        roles: over.roles ?? ['student'],
      },
    ]);
    return { id: ids.get(username) as string, username, schoolId };
  }

  /** Signs in and returns the cookie header and CSRF token for further requests. */
  async function login(username: string, password = TEST_PASSWORD) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'licheng_session');
    return {
      cookie: `licheng_session=${cookie?.value}`,
      csrf: res.json().csrfToken as string,
      response: res,
    };
  }

  /** Seeds the demo school and signs in the given demo accounts (shared password). */
  async function demoSessions(usernames: string[]) {
    const { seedDemoSchool } = await import('../modules/demo/demo.service.js');
    const { DEMO_PASSWORD } = await import('../modules/demo/demo.data.js');
    await seedDemoSchool(database.db, { now: opts.now?.() });
    const sessions: Record<string, { cookie: string; csrf: string }> = {};
    for (const u of usernames) sessions[u] = await login(u, DEMO_PASSWORD);
    return sessions;
  }

  return {
    app,
    database,
    sessionSecret,
    db: database.db,
    config,
    storageDir,
    makeSchool,
    makeUser,
    login,
    demoSessions,
  };
}
