/**
 * Several instances: two servers on one database, one S3 bucket for blobs (s3rver), one shared TUS_DIR
 * and the PostgreSQL locker; an upload begun on one instance is continued and finished on the other.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../db/test-util.js';
import { createTestApp } from '../../server/test-app.js';
import { pdfOfSize } from './test-corpus.js';
import { pgLocker } from './tus-locker.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'licheng-s3rver-tus-'));
const s3Port = await freePort();
const s3 = new S3rver({
  port: s3Port,
  address: '127.0.0.1',
  directory: dir,
  silent: true,
  configureBuckets: [{ name: 'licheng', configs: [] }],
});
await s3.run();
const env = {
  STORAGE: 's3',
  S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
  S3_BUCKET: 'licheng',
  S3_ACCESS_KEY_ID: 'S3RVER',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
  S3_FORCE_PATH_STYLE: 'true',
  S3_PREFIX: 'blobs/',
  TUS_DIR: path.join(dir, 'shared-tus'),
  TUS_LOCKS: 'postgres',
};
const a = await createTestApp(env);
const b = await createTestApp(env, { instanceOf: a });
let student: { cookie: string; csrf: string };
const base = { a: '', b: '' };

beforeAll(async () => {
  const school = await a.makeSchool();
  student = await a.login((await a.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  for (const [key, t] of [
    ['a', a],
    ['b', b],
  ] as const) {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base[key] = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  await b.app.close();
  await a.app.close();
  await s3.close();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('tus across instances', () => {
  it('an upload begun on one instance is finished on another; the stored SHA-256 is the source’s', async () => {
    const body = await pdfOfSize(3 * 1_048_576 + 777);
    const auth = { cookie: student.cookie, 'x-csrf-token': student.csrf, 'tus-resumable': '1.0.0' };
    const meta = `purpose ${Buffer.from('outcomeDocument').toString('base64')},filename ${Buffer.from('報告.pdf').toString('base64')}`;
    const created = await fetch(`${base.a}/api/v1/uploads/tus`, {
      method: 'POST',
      headers: { ...auth, 'upload-length': String(body.length), 'upload-metadata': meta },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const uploadPath = new URL(created.headers.get('location') as string).pathname;
    const half = 1_500_000;
    const first = await fetch(`${base.a}${uploadPath}`, {
      method: 'PATCH',
      headers: { ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(body.subarray(0, half)),
    });
    expect(first.status).toBe(204);
    // The next request of the upload lands on instance B.
    const head = await fetch(`${base.b}${uploadPath}`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe(String(half));
    const rest = await fetch(`${base.b}${uploadPath}`, {
      method: 'PATCH',
      headers: { ...auth, 'upload-offset': String(half), 'content-type': 'application/offset+octet-stream' },
      body: new Uint8Array(body.subarray(half)),
    });
    expect(rest.status, await rest.clone().text()).toBe(204);
    const fileId = rest.headers.get('licheng-file-id');
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    const info = await a.app.inject({ url: `/api/v1/files/${fileId}`, headers: { cookie: student.cookie } });
    expect(info.json()).toMatchObject({
      via: 'tus',
      size: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    const content = await a.app.inject({
      url: `/api/v1/files/${fileId}/content`,
      headers: { cookie: student.cookie },
    });
    expect(content.rawPayload.equals(body)).toBe(true);
    // The finished upload's state is gone (only the content-addressed blob remains); asked again, the
    // other instance too answers that it is complete, and with which file.
    const again = await fetch(`${base.b}${uploadPath}`, { method: 'HEAD', headers: auth });
    expect(again.status).toBe(200);
    expect(again.headers.get('upload-offset')).toBe(String(body.length));
    expect(again.headers.get('licheng-file-id')).toBe(fileId);
  });

  it('the PostgreSQL locker: a second instance asks the holder to let go, then gets the lock', async () => {
    const one = pgLocker(a.db, { renewMs: 100, retryMs: 50, leaseMs: 5_000 });
    const two = pgLocker(b.db, { renewMs: 100, retryMs: 50, leaseMs: 5_000, acquireTimeoutMs: 5_000 });
    const held = one.newLock('upload-1');
    let released = false;
    await held.lock(new AbortController().signal, async () => {
      released = true;
      await held.unlock();
    });
    const started = Date.now();
    const wanted = two.newLock('upload-1');
    await wanted.lock(new AbortController().signal, () => undefined);
    expect(released).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    await wanted.unlock();
    // A lock nobody asks for is kept; a waiter gives up at its timeout.
    const kept = one.newLock('upload-2');
    await kept.lock(new AbortController().signal, () => undefined);
    const impatient = pgLocker(b.db, { retryMs: 50, acquireTimeoutMs: 300 }).newLock('upload-2');
    await expect(impatient.lock(new AbortController().signal, () => undefined)).rejects.toMatchObject({
      status_code: 500,
    });
    await kept.unlock();
  });
});
