/**
 * The upload gate over real HTTP (UPLOAD_CONCURRENCY=1): a second upload waits for the first one's turn
 * (a plain one, or a tus creation that carries the data), and an upload whose sender stalls gives its
 * turn up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { pdfOfSize } from './test-corpus.js';

const t = await createTestApp({ UPLOAD_CONCURRENCY: '1' });
let student: { cookie: string; csrf: string };
let port = 0;

beforeAll(async () => {
  const school = await t.makeSchool();
  student = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.app.close());

const CHUNK = 64 * 1024;

/** A tus creation that carries the whole file (creation-with-upload). */
const tusCreation = (size: number) => ({
  path: '/api/v1/uploads/tus',
  headers: {
    'tus-resumable': '1.0.0',
    'upload-length': size,
    'upload-metadata': `purpose ${Buffer.from('outcomeDocument').toString('base64')},filename ${Buffer.from('b.pdf').toString('base64')}`,
    'content-type': 'application/offset+octet-stream',
  },
});

/**
 * An upload of `body` sent in 64 KB chunks, `pauseMs` apart (plain, unless `as` gives another request);
 * with `stallAt`, the sender stops for `stallMs` once that many bytes are out. Resolves with the status,
 * the stages and when it finished.
 */
function upload(
  body: Buffer,
  opts: {
    pauseMs: number;
    stallAt?: number;
    stallMs?: number;
    as?: { path: string; headers: Record<string, string | number> };
  },
) {
  return new Promise<{ status: number; stages: Record<string, number>; finished: number }>(
    (resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: opts.as?.path ?? '/api/v1/uploads?purpose=outcomeDocument&filename=a.pdf',
          headers: {
            cookie: student.cookie,
            'x-csrf-token': student.csrf,
            'content-type': 'application/octet-stream',
            ...opts.as?.headers,
            'content-length': body.length,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const stages: Record<string, number> = {};
            for (const part of String(res.headers['server-timing'] ?? '').split(', ')) {
              const [name, dur] = part.split(';dur=');
              if (name && dur) stages[name] = Number(dur);
            }
            resolve({ status: res.statusCode ?? 0, stages, finished: performance.now() });
          });
        },
      );
      req.on('error', reject);
      (async () => {
        for (let at = 0; at < body.length; at += CHUNK) {
          if (opts.stallAt !== undefined && at === opts.stallAt) await sleep(opts.stallMs ?? 0);
          req.write(body.subarray(at, at + CHUNK));
          await sleep(opts.pauseMs);
        }
        req.end();
      })().catch(reject);
    },
  );
}

describe('upload gate over HTTP', () => {
  it('a second upload waits for the turn of the first, then both are accepted', async () => {
    // 2 MB in 32 chunks 15 ms apart: about 0.5 s at about 4 MB/s, well above the slow-sender floor.
    const first = upload(await pdfOfSize(2 * 1_048_576), { pauseMs: 15 });
    await sleep(100);
    const second = upload(await pdfOfSize(100_000), { pauseMs: 0 });
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.stages.queue).toBeLessThan(50);
    expect(b.stages.queue).toBeGreaterThan(200);
    expect(b.finished).toBeGreaterThan(a.finished);
  });

  it('a tus creation that carries the data waits for its turn too, then is accepted', async () => {
    const first = upload(await pdfOfSize(2 * 1_048_576), { pauseMs: 15 });
    await sleep(100);
    const file = await pdfOfSize(100_000);
    const second = upload(file, { pauseMs: 0, as: tusCreation(file.length) });
    const [a, b] = await Promise.all([first, second]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.stages.queue).toBeGreaterThan(200);
    expect(b.stages.receive).toBeDefined();
    expect(b.finished).toBeGreaterThan(a.finished);
  });

  it('an upload whose sender stalls gives its turn up; it is still accepted when the bytes come', async () => {
    const stalled = upload(await pdfOfSize(1_048_576), { pauseMs: 0, stallAt: 4 * CHUNK, stallMs: 4_000 });
    await sleep(100);
    const began = performance.now();
    const second = await upload(await pdfOfSize(100_000), { pauseMs: 0 });
    expect(second.status).toBe(201);
    // Given up after a window (1 s) without progress, checked every quarter of one; not after the stall.
    expect(second.stages.queue).toBeGreaterThan(500);
    expect(performance.now() - began).toBeLessThan(3_000);
    expect((await stalled).status).toBe(201);
  });
});
