/**
 * Bad input to uploads: malformed files are a clear 422, never a 500; files built to cost memory
 * (a PDF bomb, PNGs of a few hundred KB that decode to gigabytes) are refused from what they declare
 * before they are decoded, cost a bounded amount of memory, and do not hold up anyone else's upload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { bigPng, MALFORMED_PDFS, pdfBomb, pdfWithLargeImage } from './bad-files.js';
import * as corpus from './test-corpus.js';

const t = await createTestApp({ UPLOAD_QUOTA_FILES: '200', UPLOAD_QUOTA_MB: '2000' });
afterAll(() => t.app.close());

let who: { cookie: string; csrf: string };
let other: { cookie: string; csrf: string };
beforeAll(async () => {
  const school = await t.makeSchool();
  who = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
  other = await t.login((await t.makeUser({ schoolId: school.id, roles: ['student'] })).username);
});

function upload(
  body: Buffer,
  filename: string,
  as = who,
  purpose = 'outcomeDocument',
  contentType: string | undefined = 'application/octet-stream',
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/uploads?purpose=${purpose}&filename=${encodeURIComponent(filename)}`,
    headers: {
      cookie: as.cookie,
      'x-csrf-token': as.csrf,
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
    },
    payload: body,
  });
}

/** A tus upload in two requests (creation, then one PATCH with the whole body); the PATCH's answer. */
async function tusUpload(body: Buffer, filename: string) {
  const headers = { cookie: who.cookie, 'x-csrf-token': who.csrf, 'tus-resumable': '1.0.0' };
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const create = await t.app.inject({
    method: 'POST',
    url: '/api/v1/uploads/tus',
    headers: {
      ...headers,
      'upload-length': String(body.length),
      'upload-metadata': `purpose ${b64('outcomeDocument')},filename ${b64(filename)}`,
    },
  });
  expect(create.statusCode, create.body).toBe(201);
  return t.app.inject({
    method: 'PATCH',
    url: new URL(create.headers.location as string, 'http://x').pathname,
    headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    payload: body,
  });
}

/** Peak resident memory of the process while `work` runs (sampled every 20 ms), above the start. */
async function peakRssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growthMb: (peak - start) / 1_048_576 };
  } finally {
    clearInterval(timer);
  }
}

describe('malformed PDFs', () => {
  for (const [name, body] of Object.entries(MALFORMED_PDFS)) {
    it(`${name}: 422 FILE_CORRUPT in zh-TW, not a server error`, async () => {
      const res = await upload(body, 'broken.pdf');
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'FILE_CORRUPT', message: expect.stringContaining('損毀') });
    });
  }

  it('the same answer through tus, as {code, message}', async () => {
    const res = await tusUpload(MALFORMED_PDFS['header and EOF only'] as Buffer, 'broken.pdf');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'FILE_CORRUPT', message: expect.stringContaining('損毀') });
  });
});

describe('encrypted PDFs', () => {
  it('a PDF that needs a password to open: 422 FILE_ENCRYPTED', async () => {
    for (const algorithm of ['AES-256', 'RC4-128'] as const) {
      const res = await upload(await corpus.encryptedPdf({ algorithm }), 'locked.pdf');
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'FILE_ENCRYPTED', message: expect.stringContaining('密碼') });
    }
  });

  it('an owner-password-only PDF (opens without a password) is accepted, its content checked decrypted', async () => {
    for (const algorithm of ['AES-256', 'AES-128', 'RC4-128'] as const) {
      const locked = await corpus.encryptedPdf({ userPassword: '', algorithm, javascript: true });
      const res = await upload(locked, `protected-${algorithm}.pdf`);
      expect(res.statusCode, res.body).toBe(201);
      // The open action is only visible once the objects are decrypted.
      expect(res.json().flags).toEqual({ pdfJavaScript: true });
    }
  });

  it('an owner-password-only bomb is still a bomb: FILE_TOO_COMPLEX', async () => {
    const bomb = await corpus.encryptedPdf({ userPassword: '', source: await pdfBomb(320) });
    const res = await upload(bomb, 'protected-bomb.pdf');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'FILE_TOO_COMPLEX' });
  });
});

describe('decompression bombs', () => {
  it('a PDF whose page content inflates (Flate twice) to 320 MiB: 422 FILE_TOO_COMPLEX, memory bounded', async () => {
    const bomb = await pdfBomb(320);
    expect(bomb.length).toBeLessThan(4096);
    const { result: res, growthMb } = await peakRssGrowth(() => upload(bomb, 'bomb.pdf'));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'FILE_TOO_COMPLEX', message: expect.stringContaining('32 MB') });
    // Counted while inflating, never held: the whole check costs far less than the 320 MiB.
    expect(growthMb).toBeLessThan(100);
  });

  it('the same bomb through tus', async () => {
    const res = await tusUpload(await pdfBomb(100), 'bomb.pdf');
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'FILE_TOO_COMPLEX' });
  });

  it('an ordinary large image inside a PDF (a 300 dpi A4 scan) is still accepted', async () => {
    const res = await upload(await pdfWithLargeImage(2480, 3508), 'scan.pdf');
    expect(res.statusCode, res.body).toBe(201);
  });

  it('four 16000×16000 RGBA PNGs at once: refused from their headers, memory bounded, a small upload not delayed', async () => {
    const png = await bigPng(16000, 16000, 4);
    expect(png.length).toBeLessThan(2 * 1_048_576);
    // The same small upload alone first, for comparison.
    const small = await corpus.pdf();
    let began = performance.now();
    expect((await upload(small, 'alone.pdf', other)).statusCode).toBe(201);
    const alone = performance.now() - began;

    const { result, growthMb } = await peakRssGrowth(async () => {
      const bombs = Array.from({ length: 4 }, (_, i) => upload(png, `big${i}.png`));
      // Another student's small upload, sent while the four are being checked.
      await new Promise((r) => setTimeout(r, 50));
      began = performance.now();
      const mine = await upload(small, 'small.pdf', other);
      const smallMs = performance.now() - began;
      return { answers: await Promise.all(bombs), mine, smallMs };
    });
    for (const res of result.answers) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'FILE_TOO_COMPLEX' });
    }
    expect(result.mine.statusCode).toBe(201);
    expect(growthMb).toBeLessThan(300);
    // Before: 115 s instead of 0.13 s. Allow for a busy test machine, not for decoding gigabytes.
    expect(result.smallMs).toBeLessThan(Math.max(2_000, alone * 10));
  }, 60_000);

  it('large images within the budget are still accepted, at a bounded memory cost', async () => {
    // 6000×6000 RGB: 103 MiB decoded, over the "large" threshold, within the budget.
    const png = await bigPng(6000, 6000, 3);
    const { result, growthMb } = await peakRssGrowth(() =>
      Promise.all(Array.from({ length: 4 }, (_, i) => upload(png, `photo${i}.png`))),
    );
    for (const res of result) expect(res.statusCode, res.body).toBe(201);
    // Four at once would be over 400 MiB of pixels if held whole; large decodes take turns.
    expect(growthMb).toBeLessThan(250);
  }, 60_000);
});

describe('smaller things', () => {
  it('the plain upload takes the raw body whatever Content-Type it declares (or none)', async () => {
    const pdf = await corpus.pdf();
    for (const type of [
      'application/pdf',
      'image/png',
      'text/plain; charset=utf-8',
      'multipart/form-data',
      undefined,
    ]) {
      const res = await upload(pdf, 'a.pdf', who, 'outcomeDocument', type);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(201);
      expect(res.json().mime).toBe('application/pdf');
    }
  });

  it('the saved name takes the extension of the detected type', async () => {
    const cases: [Buffer, string, string][] = [
      [await corpus.pdf(), 'homework.pdf.exe', 'homework.pdf'],
      [await corpus.pdf(), '報告', '報告.pdf'],
      [await corpus.png(), 'photo.jpg', 'photo.png'],
      [await corpus.png(), '第1.2版', '第1.2版.png'],
      [await corpus.pdf(), 'Report.PDF', 'Report.PDF'],
    ];
    for (const [body, sent, kept] of cases) {
      const res = await upload(body, sent);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().originalName).toBe(kept);
      const download = await t.app.inject({
        url: `/api/v1/files/${res.json().id}/content`,
        headers: { cookie: who.cookie },
      });
      expect(download.headers['content-disposition']).toContain(encodeURIComponent(kept));
    }
  });

  it('tus’s own refusals are {code, message} in zh-TW like every other error', async () => {
    const headers = { cookie: who.cookie, 'x-csrf-token': who.csrf, 'tus-resumable': '1.0.0' };
    // An upload id that does not exist.
    const unknown = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/uploads/tus/0123456789abcdef0123456789abcdef',
      headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      payload: Buffer.from('x'),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      code: expect.any(String),
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
    // A creation without Upload-Length: tus's protocol error, named.
    const noLength = await t.app.inject({ method: 'POST', url: '/api/v1/uploads/tus', headers });
    expect(noLength.statusCode).toBe(400);
    expect(noLength.json()).toMatchObject({
      code: 'UPLOAD_PROTOCOL_ERROR',
      message: expect.stringContaining('tus'),
    });
    // An offset that does not match what the server has.
    const b64 = (x: string) => Buffer.from(x).toString('base64');
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/uploads/tus',
      headers: {
        ...headers,
        'upload-length': '1000',
        'upload-metadata': `purpose ${b64('outcomeDocument')},filename ${b64('a.pdf')}`,
      },
    });
    const conflict = await t.app.inject({
      method: 'PATCH',
      url: new URL(create.headers.location as string, 'http://x').pathname,
      headers: { ...headers, 'upload-offset': '500', 'content-type': 'application/offset+octet-stream' },
      payload: Buffer.alloc(10),
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      code: 'UPLOAD_OFFSET_MISMATCH',
      message: expect.stringContaining('續傳'),
    });
  });
});
