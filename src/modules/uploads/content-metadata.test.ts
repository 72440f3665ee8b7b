/**
 * GPS coordinates in a phone photo leave the server only with its owner: teachers, parents and the
 * homeroom teacher downloading the file get it re-encoded without metadata (before and after the
 * derivatives job), the owner gets the original, byte for byte.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { courses, terms } from '../../db/schema/index.js';
import { taipeiDateOf } from '../../domain/calendar.js';
import { createTestApp } from '../../server/test-app.js';
import { demoOn } from '../demo/demo.data.js';
import { runOneJob } from '../jobs/jobs.js';
import { jpegWithGps } from './test-corpus.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
let as: Record<string, S> = {};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who]?.cookie } });
const send = (who: string, url: string, payload: unknown, type?: string) =>
  t.app.inject({
    method: url.includes('/windows/') ? 'PUT' : 'POST',
    url,
    headers: {
      cookie: as[who]?.cookie,
      'x-csrf-token': as[who]?.csrf as string,
      ...(type ? { 'content-type': type } : {}),
    },
    payload: payload as never,
  });

/** Whether the bytes carry GPS anywhere: EXIF as sharp reads it, or the GPS tag names in raw bytes. */
async function carriesGps(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  return (
    meta.exif !== undefined || bytes.includes(Buffer.from('GPS')) || bytes.includes(Buffer.from('PhoneMaker'))
  );
}

const demo = demoOn(taipeiDateOf(new Date()));
let fileId = '';
let original: Buffer;

beforeAll(async () => {
  as = await t.demoSessions(['demo-student', 'demo-teacher6', 'demo-homeroom', 'demo-academic']);
  as['demo-parent'] = await t.login('demo-parent', 'licheng-demo');
  const { academicYear, semester } = demo.term;
  const [term] = await t.db
    .select()
    .from(terms)
    .where(sql`academic_year = ${academicYear} and semester = ${semester}`);
  const now = Date.now();
  for (const kind of ['upload', 'certification'])
    await send('demo-academic', `/api/v1/terms/${term?.id}/windows/${kind}`, {
      opensAt: new Date(now - 3_600_000),
      closesAt: new Date(now + 3_600_000),
    });
  const [english] = await t.db
    .select()
    .from(courses)
    .where(
      sql`term_id = ${term?.id} and code like ${`${demo.classOf('g11').entryYear}%`} and name like '英語文%'`,
    );
  original = await jpegWithGps();
  expect(await carriesGps(original)).toBe(true);
  const up = await send(
    'demo-student',
    '/api/v1/uploads?purpose=outcomeDocument&filename=photo.jpg',
    original,
    'application/octet-stream',
  );
  expect(up.statusCode, up.body).toBe(201);
  fileId = up.json().id;
  // The course teacher (英語文: demo-teacher6) may read the file once an outcome carries it.
  const outcome = await send('demo-student', '/api/v1/outcomes', {
    courseId: english?.id,
    title: '英文海報',
    summary: '海報照片',
    documentFileId: fileId,
  });
  expect(outcome.statusCode, outcome.body).toBe(201);
});

describe('images served to anyone but their owner carry no metadata', () => {
  it('before the derivatives job ran: the teacher, the parent and the homeroom teacher get no GPS', async () => {
    for (const who of ['demo-teacher6', 'demo-parent', 'demo-homeroom']) {
      const res = await get(who, `/api/v1/files/${fileId}/content`);
      expect(res.statusCode, `${who}: ${res.body}`).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(await carriesGps(res.rawPayload), who).toBe(false);
      expect((await sharp(res.rawPayload).metadata()).width).toBe(80);
    }
    const own = await get('demo-student', `/api/v1/files/${fileId}/content`);
    expect(sha(own.rawPayload)).toBe(sha(original));
  });

  it('after it: the stored copy without metadata; the file keeps the original’s digest', async () => {
    while (await runOneJob(t.db, t.app.background.jobHandlers)) {
      // run the queue
    }
    const res = await get('demo-teacher6', `/api/v1/files/${fileId}/content`);
    expect(res.statusCode).toBe(200);
    expect(await carriesGps(res.rawPayload)).toBe(false);
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    // A range request cannot reach the original's bytes either.
    const part = await t.app.inject({
      url: `/api/v1/files/${fileId}/content`,
      headers: { cookie: as['demo-teacher6']?.cookie, range: 'bytes=0-1000' },
    });
    expect(await carriesGps(part.rawPayload)).toBe(false);
    const meta = await get('demo-teacher6', `/api/v1/files/${fileId}`);
    expect(meta.json().sha256).toBe(sha(original));
    const own = await get('demo-student', `/api/v1/files/${fileId}/content`);
    expect(sha(own.rawPayload)).toBe(sha(original));
  });
});
