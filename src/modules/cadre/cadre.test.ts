/**
 * 學務處 enters, corrects and deletes one 校內幹部 record by form: the import's rules, the school's code
 * table for 幹部等級, the natural key, audit rows with before/after, and only 學務處 of the school.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, requestsAs, type TestSession } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';

const t = await createTestApp();
afterAll(() => t.app.close());
const sessions: Record<string, TestSession> = {};
const { get, send } = requestsAs(
  () => t.app,
  () => sessions,
);
let S: TestSchool;

const startOfYear = () => `${S.academicYear + 1911}-09-01`;
const body = (over: Record<string, unknown> = {}) => ({
  academicYear: S.academicYear,
  semester: 1,
  unit: '學生會',
  startsOn: startOfYear(),
  endsOn: null,
  position: '會長',
  level: 1,
  ...over,
});

beforeAll(async () => {
  S = await makeTestSchool(t, '930001', 3);
  for (const role of ['affairs', 'academic', 'homeroom', 'student']) {
    sessions[role] = await t.login(S.usernames[role] as string);
  }
}, 60_000);

describe('a single cadre record by form (學務處)', () => {
  let id: string;

  it('creates one, audited, and the student record shows it', async () => {
    const student = S.studentIds[0] as string;
    const res = await send('affairs', 'POST', `/api/v1/students/${student}/cadre`, body());
    expect(res.statusCode, res.body).toBe(200);
    id = res.json().id;
    expect(res.json()).toMatchObject({ unit: '學生會', position: '會長', level: 1, endsOn: null });
    const list = (await get('affairs', `/api/v1/students/${student}/cadre`)).json();
    expect(list.records.map((r: { id: string }) => r.id)).toEqual([id]);
    const record = (await get('student', '/api/v1/me/record')).json();
    expect(record.cadre).toEqual([expect.objectContaining({ unit: '學生會', level: 1 })]);
    const audit = (
      await t.db.execute(
        sql`select action, target_id, details from audit_log where action = 'cadre.created' and school_id = ${S.school.id}`,
      )
    ).rows as { target_id: string; details: { cadreId: string } }[];
    expect(audit).toEqual([expect.objectContaining({ target_id: student })]);
    expect(audit[0]?.details.cadreId).toBe(id);
  });

  it('the same student, term, unit and position twice is refused', async () => {
    const res = await send('affairs', 'POST', `/api/v1/students/${S.studentIds[0]}/cadre`, body());
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CADRE_EXISTS' });
  });

  it('applies the import rules: dates in order, lengths, 幹部等級 from the code table', async () => {
    const url = `/api/v1/students/${S.studentIds[1]}/cadre`;
    const early = await send('affairs', 'POST', url, body({ endsOn: `${S.academicYear + 1911}-08-01` }));
    expect(early.json()).toMatchObject({ code: 'CADRE_DATE_ORDER', message: '幹部經歷結束日期早於開始日期' });
    const long = await send('affairs', 'POST', url, body({ unit: '社'.repeat(61) }));
    expect(long.json()).toMatchObject({ code: 'CADRE_TEXT_TOO_LONG', message: '單位名稱超過60字' });
    const level = await send('affairs', 'POST', url, body({ level: 7 }));
    expect(level.statusCode).toBe(400);
    expect(level.json()).toMatchObject({ code: 'CADRE_LEVEL_UNKNOWN' });
    expect(level.json().message).toContain('1/2/3/4/5');
    const code = await send('affairs', 'POST', '/api/v1/codes', {
      domain: 'cadreLevel',
      code: '7',
      label: '糾察隊',
    });
    expect(code.statusCode, code.body).toBe(200);
    expect((await send('affairs', 'POST', url, body({ level: 7 }))).statusCode).toBe(200);
  });

  it('corrects a record (before and after audited); a change onto another record’s key is refused', async () => {
    const res = await send('affairs', 'PUT', `/api/v1/cadre/${id}`, body({ position: '副會長', level: 2 }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id, position: '副會長', level: 2 });
    const [row] = (
      await t.db.execute(
        sql`select details from audit_log where action = 'cadre.edited' and school_id = ${S.school.id}`,
      )
    ).rows as { details: { before: { position: string }; after: { position: string } } }[];
    expect([row?.details.before.position, row?.details.after.position]).toEqual(['會長', '副會長']);
    const other = await send('affairs', 'POST', `/api/v1/students/${S.studentIds[0]}/cadre`, body());
    expect(other.statusCode).toBe(200);
    const clash = await send(
      'affairs',
      'PUT',
      `/api/v1/cadre/${other.json().id}`,
      body({ position: '副會長', level: 2 }),
    );
    expect(clash.json()).toMatchObject({ code: 'CADRE_EXISTS' });
  });

  it('only 學務處 may; others get 403', async () => {
    for (const who of ['academic', 'homeroom', 'student']) {
      expect((await send(who, 'PUT', `/api/v1/cadre/${id}`, body())).statusCode).toBe(403);
      expect((await get(who, `/api/v1/students/${S.studentIds[0]}/cadre`)).statusCode).toBe(403);
    }
  });

  it('deletes a record, audited', async () => {
    const res = await send('affairs', 'DELETE', `/api/v1/cadre/${id}`);
    expect(res.statusCode).toBe(200);
    expect((await send('affairs', 'DELETE', `/api/v1/cadre/${id}`)).statusCode).toBe(404);
    const rows = (
      await t.db.execute(
        sql`select 1 from audit_log where action = 'cadre.deleted' and target_id = ${S.studentIds[0]}`,
      )
    ).rows;
    expect(rows).toHaveLength(1);
  });
});
