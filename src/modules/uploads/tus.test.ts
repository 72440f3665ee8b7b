import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { Upload } from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { pdfOfSize } from './test-corpus.js';

const t = await createTestApp();
let port = 0;
let student: { cookie: string; csrf: string };
let intruder: { cookie: string; csrf: string };

beforeAll(async () => {
  const school = await t.makeSchool();
  student = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  intruder = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.app.close());

/**
 * A TCP proxy in front of the server that cuts the first `cuts` client connections: after `after`
 * bytes have gone upstream (a phone losing its connection mid-upload), or, with `answer`, instead of
 * passing on the first answer that matches it (the connection lost just before the answer arrived).
 */
async function flakyProxy(
  target: number,
  cuts: number,
  when: { after: number } | { answer: (text: string) => boolean },
) {
  let cut = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    let sent = 0;
    const cutNow = () => {
      cut++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d) => {
      sent += d.length;
      upstream.write(d);
      if (cut < cuts && 'after' in when && sent > when.after) cutNow();
    });
    upstream.on('data', (d) => {
      if (cut < cuts && 'answer' in when && when.answer(d.toString('latin1'))) cutNow();
      else client.write(d);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, cuts: () => cut, close: () => server.close() };
}

function tusUpload(opts: {
  endpoint: string;
  body: Buffer;
  who: { cookie: string; csrf: string };
  purpose: string;
  filename: string;
  uploadUrl?: string;
  chunkSize?: number;
  retryDelays?: number[];
  /** creation-with-upload: the first chunk goes with the creation request. */
  withCreation?: boolean;
}) {
  return new Promise<{ url: string; fileId: string | null; timing: string | null }>((resolve, reject) => {
    const upload = new Upload(opts.body, {
      endpoint: opts.endpoint,
      uploadUrl: opts.uploadUrl,
      chunkSize: opts.chunkSize ?? 1024 * 1024,
      retryDelays: opts.retryDelays ?? [0, 100, 200, 400, 800],
      headers: { cookie: opts.who.cookie, 'x-csrf-token': opts.who.csrf },
      metadata: { purpose: opts.purpose, filename: opts.filename },
      uploadSize: opts.body.length,
      uploadDataDuringCreation: opts.withCreation ?? false,
      onError: reject,
      onSuccess: (payload) =>
        resolve({
          url: upload.url as string,
          fileId: payload.lastResponse.getHeader('Licheng-File-Id') ?? null,
          timing: payload.lastResponse.getHeader('Server-Timing') ?? null,
        }),
    });
    upload.start();
  });
}

describe('tus resumable uploads', () => {
  it('resume after the connection drops twice; the stored SHA-256 equals the source’s', async () => {
    const body = await pdfOfSize(3 * 1_048_576 + 12_345);
    const proxy = await flakyProxy(port, 2, { after: 1_200_000 });
    try {
      const { fileId, timing } = await tusUpload({
        endpoint: `http://127.0.0.1:${proxy.port}/api/v1/uploads/tus`,
        body,
        who: student,
        purpose: 'outcomeDocument',
        filename: '專題報告.pdf',
      });
      expect(proxy.cuts()).toBe(2);
      expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
      // The last PATCH says how long each stage took (the receive stage: that PATCH's body only).
      expect(timing).toMatch(
        /^admit;dur=[\d.]+, queue;dur=[\d.]+, receive;dur=[\d.]+, examine;dur=[\d.]+, inspect;dur=[\d.]+, store;dur=[\d.]+, record;dur=[\d.]+$/,
      );
      const meta = await t.app.inject({
        url: `/api/v1/files/${fileId}`,
        headers: { cookie: student.cookie },
      });
      expect(meta.json()).toMatchObject({
        via: 'tus',
        size: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
      });
      const content = await t.app.inject({
        url: `/api/v1/files/${fileId}/content`,
        headers: { cookie: student.cookie },
      });
      expect(content.rawPayload.equals(body)).toBe(true);
    } finally {
      proxy.close();
    }
  });

  it('a stalled PATCH gives way when the client comes back: the bytes that arrived count, the rest follows', async () => {
    const body = await pdfOfSize(300_000);
    const who = { cookie: student.cookie, 'x-csrf-token': student.csrf, 'tus-resumable': '1.0.0' };
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads/tus',
      headers: {
        ...who,
        'upload-length': String(body.length),
        'upload-metadata': `purpose ${Buffer.from('outcomeDocument').toString('base64')},filename ${Buffer.from('stall.pdf').toString('base64')}`,
      },
    });
    const location = new URL(create.headers.location as string).pathname;
    // A phone that sent a third of the body and then went quiet without closing its connection.
    const sent = 100_000;
    const stalled = net.connect(port, '127.0.0.1');
    await new Promise((r) => stalled.once('connect', r));
    stalled.on('error', () => undefined);
    const head = [`PATCH ${location} HTTP/1.1`, 'Host: x', `Cookie: ${student.cookie}`];
    head.push(`X-CSRF-Token: ${student.csrf}`, 'Tus-Resumable: 1.0.0', `Upload-Offset: 0`);
    head.push('Content-Type: application/offset+octet-stream', `Content-Length: ${body.length}`);
    stalled.write(`${head.join('\r\n')}\r\n\r\n`);
    stalled.write(body.subarray(0, sent));
    await new Promise((r) => setTimeout(r, 300));
    try {
      // The client's retry asks where to resume: the lock is handed over and the old request ends.
      const url = `http://127.0.0.1:${port}${location}`;
      const resumed = await fetch(url, { method: 'HEAD', headers: who });
      expect(resumed.status).toBe(200);
      expect(resumed.headers.get('upload-offset')).toBe(String(sent));
      const rest = await fetch(url, {
        method: 'PATCH',
        headers: { ...who, 'upload-offset': String(sent), 'content-type': 'application/offset+octet-stream' },
        body: new Uint8Array(body.subarray(sent)),
      });
      expect(rest.status).toBe(204);
      const meta = await t.app.inject({
        url: `/api/v1/files/${rest.headers.get('licheng-file-id')}`,
        headers: { cookie: student.cookie },
      });
      expect(meta.json().sha256).toBe(createHash('sha256').update(body).digest('hex'));
    } finally {
      stalled.destroy();
    }
  }, 15_000);

  it('refuses at creation, before any byte: too large, wrong purpose, no session, no CSRF token', async () => {
    const post = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/uploads/tus',
        headers: {
          'tus-resumable': '1.0.0',
          'upload-length': String(11 * 1_048_576),
          'upload-metadata': `purpose ${Buffer.from('outcomeMedia').toString('base64')},filename ${Buffer.from('a.mp4').toString('base64')}`,
          ...headers,
        },
      });
    const big = await post({ cookie: student.cookie, 'x-csrf-token': student.csrf });
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body).code).toBe('FILE_TOO_LARGE');
    expect((await post({ 'x-csrf-token': student.csrf })).statusCode).toBe(401);
    expect((await post({ cookie: student.cookie })).statusCode).toBe(403);
    const wrong = await post({
      cookie: student.cookie,
      'x-csrf-token': student.csrf,
      'upload-length': '1000',
      'upload-metadata': `purpose ${Buffer.from('counsellingAttachment').toString('base64')},filename ${Buffer.from('a.pdf').toString('base64')}`,
    });
    expect(wrong.statusCode).toBe(403);
  });

  it('does not let another user continue, inspect or delete someone’s upload', async () => {
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads/tus',
      headers: {
        cookie: student.cookie,
        'x-csrf-token': student.csrf,
        'tus-resumable': '1.0.0',
        'upload-length': '5000',
        'upload-metadata': `purpose ${Buffer.from('outcomeDocument').toString('base64')},filename ${Buffer.from('a.pdf').toString('base64')}`,
      },
    });
    expect(create.statusCode).toBe(201);
    const location = new URL(create.headers.location as string).pathname;
    for (const method of ['HEAD', 'PATCH', 'DELETE'] as const) {
      const res = await t.app.inject({
        method,
        url: location,
        headers: {
          cookie: intruder.cookie,
          'x-csrf-token': intruder.csrf,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        payload: method === 'PATCH' ? randomBytes(100) : undefined,
      });
      expect(res.statusCode, method).toBe(404);
    }
    const own = await t.app.inject({
      method: 'HEAD',
      url: location,
      headers: { cookie: student.cookie, 'tus-resumable': '1.0.0' },
    });
    expect(own.statusCode).toBe(200);
    expect(own.headers['upload-offset']).toBe('0');
  });

  it('a creation that carries the whole file (creation-with-upload) is accepted by it', async () => {
    const body = await pdfOfSize(300_000);
    const { url, fileId, timing } = await tusUpload({
      endpoint: `http://127.0.0.1:${port}/api/v1/uploads/tus`,
      body,
      who: student,
      purpose: 'outcomeDocument',
      filename: 'one-go.pdf',
      chunkSize: 1_048_576,
      withCreation: true,
    });
    expect(fileId).toMatch(/^[0-9a-f-]{36}$/);
    expect(timing).toMatch(/^admit;dur=[\d.]+, queue;dur=[\d.]+, receive;dur=[\d.]+, examine/);
    const meta = await t.app.inject({ url: `/api/v1/files/${fileId}`, headers: { cookie: student.cookie } });
    expect(meta.json()).toMatchObject({
      via: 'tus',
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    // Finished: asked again, the upload is complete and names its file; another student learns nothing.
    const head = (who: { cookie: string }) =>
      t.app.inject({
        method: 'HEAD',
        url: new URL(url).pathname,
        headers: { cookie: who.cookie, 'tus-resumable': '1.0.0' },
      });
    const own = await head(student);
    expect(own.statusCode).toBe(200);
    expect(own.headers).toMatchObject({
      'upload-offset': String(body.length),
      'upload-length': String(body.length),
      'licheng-file-id': fileId,
    });
    expect((await head(intruder)).statusCode).toBe(404);
    // A path that is not even valid percent-encoding is a bad request, not a server error.
    const malformed = await t.app.inject({
      method: 'HEAD',
      url: '/api/v1/uploads/tus/%E0',
      headers: { cookie: student.cookie, 'tus-resumable': '1.0.0' },
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('a client that lost the last answer asks again and learns the upload is finished: no second copy', async () => {
    const body = await pdfOfSize(500_000);
    const proxy = await flakyProxy(port, 1, { answer: (text) => /licheng-file-id/i.test(text) });
    try {
      const { fileId } = await tusUpload({
        endpoint: `http://127.0.0.1:${proxy.port}/api/v1/uploads/tus`,
        body,
        who: student,
        purpose: 'outcomeDocument',
        filename: 'lost-answer.pdf',
      });
      expect(proxy.cuts()).toBe(1);
      const list = await t.app.inject({ url: '/api/v1/files', headers: { cookie: student.cookie } });
      const copies = list
        .json()
        .filter((f: { originalName: string }) => f.originalName === 'lost-answer.pdf');
      expect(copies.map((f: { id: string }) => f.id)).toEqual([fileId]);
    } finally {
      proxy.close();
    }
  });

  it('refuses a finished upload whose content breaks the rule, and keeps nothing', async () => {
    const fake = Buffer.concat([Buffer.from('MZ'), randomBytes(4000)]);
    await expect(
      tusUpload({
        endpoint: `http://127.0.0.1:${port}/api/v1/uploads/tus`,
        body: fake,
        who: student,
        purpose: 'outcomeDocument',
        filename: 'x.pdf',
        retryDelays: [],
      }),
    ).rejects.toThrow(/FILE_TYPE_NOT_ALLOWED/);
    const list = await t.app.inject({ url: '/api/v1/files', headers: { cookie: student.cookie } });
    expect(list.json().every((f: { originalName: string }) => f.originalName !== 'x.pdf')).toBe(true);
  });

  it('answers an anonymous upload or import before its body is sent', async () => {
    for (const path of [
      '/api/v1/uploads?purpose=outcomeDocument&filename=a.pdf',
      '/api/v1/imports/students?filename=a.xlsx',
    ]) {
      const status = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          // Headers only: a server that read the 10 MB body first would never answer.
          socket.write(
            `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 10485760\r\n\r\n`,
          );
        });
        socket.once('data', (d) => {
          resolve(d.toString('latin1').split('\r\n')[0] as string);
          socket.destroy();
        });
        socket.on('error', reject);
        setTimeout(() => reject(new Error('no answer before the body')), 3000);
      });
      expect(status, path).toBe('HTTP/1.1 401 Unauthorized');
    }
  });
});
