/** Shared setup of the import API tests: a school, an academicAdmin and studentAffairs, and helpers. */
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { expect } from 'vitest';
import { withCheckDigit } from '../../domain/national-id.js';
import type { createTestApp } from '../../server/test-app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
export type Who = { cookie: string; csrf: string };

export const nid = (i: number) => withCheckDigit(`A1${String(2000000 + i).padStart(7, '0')}`);
export const STUDENT_HEADER = [
  '學號',
  '身分證號',
  '姓名',
  '出生日期',
  '性別',
  '入學學年度',
  '學年度',
  '班級',
  '座號',
];
export const student = (i: number, cls = '機械一甲') => [
  `11500${String(i).padStart(2, '0')}`,
  nid(i),
  `學生${i}`,
  '0990305',
  i % 2 ? '男' : '女',
  115,
  115,
  cls,
  i,
];
export const CODE_A = '115999301321301011B1011';
export const CODE_B = '115999301321301011B2012';

export async function importTestContext(t: TestApp) {
  const school = await t.makeSchool({ code: '999301' });
  const admin = await t.login((await t.makeUser({ schoolId: school.id, roles: ['academicAdmin'] })).username);
  const affairs = await t.login(
    (await t.makeUser({ schoolId: school.id, roles: ['studentAffairs'] })).username,
  );

  const count = async (table: PgTable) =>
    (await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(sql`school_id = ${school.id}`))[0]
      ?.n;

  const upload = (kind: string, body: Buffer, query = '', who: Who = admin) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kind}?filename=${kind}.xlsx${query}`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/octet-stream' },
      payload: body,
    });

  const commit = (batchId: string, who: Who = admin) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/batches/${batchId}/commit`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
    });

  /** Upload + commit, expecting success; returns the commit report. */
  async function importOk(kind: string, body: Buffer, query = '', who: Who = admin) {
    const preview = await upload(kind, body, query, who);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json().report.problems, preview.body).toEqual([]);
    const done = await commit(preview.json().batchId, who);
    expect(done.statusCode, done.body).toBe(200);
    return done.json();
  }

  return { school, admin, affairs, count, upload, commit, importOk };
}
