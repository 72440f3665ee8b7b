import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { auditLog, files, students, users } from '../../db/schema/index.js';
import { createTestDatabase } from '../../db/test-db.js';
import { createTestApp } from '../../server/test-app.js';
import { DEMO_PASSWORD } from '../demo/demo.data.js';
import { seedDemoSchool } from '../demo/demo.service.js';
import { pdf } from '../uploads/test-corpus.js';
import { backup, RestoreError, restore } from './backup.js';
import { localBlobStore } from './blob-store.js';
import { verifyBlobs } from './integrity.js';

const source = await createTestApp();
const target = await createTestDatabase();
const fresh = await createTestDatabase();
const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-backup-'));
const restoredBlobs = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-restored-blobs-'));
afterAll(async () => {
  await source.app.close();
  await fs.rm(dir, { recursive: true, force: true });
  await fs.rm(restoredBlobs, { recursive: true, force: true });
});

const count = async (db: typeof source.db, table: PgTable) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n;

describe('backup and restore', () => {
  it('restores database and blobs completely into a fresh installation', async () => {
    await seedDemoSchool(source.db);
    const s = await source.login('demo-student', DEMO_PASSWORD);
    const body = await pdf();
    const up = await source.app.inject({
      method: 'POST',
      url: '/api/v1/uploads?purpose=outcomeDocument&filename=r.pdf',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' },
      payload: body,
    });
    expect(up.statusCode).toBe(201);
    const store = localBlobStore(path.join(source.storageDir, 'blobs'));

    const made = await backup(source.database.pool, store, dir);
    expect(made.blobs).toBe(1);

    const into = localBlobStore(restoredBlobs);
    await restore(target.pool, into, dir);
    for (const table of [users, students, files, auditLog]) {
      expect(await count(target.db, table)).toBe(await count(source.db, table));
    }
    const report = await verifyBlobs(target.db, into);
    expect(report).toMatchObject({ ok: 1, missing: [], corrupt: [], orphans: [] });
    // Sequences continue after the restored rows: the append-only log still takes new entries.
    await target.db.insert(auditLog).values({ action: 'after.restore' });

    // A second restore into the now non-empty database is refused, not merged.
    await expect(restore(target.pool, into, dir)).rejects.toBeInstanceOf(RestoreError);
  });

  it('refuses a backup whose files were altered', async () => {
    const file = path.join(dir, 'tables', 'schools.copy');
    await fs.appendFile(file, 'tampered');
    await expect(restore(fresh.pool, localBlobStore(restoredBlobs), dir)).rejects.toThrow(/does not match/);
  });
});
