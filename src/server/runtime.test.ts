/**
 * DATABASE_URL + DATABASE_MIGRATION_URL: the owner migrates an empty database and grants the app's
 * restricted role, which then serves; without the owner a pending migration is refused with a clear
 * message; in production an app role that could alter the audit log is refused.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { appRoleProblems, MigrationRoleError } from '../db/roles.js';
import { withDatabase } from '../db/test-util.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { DatabaseRoleError, openRuntime } from './runtime.js';

const adminUrl = inject('dbAdminUrl');
// Named after the run's template, so the harness drops it even after a crash.
const name = `${inject('dbTemplate')}_rt${randomBytes(3).toString('hex')}`;
const ownerUrl = withDatabase(adminUrl, name);
const appUrl = (() => {
  const u = new URL(ownerUrl);
  u.username = inject('dbAppRole');
  u.password = inject('dbAppPassword');
  return u.toString();
})();
const admin = async (text: string) => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(text).finally(() => c.end());
};
await admin(`create database ${name}`);
afterAll(() => admin(`drop database if exists ${name} with (force)`));

const logger = createLogger('silent');
const config = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...env });

describe('the runtime with an owner and an application role', () => {
  it('refuses a pending migration without the owner, saying what to set', async () => {
    await expect(openRuntime(config({ DATABASE_URL: appUrl }), logger)).rejects.toThrow(MigrationRoleError);
    await expect(openRuntime(config({ DATABASE_URL: appUrl }), logger)).rejects.toThrow(
      /DATABASE_MIGRATION_URL/,
    );
  });

  it('migrates as the owner, then serves as the restricted role', async () => {
    const rt = await openRuntime(config({ DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: ownerUrl }), logger);
    try {
      const { db, pool } = rt.database;
      expect(await appRoleProblems(pool)).toEqual([]);
      await db.execute(sql`insert into audit_log (action) values ('auth.logout')`);
      await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
      await expect(db.execute(sql`alter table audit_log disable trigger all`)).rejects.toThrow();
    } finally {
      await rt.close();
    }
    // Once migrated, the application's role alone may start (nothing pending, no DDL tried).
    const again = await openRuntime(config({ DATABASE_URL: appUrl }), logger);
    await again.close();
  });

  it('in production refuses to serve as a role that owns the tables', async () => {
    const prod = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) };
    await expect(openRuntime(config({ ...prod, DATABASE_URL: ownerUrl }), logger)).rejects.toThrow(
      DatabaseRoleError,
    );
    const rt = await openRuntime(
      config({ ...prod, DATABASE_URL: appUrl, DATABASE_MIGRATION_URL: ownerUrl }),
      logger,
    );
    await rt.close();
  });
});
