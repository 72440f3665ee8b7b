/**
 * An upload whose every byte arrived but which the server never recorded: the process stopped between
 * the last byte and its answer. Simulated by writing the upload's bytes where the PATCH would have
 * written them, without the PATCH (so no onUploadFinish ran), exactly the state a crash leaves.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { pdfOfSize } from './test-corpus.js';

const t = await createTestApp();
let base = '';
let student: { cookie: string; csrf: string };
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  const school = await t.makeSchool();
  student = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.app.close());

/** Creates an upload and puts all of `body` in its file, as a PATCH cut off before its answer would. */
async function receivedButUnrecorded(body: Buffer, filename: string) {
  const created = await fetch(`${base}/api/v1/uploads/tus`, {
    method: 'POST',
    headers: {
      cookie: student.cookie,
      'x-csrf-token': student.csrf,
      'tus-resumable': '1.0.0',
      'upload-length': String(body.length),
      'upload-metadata': `purpose ${Buffer.from('outcomeDocument').toString('base64')},filename ${Buffer.from(filename).toString('base64')}`,
    },
  });
  expect(created.status).toBe(201);
  const url = new URL(created.headers.get('location') as string, base).toString();
  const id = url.split('/').pop() as string;
  await fs.writeFile(path.join(t.storageDir, 'tus', id), body);
  return { url, id };
}

const head = (url: string) =>
  fetch(url, { method: 'HEAD', headers: { cookie: student.cookie, 'tus-resumable': '1.0.0' } });

async function ownFiles(name: string) {
  const list = await t.app.inject({ url: '/api/v1/files', headers: { cookie: student.cookie } });
  return list.json().filter((f: { originalName: string }) => f.originalName === name) as {
    id: string;
    sha256: string;
  }[];
}

describe('an upload complete but never recorded (a crash between the last byte and the answer)', () => {
  it('HEAD records it there and then and names the file; a second HEAD names the same file', async () => {
    const body = await pdfOfSize(300_000);
    const { url } = await receivedButUnrecorded(body, 'crashed.pdf');
    const first = await head(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('upload-offset')).toBe(String(body.length));
    const fileId = first.headers.get('licheng-file-id');
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    const again = await head(url);
    expect(again.headers.get('licheng-file-id')).toBe(fileId);
    const files = await ownFiles('crashed.pdf');
    expect(files).toEqual([expect.objectContaining({ id: fileId, sha256: sha(body) })]);
  });

  it('two clients asking at once get one file', async () => {
    const body = await pdfOfSize(400_000);
    const { url } = await receivedButUnrecorded(body, 'twice.pdf');
    const answers = await Promise.all([head(url), head(url), head(url)]);
    const ids = new Set(answers.map((a) => a.headers.get('licheng-file-id')));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeTruthy();
    expect((await ownFiles('twice.pdf')).length).toBe(1);
  });

  it('tus-js-client resuming it succeeds with the file id (what the page shows as saved)', async () => {
    const body = await pdfOfSize(250_000);
    const { url } = await receivedButUnrecorded(body, 'resumed.pdf');
    const fileId = await new Promise<string | null>((resolve, reject) => {
      new Upload(body, {
        endpoint: `${base}/api/v1/uploads/tus`,
        uploadUrl: url,
        retryDelays: [],
        headers: { cookie: student.cookie, 'x-csrf-token': student.csrf },
        metadata: { purpose: 'outcomeDocument', filename: 'resumed.pdf' },
        onError: reject,
        onSuccess: (p) => resolve(p.lastResponse.getHeader('Licheng-File-Id') ?? null),
      }).start();
    });
    expect(fileId).toBe((await ownFiles('resumed.pdf'))[0]?.id);
  });

  it('a refused one answers with the refusal and keeps nothing', async () => {
    const body = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(5000, 7)]);
    const { url, id } = await receivedButUnrecorded(body, 'bad.pdf');
    const answer = await head(url);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers.get('licheng-file-id')).toBeNull();
    expect(await ownFiles('bad.pdf')).toEqual([]);
    await expect(fs.stat(path.join(t.storageDir, 'tus', id))).rejects.toThrow();
    expect((await head(url)).status).toBe(404);
  });

  it('at start, the server records such uploads without waiting for their clients', async () => {
    const body = await pdfOfSize(200_000);
    await receivedButUnrecorded(body, 'at-start.pdf');
    const counts = await t.app.background.recoverUploads();
    expect(counts.recorded).toBeGreaterThanOrEqual(1);
    expect(await ownFiles('at-start.pdf')).toEqual([expect.objectContaining({ sha256: sha(body) })]);
    // An upload still in progress is left alone.
    const partial = await receivedButUnrecorded((await pdfOfSize(100_000)).subarray(0, 50_000), 'p.pdf');
    await fs.truncate(path.join(t.storageDir, 'tus', partial.id), 10_000);
    expect((await t.app.background.recoverUploads()).recorded).toBe(0);
  });
});
