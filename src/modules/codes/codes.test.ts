/**
 * Code tables through the API: everyone of the school reads them, 教務處/學務處 add school codes
 * (format, 註1 group, no duplicates of platform or school codes) and disable them, audited; the
 * performance form's codes are checked on the server against the school's tables.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taipeiDateOf, toIsoDate } from '../../domain/calendar.js';
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
let B: TestSchool;

beforeAll(async () => {
  S = await makeTestSchool(t, '940001', 4);
  B = await makeTestSchool(t, '940002', 5);
  for (const role of ['affairs', 'academic', 'student', 'teacher']) {
    sessions[role] = await t.login(S.usernames[role] as string);
  }
  sessions.otherAffairs = await t.login(B.usernames.affairs as string);
}, 60_000);

const competition = (fields: Record<string, string>) => ({
  category: 'competition',
  fields: { name: '校內科展', level: '1', award: '佳作', participation: '1', ...fields },
  summary: '參加校內科展',
  startsOn: toIsoDate(taipeiDateOf(new Date())),
});

describe('code tables', () => {
  let schoolCode: string;

  it('everyone of the school reads the tables: platform entries with their source', async () => {
    const res = await get('student', '/api/v1/codes');
    expect(res.statusCode).toBe(200);
    const tables = res.json();
    expect(tables.cadreLevel.map((c: { code: string }) => c.code)).toEqual(['1', '2', '3', '4', '5']);
    expect(tables.cadreLevel[0].source).toBe('official');
    expect(tables.certificate[0]).toMatchObject({ source: 'subset', group: '1' });
  });

  it('an office adds a school code, audited; only offices may', async () => {
    const res = await send('affairs', 'POST', '/api/v1/codes', {
      domain: 'competitionField',
      code: 's1',
      label: '校內專題',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: 'S1', disabled: false }); // stored upper-case
    schoolCode = res.json().id;
    const [audit] = (
      await t.db.execute(sql`select action, details from audit_log where target_id = ${schoolCode}`)
    ).rows as { action: string; details: { code: string } }[];
    expect(audit).toMatchObject({ action: 'code.added', details: { code: 'S1' } });
    expect(
      (await send('student', 'POST', '/api/v1/codes', { domain: 'cadreLevel', code: '8', label: 'x' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await send('teacher', 'POST', '/api/v1/codes', { domain: 'cadreLevel', code: '8', label: 'x' }))
        .statusCode,
    ).toBe(403);
    // Another school does not see it.
    const other = (await get('otherAffairs', '/api/v1/codes')).json();
    expect(other.competitionField.some((c: { code: string }) => c.code === 'S1')).toBe(false);
  });

  it('refuses a wrong format, a certificate without its 註1 group, and duplicates', async () => {
    const add = (body: object) => send('academic', 'POST', '/api/v1/codes', body);
    const format = await add({ domain: 'cadreLevel', code: 'A', label: '其他幹部' });
    expect(format.json()).toMatchObject({ code: 'CODE_FORMAT_INVALID' });
    expect(format.json().message).toContain('幹部等級格式不正確');
    const group = await add({ domain: 'certificate', code: 'S-9', label: '校內證照' });
    expect(group.json()).toMatchObject({ code: 'CODE_GROUP_INVALID' });
    const platform = await add({ domain: 'cadreLevel', code: '3', label: '社團' });
    expect(platform.statusCode).toBe(409);
    const twice = await add({ domain: 'competitionField', code: 'S1', label: '再一次' });
    expect(twice.json()).toMatchObject({ code: 'CODE_EXISTS', message: '競賽領域代碼已有代碼 S1' });
    expect(
      (await add({ domain: 'certificate', code: 'S-9', label: '校內證照', group: '3' })).statusCode,
    ).toBe(200);
  });

  it('a student picks the school code in a performance; a disabled code is refused by the server', async () => {
    const ok = await send('student', 'POST', '/api/v1/performances', competition({ fieldCode: 'S1' }));
    expect(ok.statusCode, ok.body).toBe(201);
    const unknown = await send('student', 'POST', '/api/v1/performances', competition({ fieldCode: 'ZZ' }));
    expect(unknown.json()).toMatchObject({ code: 'PERFORMANCE_CODE_UNKNOWN' });
    expect(unknown.json().message).toContain('競賽領域代碼代碼不正確');
    // Free text without a code is accepted (and flagged in the pre-check).
    const text = await send('student', 'POST', '/api/v1/performances', competition({ field: '生活科技' }));
    expect(text.statusCode, text.body).toBe(201);

    const off = await send('affairs', 'PUT', `/api/v1/codes/${schoolCode}`, { disabled: true });
    expect(off.json()).toMatchObject({ disabled: true });
    const disabled = await send('student', 'POST', '/api/v1/performances', competition({ fieldCode: 'S1' }));
    expect(disabled.json()).toMatchObject({ code: 'PERFORMANCE_CODE_UNKNOWN' });
    const tables = (await get('student', '/api/v1/codes')).json();
    expect(tables.competitionField.find((c: { code: string }) => c.code === 'S1')).toMatchObject({
      disabled: true,
      source: 'school',
    });
    const on = await send('affairs', 'PUT', `/api/v1/codes/${schoolCode}`, { disabled: false });
    expect(on.json()).toMatchObject({ disabled: false });
    const actions = (
      await t.db.execute(sql`select action from audit_log where target_id = ${schoolCode} order by at, id`)
    ).rows.map((r) => (r as { action: string }).action);
    expect(actions).toEqual(['code.added', 'code.disabled', 'code.enabled']);
  });

  it('a school code of another school is a 404', async () => {
    expect(
      (await send('otherAffairs', 'PUT', `/api/v1/codes/${schoolCode}`, { disabled: true })).statusCode,
    ).toBe(404);
  });
});
