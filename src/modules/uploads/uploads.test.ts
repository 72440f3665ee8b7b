import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobs, files } from '../../db/schema/index.js';
import { taipeiDateOf } from '../../domain/calendar.js';
import { MB } from '../../domain/upload-purposes.js';
import { createTestApp } from '../../server/test-app.js';
import { DEMO_PASSWORD, demoOn } from '../demo/demo.data.js';
import { runOneJob } from '../jobs/jobs.js';
import * as corpus from './test-corpus.js';

const t = await createTestApp({ UPLOAD_QUOTA_FILES: '40' });
afterAll(() => t.app.close());

type Session = { cookie: string; csrf: string };
const as: Record<string, Session> = {};
beforeAll(async () => {
  Object.assign(
    as,
    await t.demoSessions([
      'demo-student',
      'demo-parent',
      'demo-homeroom',
      'demo-teacher4',
      'demo-teacher',
      'demo-academic',
      'demo-accounts',
    ]),
  );
  // The demo is generated for today: a classmate of the demo student, by the 學號 of that day.
  as.other = await t.login(`999301-${demoOn(taipeiDateOf(new Date())).studentNo('g11', 2)}`, DEMO_PASSWORD);
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const count = async (table: PgTable) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]?.n;

function upload(
  who: string,
  purpose: string,
  filename: string,
  body: Buffer,
  headers: Record<string, string> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/uploads?purpose=${purpose}&filename=${encodeURIComponent(filename)}`,
    headers: {
      cookie: as[who]?.cookie,
      'x-csrf-token': as[who]?.csrf as string,
      'content-type': 'application/octet-stream',
      ...headers,
    },
    payload: body,
  });
}
const get = (who: string, url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { cookie: as[who]?.cookie, ...headers } });

async function blobFilesOnDisk() {
  const root = path.join(t.storageDir, 'blobs');
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(d, e.name));
      else out.push(e.name);
    }
  };
  await walk(root);
  return out.filter((n) => /^[0-9a-f]{64}$/.test(n));
}

describe('plain streaming upload', () => {
  it('accepts a PDF: the stored SHA-256 is the source’s and the download returns the same bytes', async () => {
    const body = await corpus.pdf();
    const res = await upload('demo-student', 'outcomeDocument', '我的報告.pdf', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      sha256: sha(body),
      size: body.length,
      mime: 'application/pdf',
      originalName: '我的報告.pdf',
      via: 'plain',
    });
    // How long each stage took, for operators and the upload benchmark.
    const stages = String(res.headers['server-timing'])
      .split(', ')
      .map((part) => /^(\w+);dur=\d+\.\d$/.exec(part)?.[1]);
    expect(stages).toEqual(['admit', 'queue', 'receive', 'examine', 'inspect', 'store', 'record']);
    const dl = await get('demo-student', `/api/v1/files/${res.json().id}/content`);
    expect(dl.statusCode).toBe(200);
    expect(sha(dl.rawPayload)).toBe(sha(body));
    expect(dl.headers['content-disposition']).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('我的報告.pdf')}`,
    );
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.headers['content-security-policy']).toContain('sandbox');
  });

  it('stores identical content once', async () => {
    const body = await corpus.png(33, 33);
    const a = await upload('demo-student', 'reflectionImage', 'a.png', body);
    const b = await upload('demo-student', 'reflectionImage', 'b.png', body);
    expect(a.json().sha256).toBe(b.json().sha256);
    expect((await blobFilesOnDisk()).filter((n) => n === a.json().sha256)).toHaveLength(1);
  });

  it('serves media with HTTP Range and records its duration', async () => {
    const body = corpus.mp4();
    const res = await upload('demo-student', 'outcomeMedia', 'clip.mp4', body);
    expect(res.json().durationSeconds).toBe('2.00');
    const part = await get('demo-student', `/api/v1/files/${res.json().id}/content`, {
      range: 'bytes=100-199',
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${body.length}`);
    expect(part.rawPayload.equals(body.subarray(100, 200))).toBe(true);
    const bad = await get('demo-student', `/api/v1/files/${res.json().id}/content`, {
      range: `bytes=${body.length}-`,
    });
    expect(bad.statusCode).toBe(416);
    const mp3 = await upload('demo-student', 'performanceMedia', 'talk.mp3', corpus.mp3());
    expect(Number(mp3.json().durationSeconds)).toBeGreaterThan(1.5);
  });

  it('strips EXIF/GPS in the served image derivative (a job) and keeps the original for provenance', async () => {
    const body = await corpus.jpegWithGps();
    expect((await sharp(body).metadata()).exif).toBeDefined();
    const res = await upload('demo-student', 'performanceProof', 'photo.jpg', body);
    const id = res.json().id;
    expect((await get('demo-student', `/api/v1/files/${id}/preview`)).statusCode).toBe(404); // not made yet
    while (await runOneJob(t.db, t.app.background.jobHandlers)) {
      // run the queue
    }
    const preview = await get('demo-student', `/api/v1/files/${id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(preview.rawPayload).metadata()).exif).toBeUndefined();
    expect((await get('demo-student', `/api/v1/files/${id}/thumbnail`)).statusCode).toBe(200);
    const original = await get('demo-student', `/api/v1/files/${id}/content`);
    expect(sha(original.rawPayload)).toBe(sha(body));
  });

  it('previews a PDF as a PNG of its first page (a job; no scripts run)', async () => {
    const res = await upload(
      'demo-student',
      'outcomeDocument',
      'preview.pdf',
      await corpus.pdf({ javascript: true }),
    );
    const id = res.json().id;
    while (await runOneJob(t.db, t.app.background.jobHandlers)) {
      // run the queue
    }
    const preview = await get('demo-student', `/api/v1/files/${id}/preview`);
    const failed = await t.db.execute(sql`select last_error from jobs where last_error is not null`);
    expect(failed.rows).toEqual([]);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/png');
    const meta = await sharp(preview.rawPayload).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeGreaterThan(100);
    expect((await get('demo-student', `/api/v1/files/${id}`)).json().hasPreview).toBe(true);
  });

  it('flags (does not refuse) a PDF with JavaScript', async () => {
    const res = await upload(
      'demo-student',
      'outcomeDocument',
      'js.pdf',
      await corpus.pdf({ javascript: true }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().flags).toEqual({ pdfJavaScript: true });
  });

  it('flags JavaScript hidden in a compressed object stream, and launch actions', async () => {
    const hidden = await corpus.pdf({ javascript: true, objectStreams: true });
    // Not visible in the raw bytes: the action dictionary is compressed.
    expect(hidden.includes('/JavaScript')).toBe(false);
    const a = await upload('demo-student', 'outcomeDocument', 'hidden.pdf', hidden);
    expect(a.statusCode).toBe(201);
    expect(a.json().flags).toEqual({ pdfJavaScript: true });
    const b = await upload(
      'demo-student',
      'outcomeDocument',
      'launch.pdf',
      await corpus.pdf({ launch: true }),
    );
    expect(b.statusCode).toBe(201);
    expect(b.json().flags).toEqual({ pdfLaunchAction: true });
    const plain = await upload('demo-student', 'outcomeDocument', 'plain.pdf', await corpus.pdf());
    expect(plain.json().flags).toEqual({});
  });
});

describe('bad-input corpus: each its specific error, no row and no blob left behind', () => {
  const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
  const cases: [string, string, string, () => Promise<Buffer> | Buffer, string, number][] = [
    [
      'an .exe renamed .pdf',
      'outcomeDocument',
      'report.pdf',
      () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(600, 0x90)]),
      'FILE_TYPE_NOT_ALLOWED',
      415,
    ],
    ['HTML renamed .pdf', 'outcomeDocument', 'report.pdf', () => html, 'FILE_TYPE_NOT_ALLOWED', 415],
    [
      'an SVG',
      'reflectionImage',
      'logo.svg',
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      'FILE_TYPE_NOT_ALLOWED',
      415,
    ],
    [
      'a PNG/HTML polyglot',
      'reflectionImage',
      'x.png',
      async () => Buffer.concat([(await corpus.png()).subarray(0, 40), html]),
      'FILE_CORRUPT',
      422,
    ],
    [
      'a truncated PDF',
      'outcomeDocument',
      't.pdf',
      async () => (await corpus.pdf()).subarray(0, 700),
      'FILE_CORRUPT',
      422,
    ],
    [
      'a truncated PNG',
      'reflectionImage',
      't.png',
      async () => (await corpus.png(300, 300)).subarray(0, 120),
      'FILE_CORRUPT',
      422,
    ],
    ['a truncated MP4', 'outcomeMedia', 't.mp4', () => corpus.mp4().subarray(0, 900), 'FILE_CORRUPT', 422],
    ['an encrypted PDF', 'packetPdf', 'locked.pdf', () => corpus.encryptedPdf(), 'FILE_ENCRYPTED', 422],
    [
      'a PDF where only images are allowed',
      'reflectionImage',
      'x.pdf',
      () => corpus.pdf(),
      'FILE_TYPE_NOT_ALLOWED',
      415,
    ],
    ['zero bytes', 'outcomeDocument', 'empty.pdf', () => Buffer.alloc(0), 'FILE_EMPTY', 400],
    [
      '1 byte over 4 MB',
      'outcomeDocument',
      'big.pdf',
      () => corpus.pdfOfSize(4 * MB + 1),
      'FILE_TOO_LARGE',
      413,
    ],
    [
      '1 byte over 5 MB (self-made packet PDF)',
      'packetPdf',
      'big.pdf',
      () => corpus.pdfOfSize(5 * MB + 1),
      'FILE_TOO_LARGE',
      413,
    ],
    [
      'a purpose that is not the uploader’s (counselling)',
      'counsellingAttachment',
      'a.pdf',
      () => corpus.pdf(),
      'FORBIDDEN',
      403,
    ],
    [
      'a name with ../',
      'outcomeDocument',
      '../../etc/passwd.pdf',
      () => corpus.pdf(),
      'FILE_NAME_INVALID',
      400,
    ],
    // NUL in any string is refused before the route (server/text-guard.ts), naming querystring.filename.
    ['a name with NUL', 'outcomeDocument', 'a\u0000.pdf', () => corpus.pdf(), 'VALIDATION_FAILED', 400],
    [
      'a name with an RTL override',
      'outcomeDocument',
      'report\u202Efdp.exe',
      () => corpus.pdf(),
      'FILE_NAME_INVALID',
      400,
    ],
    [
      'a 300-character name',
      'outcomeDocument',
      `${'名'.repeat(296)}.pdf`,
      () => corpus.pdf(),
      'FILE_NAME_TOO_LONG',
      400,
    ],
    ['an unknown purpose', 'selfie', 'a.png', () => corpus.png(), 'UPLOAD_PURPOSE_UNKNOWN', 400],
  ];
  for (const [name, purpose, filename, make, code, status] of cases) {
    it(name, async () => {
      const [rowsBefore, blobsBefore, diskBefore] = [
        await count(files),
        await count(blobs),
        (await blobFilesOnDisk()).length,
      ];
      const res = await upload('demo-student', purpose, filename, await make());
      expect(res.json().code, res.body).toBe(code);
      expect(res.statusCode).toBe(status);
      expect(res.json().message).toBeTruthy();
      expect([await count(files), await count(blobs), (await blobFilesOnDisk()).length]).toEqual([
        rowsBefore,
        blobsBefore,
        diskBefore,
      ]);
      expect(await fs.readdir(path.join(t.storageDir, 'incoming')).catch(() => [])).toEqual([]);
    });
  }

  it('accepts a file of exactly the limit', async () => {
    const res = await upload('demo-student', 'outcomeDocument', 'exact.pdf', await corpus.pdfOfSize(4 * MB));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().size).toBe(4 * MB);
  });

  it('refuses by the declared size before reading the body', async () => {
    const res = await upload('demo-student', 'outcomeDocument', 'x.pdf', Buffer.alloc(10), {
      'content-length': String(5 * MB),
    });
    expect(res.json().code).toBe('FILE_TOO_LARGE');
  });
});

describe('authorisation of downloads', () => {
  let fileId = '';
  beforeAll(async () => {
    fileId = (await upload('demo-student', 'outcomeDocument', 'mine.pdf', await corpus.pdf())).json().id;
  });
  it('lets the owner, the parent, the homeroom teacher of the class and the offices read', async () => {
    for (const who of ['demo-student', 'demo-parent', 'demo-homeroom', 'demo-academic']) {
      expect((await get(who, `/api/v1/files/${fileId}/content`)).statusCode, who).toBe(200);
    }
  });
  it('hides the file from another student, another class’s homeroom teacher, an unrelated teacher and the account admin', async () => {
    for (const who of ['other', 'demo-teacher4', 'demo-teacher', 'demo-accounts']) {
      const res = await get(who, `/api/v1/files/${fileId}/content`);
      expect(res.statusCode, who).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await t.app.inject({ url: `/api/v1/files/${fileId}/content` })).statusCode).toBe(401);
  });
});

describe('quotas', () => {
  it('refuses an upload beyond the per-user file count before accepting it', async () => {
    const used = (await get('demo-student', '/api/v1/files')).json().length;
    const png = await corpus.png(5, 5);
    for (let i = used; i < 40; i++)
      expect((await upload('demo-student', 'reflectionImage', `q${i}.png`, png)).statusCode).toBe(201);
    const res = await upload('demo-student', 'reflectionImage', 'one-more.png', png);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('UPLOAD_QUOTA_EXCEEDED');
  });

  it('holds under concurrent uploads of one user: exactly the quota is accepted, usage adds up', async () => {
    const used = (await get('other', '/api/v1/files')).json().length;
    const png = await corpus.png(6, 6);
    // All of them pass the early check together; the recording statement is the authority.
    const results = await Promise.all(
      Array.from({ length: 45 - used }, (_, i) => upload('other', 'reflectionImage', `c${i}.png`, png)),
    );
    const accepted = results.filter((r) => r.statusCode === 201).length;
    expect(accepted).toBe(40 - used);
    expect(
      results.filter((r) => r.statusCode === 413).every((r) => r.json().code === 'UPLOAD_QUOTA_EXCEEDED'),
    ).toBe(true);
    const owner = (await get('other', '/api/v1/me')).json().user.id as string;
    const usage = await t.db.execute(sql`
      select u.bytes, u.files, (select coalesce(sum(size), 0) from files where owner_user_id = u.user_id) as summed,
        (select count(*) from files where owner_user_id = u.user_id)::int as counted
      from upload_usage u where u.user_id = ${owner}`);
    const row = usage.rows[0] as { bytes: string; files: number; summed: string; counted: number };
    expect(row.files).toBe(40);
    expect(row.counted).toBe(40);
    expect(Number(row.bytes)).toBe(Number(row.summed));
  });
});
