/**
 * 教務處's audit view: own school only, academicAdmin only, filters (student, actor, action, days), paging,
 * xlsx with actions in words, and every look at it audited.
 */

import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, students, users } from '../../db/schema/index.js';
import { createTestApp } from '../../server/test-app.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
let as: Record<string, S> = {};
let student = { id: '', studentNo: '' };
let classId = '';

const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who]?.cookie } });
const taipeiToday = () =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Taipei' }).format(new Date()).slice(0, 10);

beforeAll(async () => {
  as = await t.demoSessions([
    'demo-student',
    'demo-homeroom',
    'demo-academic',
    'demo-affairs',
    'demo-teacher',
  ]);
  const [studentUser] = await t.db.select().from(users).where(eq(users.username, 'demo-student'));
  const [row] = await t.db
    .select()
    .from(students)
    .where(eq(students.userId, studentUser?.id as string));
  student = { id: row?.id as string, studentNo: row?.studentNo as string };
  classId = row?.classId as string;
  // Some reads to find: the homeroom teacher opens the student's record and the class roster.
  expect((await get('demo-homeroom', `/api/v1/students/${student.id}/record`)).statusCode).toBe(200);
  expect((await get('demo-homeroom', `/api/v1/classes/${classId}/roster`)).statusCode).toBe(200);
  expect((await get('demo-affairs', `/api/v1/students/${student.id}/performances`)).statusCode).toBe(200);
});

describe('the audit view', () => {
  it('is for 教務處 only', async () => {
    for (const who of ['demo-student', 'demo-homeroom', 'demo-affairs', 'demo-teacher']) {
      expect((await get(who, '/api/v1/audit')).statusCode).toBe(403);
      expect((await get(who, '/api/v1/audit.xlsx')).statusCode).toBe(403);
    }
  });

  it('finds who saw a student, by 學號: single reads and the roster that listed them', async () => {
    const res = await get('demo-academic', `/api/v1/audit?studentNo=${student.studentNo}`);
    expect(res.statusCode, res.body).toBe(200);
    const actions = res
      .json()
      .items.map((i: { action: string; actorUsername: string }) => [i.action, i.actorUsername]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['read.student_record', 'demo-homeroom'],
        ['read.class_roster', 'demo-homeroom'],
        ['read.student_performances', 'demo-affairs'],
      ]),
    );
    const record = res.json().items.find((i: { action: string }) => i.action === 'read.student_record');
    expect(record.targetType).toBe('student');
    expect(record.targetLabel).toContain(student.studentNo);
    expect(record.studentCount).toBe(1);
    const roster = res.json().items.find((i: { action: string }) => i.action === 'read.class_roster');
    expect(roster.targetType).toBe('class');
    expect(roster.studentCount).toBe(30);
  });

  it('filters by actor, action and days, and pages', async () => {
    const byActor = (await get('demo-academic', '/api/v1/audit?actor=demo-affairs')).json();
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(new Set(byActor.items.map((i: { actorUsername: string }) => i.actorUsername))).toEqual(
      new Set(['demo-affairs']),
    );
    const byAction = (await get('demo-academic', '/api/v1/audit?action=read.class_roster')).json();
    expect(byAction.total).toBe(1);
    const today = taipeiToday();
    const todays = (await get('demo-academic', `/api/v1/audit?from=${today}&to=${today}&pageSize=2`)).json();
    expect(todays.items).toHaveLength(2);
    expect(todays.total).toBeGreaterThan(2);
    // The first page's own audit row does not shift the second page.
    const page2 = (
      await get(
        'demo-academic',
        `/api/v1/audit?from=${today}&to=${today}&pageSize=2&page=2&maxId=${todays.maxId}`,
      )
    ).json();
    expect(page2.total).toBe(todays.total);
    expect(page2.items[0].id).toBeLessThan(todays.items[1].id);
    const past = (await get('demo-academic', '/api/v1/audit?from=2020-01-01&to=2020-01-31')).json();
    expect(past.total).toBe(0);
    expect((await get('demo-academic', '/api/v1/audit?from=2020-02-01&to=2020-01-31')).json().code).toBe(
      'TIME_RANGE_INVALID',
    );
    expect((await get('demo-academic', '/api/v1/audit?action=bogus')).statusCode).toBe(400);
    // Names nobody in this school: nothing, not everything.
    expect((await get('demo-academic', '/api/v1/audit?actor=nobody-here')).json().total).toBe(0);
  });

  it('shows only its own school', async () => {
    const other = await t.makeUser({ roles: ['academicAdmin'] });
    as.other = await t.login(other.username);
    const res = (await get('other', '/api/v1/audit?pageSize=200')).json();
    // The other school's admin sees their own sign-in and searches, nothing of the demo school.
    expect(res.items.every((i: { actorUsername: string }) => i.actorUsername === other.username)).toBe(true);
    // Another school's student id is refused like every foreign id (policy.assertOwnSchool).
    expect((await get('other', `/api/v1/audit?studentId=${student.id}`)).statusCode).toBe(404);
  });

  it('exports xlsx with actions in words', async () => {
    const res = await get('demo-academic', `/api/v1/audit.xlsx?studentNo=${student.studentNo}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.worksheets[0];
    const actions = sheet?.getColumn(4).values.slice(2) as string[];
    expect(actions).toContain('檢視學生基本資料與修課紀錄');
    expect(actions).toContain('檢視班級名冊');
    expect(actions.some((a) => a.startsWith('read.'))).toBe(false);
  });

  it('each look at the view is audited, with the student it searched for', async () => {
    const res = await get('demo-academic', `/api/v1/audit?studentNo=${student.studentNo}`);
    const [row] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.requestId, res.headers['x-request-id'] as string));
    expect(row?.action).toBe('read.audit_log');
    expect(row?.studentIds).toEqual([student.id]);
    // The typed 學號 is not kept.
    expect(JSON.stringify(row?.details)).not.toContain(student.studentNo);
    const xlsx = await get('demo-academic', '/api/v1/audit.xlsx');
    const [exported] = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.requestId, xlsx.headers['x-request-id'] as string));
    expect(exported?.action).toBe('read.audit_log_export');
  });
});
