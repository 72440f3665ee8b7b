/**
 * Test harness: a fresh, migrated database per test file, cloned from the run's template
 * (test-global-setup.ts), on the embedded server or the one at DATABASE_URL. The connection is the
 * run's restricted role, as the application's is in production; `ownerUrl` reaches the same database
 * as the role that owns its tables (for the tests that prove the difference).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { connectDatabase, type Database } from './client.js';
import { withDatabase } from './test-util.js';

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('dbAdminUrl') });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** Creates a database for this test file and drops it after the file's tests. */
export async function createTestDatabase(): Promise<
  Database & { url: string; ownerUrl: string; name: string }
> {
  const template = inject('dbTemplate');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  // Concurrent clones of one template can collide ("source database is being accessed"): retry.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database ${name} template ${template}`);
      break;
    } catch (e) {
      if (attempt >= 20 || (e as { code?: string }).code !== '55006') throw e;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
  const ownerUrl = withDatabase(inject('dbAdminUrl'), name);
  const app = new URL(ownerUrl);
  app.username = inject('dbAppRole');
  app.password = inject('dbAppPassword');
  const url = app.toString();
  const database = connectDatabase(url, { max: 5 });
  afterAll(async () => {
    await database.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return { ...database, url, ownerUrl, name };
}
