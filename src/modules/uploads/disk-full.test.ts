/**
 * A full disk: the storage directory is a 1 MiB tmpfs, filled up. Uploads are then the server's
 * problem — 507 STORAGE_FULL in zh-TW on the plain and the tus endpoint — not "your upload was
 * incomplete" (400) or an English 500. Mounting needs root (as on the test machines); elsewhere the
 * file is skipped and says so.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { pdfOfSize } from './test-corpus.js';

const t = await createTestApp();

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const mounted = tryMount(t.storageDir);
if (!mounted) console.warn('disk-full.test: cannot mount a tmpfs here (not root?): skipped');

let who: { cookie: string; csrf: string };
beforeAll(async () => {
  if (!mounted) return;
  // The app's directories, on the small file system; then nothing left of it.
  for (const d of ['blobs', 'tus', 'incoming'])
    await fs.mkdir(path.join(t.storageDir, d), { recursive: true });
  await fs.writeFile(path.join(t.storageDir, 'filler'), Buffer.alloc(1024 * 1024)).catch(() => undefined);
  const school = await t.makeSchool();
  who = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
});
afterAll(async () => {
  await t.app.close();
  if (mounted) execFileSync('umount', ['-l', t.storageDir]);
});

describe.skipIf(!mounted)('disk full', () => {
  it('a plain upload: 507 STORAGE_FULL, saying the server is out of space (not an incomplete upload)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/uploads?purpose=outcomeDocument&filename=a.pdf`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/octet-stream' },
      payload: await pdfOfSize(600_000),
    });
    expect(res.statusCode, res.body).toBe(507);
    expect(res.json()).toMatchObject({ code: 'STORAGE_FULL', message: expect.stringContaining('稍後再試') });
    // Nothing half-written is left behind.
    expect(await fs.readdir(path.join(t.storageDir, 'incoming'))).toEqual([]);
  });

  it('a tus upload: 507 STORAGE_FULL as {code, message} in zh-TW', async () => {
    const headers = { cookie: who.cookie, 'x-csrf-token': who.csrf, 'tus-resumable': '1.0.0' };
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const body = await pdfOfSize(600_000);
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads/tus',
      headers: {
        ...headers,
        'upload-length': String(body.length),
        'upload-metadata': `purpose ${b64('outcomeDocument')},filename ${b64('a.pdf')}`,
      },
    });
    expect(create.statusCode, create.body).toBe(201);
    const res = await t.app.inject({
      method: 'PATCH',
      url: new URL(create.headers.location as string, 'http://x').pathname,
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(507);
    expect(res.json()).toMatchObject({
      code: 'STORAGE_FULL',
      message: expect.stringContaining('儲存空間已滿'),
    });
  });
});
