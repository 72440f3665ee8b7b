import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { blobs as blobsTable } from '../../db/schema/index.js';
import { createTestApp } from '../../server/test-app.js';
import { runOneJob } from '../jobs/jobs.js';
import { pdf } from '../uploads/test-corpus.js';
import { localBlobStore } from './blob-store.js';

const t = await createTestApp();
afterAll(() => t.app.close());

// File ages are judged on the clock that writes file times (the sweep measures its skew from the
// process's clock, which faketime moves while the kernel's file times stay real): date the fixtures so.
const fileClockNow = async () => {
  const probe = path.join(t.storageDir, '.probe');
  await fs.writeFile(probe, '');
  const { mtimeMs } = await fs.stat(probe);
  await fs.rm(probe);
  return mtimeMs;
};
const fileNow = await fileClockNow();
const hoursAgo = (h: number) => new Date(fileNow - h * 3_600_000);
const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

describe('the sweep of crash leftovers (at start and hourly, as a job)', () => {
  it('removes old partial temp files, unrecorded blobs and unreferenced rows; keeps anything in flight or referenced', async () => {
    const school = await t.makeSchool();
    const s = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads?purpose=outcomeDocument&filename=kept.pdf',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/octet-stream' },
      payload: await pdf(),
    });
    const kept = uploaded.json().sha256 as string;
    const store = localBlobStore(path.join(t.storageDir, 'blobs'));
    const where = (sha: string) => path.join(t.storageDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
    await fs.utimes(where(kept), hoursAgo(48), hoursAgo(48));

    // A plain upload cut off by a crash two hours ago, and one being received now.
    const incoming = path.join(t.storageDir, 'incoming');
    await fs.mkdir(incoming, { recursive: true });
    await fs.writeFile(path.join(incoming, 'partial-old'), 'half a file');
    await fs.utimes(path.join(incoming, 'partial-old'), hoursAgo(2), hoursAgo(2));
    await fs.writeFile(path.join(incoming, 'partial-now'), 'arriving');
    // The blob store's own temp file, cut off.
    const blobTemp = path.join(t.storageDir, 'blobs', '.incoming');
    await fs.mkdir(blobTemp, { recursive: true });
    await fs.writeFile(path.join(blobTemp, 'cut'), 'x');
    await fs.utimes(path.join(blobTemp, 'cut'), hoursAgo(2), hoursAgo(2));
    // A blob written two days ago and never recorded (a crash between the blob and the row), and one
    // written a minute ago (an upload being accepted right now).
    const orphan = await store.put(Buffer.from('never recorded'));
    await fs.utimes(where(orphan.sha256), hoursAgo(48), hoursAgo(48));
    const inFlight = await store.put(Buffer.from('about to be recorded'));
    // A recorded blob nothing refers to any more.
    const unreferenced = await store.put(Buffer.from('left over'));
    await fs.utimes(where(unreferenced.sha256), hoursAgo(48), hoursAgo(48));
    await t.db.insert(blobsTable).values({
      ...unreferenced,
      mime: 'application/pdf',
      createdAt: sql`now() - interval '2 days'` as never,
    });

    // At start: one sweep is enqueued (not two), and the job worker runs it.
    expect(await t.app.background.requestSweep('start')).toBe(true);
    expect(await t.app.background.requestSweep('start')).toBe(false);
    while (await runOneJob(t.db, t.app.background.jobHandlers)) {
      // every due job (the preview of kept.pdf, the sweep)
    }
    const [sweep] = (
      await t.db.execute(sql`select done_at is not null as done from jobs where kind = 'storage.sweep'`)
    ).rows as { done: boolean }[];
    expect(sweep?.done).toBe(true);

    expect(await exists(path.join(incoming, 'partial-old'))).toBe(false);
    expect(await exists(path.join(incoming, 'partial-now'))).toBe(true);
    expect(await exists(path.join(blobTemp, 'cut'))).toBe(false);
    expect(await store.stat(orphan.sha256)).toBeNull();
    expect(await store.stat(unreferenced.sha256)).toBeNull();
    expect(await store.stat(inFlight.sha256)).not.toBeNull();
    expect(await store.stat(kept)).not.toBeNull();
    const download = await t.app.inject({
      url: `/api/v1/files/${uploaded.json().id}/content`,
      headers: { cookie: s.cookie },
    });
    expect(download.statusCode).toBe(200);

    // Periodically: not again within the hour.
    expect(await t.app.background.requestSweep('periodic')).toBe(false);
  });

  it('an orphan blob that an identical new upload reuses is no longer old, so the sweep keeps it', async () => {
    const body = Buffer.concat([await pdf(), Buffer.from('\n% reused\n')]);
    const store = localBlobStore(path.join(t.storageDir, 'blobs'));
    const orphan = await store.put(body);
    const where = path.join(
      t.storageDir,
      'blobs',
      orphan.sha256.slice(0, 2),
      orphan.sha256.slice(2, 4),
      orphan.sha256,
    );
    await fs.utimes(where, hoursAgo(48), hoursAgo(48));
    // The same content arrives again: the store keeps the one copy and marks it as just written.
    await store.put(body);
    expect((await store.stat(orphan.sha256))?.mtime?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});
