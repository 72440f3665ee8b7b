/**
 * 代理人 assignments: the same one cannot be entered twice (overlapping dates for the same substitute
 * and course or absent teacher), one can be ended early or removed, and every change is audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
const as: Record<string, S> = {};
let s: TestSchool;

const send = (who: string, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { cookie: as[who]?.cookie, 'x-csrf-token': as[who]?.csrf as string },
    payload: payload as never,
  });
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who]?.cookie } });
const day = 86_400_000;
/** A Taiwan date `offset` days from today. */
const isoDay = (offset: number) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Taipei' }).format(new Date(Date.now() + offset * day));
const audit = async (action: string) =>
  (
    await t.db.execute(
      sql`select actor_user_id, target_id, details from audit_log where action = ${action} order by id`,
    )
  ).rows as { actor_user_id: string; target_id: string; details: Record<string, unknown> }[];

beforeAll(async () => {
  s = await makeTestSchool(t, '910001', 1);
  for (const role of ['academic', 'teacher', 'substitute'])
    as[role] = await t.login(s.usernames[role] as string);
}, 60_000);

describe('substitute assignments', () => {
  let id = '';

  it('refuses the same assignment twice, and any overlap for the same substitute and course', async () => {
    const body = { substituteStaffNo: 'T03', courseId: s.courseId, startsOn: isoDay(0), endsOn: isoDay(10) };
    const first = await send('academic', 'POST', '/api/v1/substitutes', body);
    expect(first.statusCode).toBe(200);
    id = first.json().id;
    const again = await send('academic', 'POST', '/api/v1/substitutes', body);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SUBSTITUTE_DUPLICATE' });
    expect(again.json().message).toContain('日期不能重疊');
    const overlap = await send('academic', 'POST', '/api/v1/substitutes', {
      ...body,
      startsOn: isoDay(5),
      endsOn: isoDay(20),
    });
    expect(overlap.json()).toMatchObject({ code: 'SUBSTITUTE_DUPLICATE' });
    const en = await t.app.inject({
      method: 'POST',
      url: '/api/v1/substitutes',
      headers: { cookie: as.academic?.cookie, 'x-csrf-token': as.academic?.csrf, 'accept-language': 'en' },
      payload: body,
    });
    expect(en.json().message).toMatch(/already assigned/);
    // The same substitute for the absent teacher, or after the first range ends, is another assignment.
    expect(
      (
        await send('academic', 'POST', '/api/v1/substitutes', {
          substituteStaffNo: 'T03',
          absentStaffNo: 'T01',
          startsOn: isoDay(0),
          endsOn: isoDay(10),
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await send('academic', 'POST', '/api/v1/substitutes', {
          ...body,
          startsOn: isoDay(11),
          endsOn: isoDay(12),
        })
      ).statusCode,
    ).toBe(200);
    const rows = (await get('academic', '/api/v1/substitutes')).json();
    expect(rows).toHaveLength(3);
    expect(rows.find((r: { id: string }) => r.id === id)).toMatchObject({
      substituteStaffNo: 'T03',
      courseCode: expect.any(String),
    });
  });

  it('two offices entering the same assignment at once record it once', async () => {
    const body = { substituteStaffNo: 'T01', courseId: s.courseId, startsOn: isoDay(30), endsOn: isoDay(31) };
    const answers = await Promise.all(
      [1, 2, 3].map(() => send('academic', 'POST', '/api/v1/substitutes', body)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
  });

  it('the database refuses an exact duplicate written past the service', async () => {
    await expect(
      t.db.execute(sql`insert into substitutes (school_id, course_id, substitute_staff_id, starts_on, ends_on)
        select school_id, course_id, substitute_staff_id, starts_on, ends_on from substitutes where id = ${id}`),
    ).rejects.toThrow();
  });

  it('refuses the absent teacher as their own substitute', async () => {
    const res = await send('academic', 'POST', '/api/v1/substitutes', {
      substituteStaffNo: 'T01',
      absentStaffNo: 'T01',
      startsOn: isoDay(0),
      endsOn: isoDay(1),
    });
    expect(res.json()).toMatchObject({ code: 'SUBSTITUTE_SELF' });
  });

  it('ends an assignment early within its dates, audited', async () => {
    const late = await send('academic', 'PATCH', `/api/v1/substitutes/${id}`, { endsOn: isoDay(10) });
    expect(late.json()).toMatchObject({ code: 'SUBSTITUTE_END_INVALID' });
    const past = await send('academic', 'PATCH', `/api/v1/substitutes/${id}`, { endsOn: isoDay(-1) });
    expect(past.json()).toMatchObject({ code: 'SUBSTITUTE_END_INVALID' });
    expect(past.json().message).toContain(isoDay(0));
    const ok = await send('academic', 'PATCH', `/api/v1/substitutes/${id}`, { endsOn: isoDay(0) });
    expect(ok.statusCode).toBe(200);
    const row = (await get('academic', '/api/v1/substitutes'))
      .json()
      .find((r: { id: string }) => r.id === id);
    expect(row.endsOn).toBe(isoDay(0));
    const [entry] = await audit('substitute.ended');
    expect(entry).toMatchObject({
      actor_user_id: s.userIds.academic,
      target_id: id,
      details: { endsOn: isoDay(10), newEndsOn: isoDay(0) },
    });
  });

  it('removes an assignment, audited with its values; only 教務處, only its own school', async () => {
    expect((await send('teacher', 'DELETE', `/api/v1/substitutes/${id}`)).statusCode).toBe(403);
    const other = await makeTestSchool(t, '910002', 2);
    const foreign = await t.login(other.usernames.academic as string);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/substitutes/${id}`,
      headers: { cookie: foreign.cookie, 'x-csrf-token': foreign.csrf },
    });
    expect(res.statusCode).toBe(404);
    expect((await send('academic', 'DELETE', `/api/v1/substitutes/${id}`)).statusCode).toBe(200);
    expect((await send('academic', 'DELETE', `/api/v1/substitutes/${id}`)).statusCode).toBe(404);
    const rows = (await get('academic', '/api/v1/substitutes')).json();
    expect(rows.some((r: { id: string }) => r.id === id)).toBe(false);
    const [entry] = await audit('substitute.removed');
    expect(entry).toMatchObject({ target_id: id, details: { courseId: s.courseId, startsOn: isoDay(0) } });
  });
});
