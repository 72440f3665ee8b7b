import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { blobs as blobsTable } from '../../db/schema/index.js';
import { createTestApp } from '../../server/test-app.js';
import { pdf, png } from '../uploads/test-corpus.js';
import { localBlobStore } from './blob-store.js';
import { collectGarbage, verifyBlobs } from './integrity.js';

const t = await createTestApp();
afterAll(() => t.app.close());

describe('licheng verify and gc', () => {
  it('finds missing, corrupt and orphaned blobs, and gc removes only what nothing references', async () => {
    const school = await t.makeSchool();
    const s = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
    const up = async (name: string, body: Buffer) =>
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/uploads?purpose=outcomeDocument&filename=${name}`,
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' },
          payload: body,
        })
      ).json().sha256 as string;
    const kept = await up('a.pdf', await pdf());
    const lost = await up('b.png', await png(7, 7));
    const damaged = await up('c.png', await png(9, 9));
    const store = localBlobStore(path.join(t.storageDir, 'blobs'));
    const where = (sha: string) => path.join(t.storageDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
    await fs.rm(where(lost));
    await fs.appendFile(where(damaged), 'x');
    const orphan = await store.put(Buffer.from('never recorded'));
    // A recorded blob nothing refers to any more.
    const unreferenced = await store.put(Buffer.from('left over'));
    await t.db.insert(blobsTable).values({
      ...unreferenced,
      mime: 'application/pdf',
      createdAt: sql`now() - interval '2 days'` as never,
    });

    const report = await verifyBlobs(t.db, store);
    expect(report.missing).toEqual([lost]);
    expect(report.corrupt).toEqual([damaged]);
    expect(report.orphans).toEqual([orphan.sha256]);

    const gc = await collectGarbage(t.db, store, {
      graceHours: 0,
      incomingDir: path.join(t.storageDir, 'incoming'),
    });
    expect(gc).toMatchObject({ unreferencedRows: 1, orphanBlobs: 1 });
    expect(await store.stat(kept)).not.toBeNull();
    expect(await store.stat(unreferenced.sha256)).toBeNull();
    expect(await store.stat(orphan.sha256)).toBeNull();
  });
});
