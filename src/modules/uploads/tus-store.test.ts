import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tusUploads } from '../../db/schema/index.js';
import { createTestApp } from '../../server/test-app.js';
import { pdfOfSize } from './test-corpus.js';
import { LichengTusStore } from './tus-store.js';

const t = await createTestApp({ TUS_EXPIRY_HOURS: '24' });
const tusDir = path.join(t.storageDir, 'tus');
let student: { cookie: string; csrf: string };
let base = '';

beforeAll(async () => {
  const school = await t.makeSchool();
  student = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.app.close());

const b64 = (s: string) => Buffer.from(s).toString('base64');

async function create(size: number, filename = 'a.pdf') {
  const res = await fetch(`${base}/api/v1/uploads/tus`, {
    method: 'POST',
    headers: {
      cookie: student.cookie,
      'x-csrf-token': student.csrf,
      'tus-resumable': '1.0.0',
      'upload-length': String(size),
      'upload-metadata': `purpose ${b64('outcomeDocument')},filename ${b64(filename)}`,
    },
  });
  expect(res.status, await res.text()).toBe(201);
  const location = new URL(res.headers.get('location') as string).pathname;
  return {
    location,
    id: location.split('/').pop() as string,
    expires: res.headers.get('upload-expires'),
    timing: res.headers.get('server-timing'),
  };
}

/** A tus request over HTTP; `status`, `body` and headers by (lower-case) name. */
async function send(method: 'HEAD' | 'PATCH' | 'DELETE', url: string, offset = 0, payload?: Buffer) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: student.cookie,
      'x-csrf-token': student.csrf,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body: payload ? new Uint8Array(payload) : undefined,
  });
  return {
    statusCode: res.status,
    body: await res.text(),
    headers: Object.fromEntries(res.headers) as Record<string, string | undefined>,
  };
}

const infoRow = async (id: string) => (await t.db.select().from(tusUploads).where(eq(tusUploads.id, id)))[0];
const exists = (id: string) =>
  fs.stat(path.join(tusDir, id)).then(
    () => true,
    () => false,
  );

describe('tus upload state in PostgreSQL', () => {
  it('creation records the info and makes no file; the first PATCH makes it; finishing removes both', async () => {
    const body = await pdfOfSize(200_000);
    const { location, id, expires, timing } = await create(body.length);
    expect(timing).toMatch(/^admit;dur=[\d.]+, create;dur=[\d.]+$/);
    expect(new Date(expires as string).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    const row = await infoRow(id);
    expect(row?.info).toMatchObject({ id, size: body.length, metadata: { filename: 'a.pdf' } });
    expect(await exists(id)).toBe(false);
    const head = await send('HEAD', location);
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe('0');

    const first = await send('PATCH', location, 0, body.subarray(0, 50_000));
    expect(first.statusCode).toBe(204);
    expect((await fs.stat(path.join(tusDir, id))).size).toBe(50_000);
    expect((await send('HEAD', location)).headers['upload-offset']).toBe('50000');

    const rest = await send('PATCH', location, 50_000, body.subarray(50_000));
    expect(rest.statusCode, rest.body).toBe(204);
    const fileId = rest.headers['licheng-file-id'];
    const meta = await t.app.inject({ url: `/api/v1/files/${fileId}`, headers: { cookie: student.cookie } });
    expect(meta.json().sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(await infoRow(id)).toBeUndefined();
    expect(await exists(id)).toBe(false);
    // Asked again (a client that lost the answer), the upload is complete and names its file.
    const again = await send('HEAD', location);
    expect(again.statusCode).toBe(200);
    expect(again.headers).toMatchObject({ 'upload-offset': String(body.length), 'licheng-file-id': fileId });
  });

  it('a finished upload that is refused leaves neither its info nor its bytes', async () => {
    const fake = Buffer.concat([Buffer.from('MZ'), randomBytes(4000)]);
    const { location, id } = await create(fake.length);
    const res = await send('PATCH', location, 0, fake);
    expect(JSON.parse(res.body).code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(await infoRow(id)).toBeUndefined();
    expect(await exists(id)).toBe(false);
  });

  it('termination removes the bytes and the info', async () => {
    const { location, id } = await create(100_000);
    expect((await send('PATCH', location, 0, randomBytes(10_000))).statusCode).toBe(204);
    expect((await send('DELETE', location)).statusCode).toBe(204);
    expect(await infoRow(id)).toBeUndefined();
    expect(await exists(id)).toBe(false);
    expect((await send('HEAD', location)).statusCode).toBe(404);
  });

  it('expires uploads abandoned longer than TUS_EXPIRY_HOURS and keeps younger ones', async () => {
    const old = await create(100_000, 'old.pdf');
    expect((await send('PATCH', old.location, 0, randomBytes(10_000))).statusCode).toBe(204);
    const untouched = await create(100_000, 'untouched.pdf');
    const young = await create(100_000, 'young.pdf');
    expect((await send('PATCH', young.location, 0, randomBytes(10_000))).statusCode).toBe(204);
    await t.db
      .update(tusUploads)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(sql`${tusUploads.id} in (${old.id}, ${untouched.id})`);

    // Bytes of uploads whose info is gone: removed once as old as the expiry.
    const stray = path.join(tusDir, randomBytes(16).toString('hex'));
    const fresh = path.join(tusDir, randomBytes(16).toString('hex'));
    await fs.writeFile(stray, randomBytes(100));
    await fs.writeFile(fresh, randomBytes(100));
    const unadoptable = path.join(tusDir, 'cut-short.json');
    await fs.writeFile(unadoptable, '{"id":');
    const longAgo = new Date(Date.now() - 25 * 3_600_000);
    await fs.utimes(stray, longAgo, longAgo);
    await fs.utimes(unadoptable, longAgo, longAgo);
    // The fresh file's time from the same clock as the expiry (the kernel's can differ under faketime).
    await fs.utimes(fresh, new Date(), new Date());

    expect(await t.app.background.cleanUpExpiredUploads()).toBe(4);
    expect(await exists('cut-short.json')).toBe(false);
    expect(await exists(path.basename(stray))).toBe(false);
    expect(await exists(path.basename(fresh))).toBe(true);
    for (const gone of [old, untouched]) {
      expect(await infoRow(gone.id)).toBeUndefined();
      expect(await exists(gone.id)).toBe(false);
      expect((await send('HEAD', gone.location)).statusCode).toBe(404);
    }
    expect(await exists(young.id)).toBe(true);
    expect((await send('HEAD', young.location)).headers['upload-offset']).toBe('10000');
  });

  it('adopts the info files an earlier version kept beside the uploads, and the upload continues', async () => {
    const body = await pdfOfSize(120_000);
    const { id } = await create(10);
    const me = (await infoRow(id))?.info as { metadata: { owner: string } };
    const legacyId = randomBytes(16).toString('hex');
    const info = {
      id: legacyId,
      size: body.length,
      offset: 0,
      metadata: { purpose: 'outcomeDocument', filename: 'old.pdf', owner: me.metadata.owner },
      creation_date: new Date().toISOString(),
    };
    await fs.writeFile(path.join(tusDir, `${legacyId}.json`), JSON.stringify(info));
    await fs.writeFile(path.join(tusDir, legacyId), body.subarray(0, 70_000));

    // One cut short by a crash: left alone, and it does not stop the others.
    await fs.writeFile(path.join(tusDir, 'cut.json'), '{"id":"cut","si');

    const store = new LichengTusStore(tusDir, t.db, 24 * 3_600_000);
    expect(await store.adoptFileInfos()).toBe(1);
    expect(await exists('cut.json')).toBe(true);
    expect(await exists(`${legacyId}.json`)).toBe(false);
    expect((await infoRow(legacyId))?.info).toMatchObject({ size: body.length });

    const location = `/api/v1/uploads/tus/${legacyId}`;
    expect((await send('HEAD', location)).headers['upload-offset']).toBe('70000');
    const rest = await send('PATCH', location, 70_000, body.subarray(70_000));
    expect(rest.statusCode, rest.body).toBe(204);
    const meta = await t.app.inject({
      url: `/api/v1/files/${rest.headers['licheng-file-id']}`,
      headers: { cookie: student.cookie },
    });
    expect(meta.json()).toMatchObject({
      originalName: 'old.pdf',
      sha256: createHash('sha256').update(body).digest('hex'),
    });
  });
});
