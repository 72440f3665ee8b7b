/**
 * Every read of another person's data writes one audit row (SECURITY.md "Audit of reads"): this walks
 * the staff and parent read paths as the roles that use them and finds each request's row by its
 * request id, with the student the answer showed. The student's own reads write none.
 */
import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, classes, students, users } from '../../db/schema/index.js';
import { createTestApp, requestsAs } from '../../server/test-app.js';
import { pdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
let as: Record<string, S> = {};
const userIds = new Map<string, string>();
let studentId = '';
/** A classmate with no performances (the demo gives the first half of the class some, for 勾選). */
let withoutRecordsId = '';
let classId = '';
let outcomeId = '';
let documentFileId = '';
let academicYear = 0;

const { get, send } = requestsAs(
  () => t.app,
  () => as,
);

const rowsOf = (requestId: string) => t.db.select().from(auditLog).where(eq(auditLog.requestId, requestId));

beforeAll(async () => {
  as = await t.demoSessions([
    'demo-student',
    'demo-parent',
    'demo-teacher',
    'demo-homeroom',
    'demo-academic',
    'demo-affairs',
    'demo-accounts',
  ]);
  for (const u of await t.db.select({ id: users.id, username: users.username }).from(users))
    userIds.set(u.username, u.id);
  const [me] = await t.db
    .select({ id: students.id, classId: students.classId })
    .from(students)
    .where(eq(students.userId, userIds.get('demo-student') as string));
  studentId = me?.id as string;
  classId = me?.classId as string;
  const [last] = await t.db
    .select({ id: students.id })
    .from(students)
    .where(eq(students.classId, classId))
    .orderBy(desc(students.seatNo))
    .limit(1);
  withoutRecordsId = last?.id as string;
  const [cls] = await t.db.select().from(classes).where(eq(classes.id, classId));
  academicYear = cls?.academicYear ?? 0;

  // The student submits one outcome in a course demo-teacher teaches, inside open windows.
  const overview = (await get('demo-student', '/api/v1/outcomes/overview')).json();
  const termId = overview.term.id as string;
  const now = Date.now();
  for (const kind of ['upload', 'certification'])
    expect(
      (
        await send('demo-academic', 'PUT', `/api/v1/terms/${termId}/windows/${kind}`, {
          opensAt: new Date(now - 3_600_000),
          closesAt: new Date(now + 3_600_000),
        })
      ).statusCode,
    ).toBe(200);
  const upload = await send(
    'demo-student',
    'POST',
    '/api/v1/uploads?purpose=outcomeDocument&filename=work.pdf',
    await pdf(),
    'application/octet-stream',
  );
  documentFileId = upload.json().id;
  const course = overview.courses.find((c: { name: string }) => c.name.startsWith('國語文'));
  const created = await send('demo-student', 'POST', '/api/v1/outcomes', {
    courseId: course.id,
    title: '國語文 成果',
    summary: '期末專題報告',
    documentFileId,
  });
  expect(created.statusCode, created.body).toBe(201);
  outcomeId = created.json().id;
});

describe('reads of another person’s data are audited', () => {
  const paths: [who: string, url: string, action: string, namesStudent: boolean | 'withoutRecords'][] = [
    ['demo-academic', '/api/v1/students?pageSize=200', 'read.student_list', true],
    ['demo-homeroom', '/api/v1/students/:student/record', 'read.student_record', true],
    ['demo-parent', '/api/v1/students/:student/record', 'read.student_record', true],
    ['demo-parent', '/api/v1/students/:student/portfolio', 'read.portfolio', true],
    ['demo-parent', '/api/v1/me/children', 'read.children', true],
    ['demo-parent', '/api/v1/students/:student/outcomes', 'read.student_outcomes', true],
    ['demo-homeroom', '/api/v1/students/:student/outcomes', 'read.student_outcomes', true],
    ['demo-parent', '/api/v1/students/:student/status', 'read.student_status', true],
    ['demo-homeroom', '/api/v1/students/:student/timeline', 'read.student_timeline', true],
    ['demo-affairs', '/api/v1/students/:student/performances', 'read.student_performances', true],
    ['demo-teacher', '/api/v1/files/:file/content', 'read.file', true],
    ['demo-teacher', '/api/v1/files/:file', 'read.file', true],
    ['demo-homeroom', '/api/v1/files/:file/content', 'read.file', true],
    ['demo-teacher', '/api/v1/outcomes/:outcome', 'read.outcome', true],
    ['demo-teacher', '/api/v1/certification/queue', 'read.certification_queue', true],
    ['demo-homeroom', '/api/v1/classes/:class/roster', 'read.class_roster', true],
    ['demo-homeroom', '/api/v1/classes/:class/outcome-progress', 'read.class_progress', true],
    [
      'demo-homeroom',
      '/api/v1/classes/:class/outcome-progress/missing.xlsx',
      'read.class_missing_export',
      false,
    ],
    ['demo-academic', '/api/v1/outcomes/progress?by=class', 'read.school_progress', false],
    ['demo-academic', '/api/v1/outcomes/progress.xlsx?by=teacher', 'read.school_progress_export', false],
    ['demo-affairs', '/api/v1/performances/overview/:year', 'read.performance_overview', 'withoutRecords'],
    [
      'demo-affairs',
      '/api/v1/performances/overview/:year/xlsx',
      'read.performance_overview_export',
      'withoutRecords',
    ],
    ['demo-accounts', '/api/v1/accounts', 'read.accounts', false],
    ['demo-parent', '/api/v1/students/:student/receipts', 'read.student_receipts', true],
    ['demo-homeroom', '/api/v1/students/:student/receipts', 'read.student_receipts', true],
    ['demo-academic', '/api/v1/receipts/disputes', 'read.receipt_disputes', false],
  ];

  it.each(paths)('%s GET %s writes %s', async (who, url, action, namesStudent) => {
    const res = await get(
      who,
      url
        .replace(':student', studentId)
        .replace(':class', classId)
        .replace(':file', documentFileId)
        .replace(':outcome', outcomeId)
        .replace(':year', String(academicYear)),
    );
    expect(res.statusCode, res.body).toBe(200);
    const rows = await rowsOf(res.headers['x-request-id'] as string);
    expect(rows.map((r) => r.action)).toEqual([action]);
    const [row] = rows;
    expect(row?.actorUserId).toBe(userIds.get(who));
    expect(row?.schoolId).not.toBeNull();
    if (namesStudent)
      expect(row?.studentIds).toContain(namesStudent === 'withoutRecords' ? withoutRecordsId : studentId);
    // Never personal data in the row's details.
    expect(JSON.stringify(row?.details ?? {})).not.toMatch(/[A-Z][12]\d{8}|\d{4}-\d{2}-\d{2}T/);
  });

  it('the student reading their own data writes no read row', async () => {
    for (const url of [
      '/api/v1/me/record',
      '/api/v1/me/portfolio',
      `/api/v1/files/${documentFileId}/content`,
    ]) {
      const res = await get('demo-student', url);
      expect(res.statusCode, res.body).toBe(200);
      expect(await rowsOf(res.headers['x-request-id'] as string)).toEqual([]);
    }
  });

  it('a student list row names the students it showed, and keeps no search text', async () => {
    const [me] = await t.db.select().from(students).where(eq(students.id, studentId));
    const res = await get('demo-academic', `/api/v1/students?q=${encodeURIComponent(me?.name ?? '')}`);
    const [row] = await rowsOf(res.headers['x-request-id'] as string);
    expect(row?.studentIds).toEqual(res.json().items.map((i: { id: string }) => i.id));
    expect(row?.details).toMatchObject({ searched: true });
    expect(JSON.stringify(row?.details)).not.toContain(me?.name);
    // "Who saw this student's data" is one query over the indexed array.
    const seen = await t.db.execute(
      sql`select count(*)::int as n from audit_log where student_ids @> array[${studentId}]::uuid[]`,
    );
    expect((seen.rows[0] as { n: number }).n).toBeGreaterThan(5);
  });
});
