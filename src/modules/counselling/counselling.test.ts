/**
 * Counsellor assignments (SPEC.md §3: counselling records of the students assigned to them by
 * 教務處/輔導室; read those students' portfolios): who may assign, what follows an assignment, who
 * sees which records, and the audit of every read.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';
import { pdf } from '../uploads/test-corpus.js';

const t = await createTestApp();
afterAll(() => t.app.close());
type S = { cookie: string; csrf: string };
const as: Record<string, S> = {};
let s: TestSchool;
let counselor2 = '';

const send = (who: string, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: {
      cookie: as[who]?.cookie,
      'x-csrf-token': as[who]?.csrf as string,
      ...(Buffer.isBuffer(payload) ? { 'content-type': 'application/octet-stream' } : {}),
    },
    payload: payload as never,
  });
const get = (who: string, url: string) => t.app.inject({ url, headers: { cookie: as[who]?.cookie } });
const audit = async (action: string) =>
  (
    await t.db.execute(
      sql`select actor_user_id, target_id, student_ids, details from audit_log where action = ${action} order by id`,
    )
  ).rows as { actor_user_id: string; target_id: string | null; details: Record<string, unknown> }[];
const session = (studentIds: string[], kind = studentIds.length > 1 ? 'group' : 'individual') => ({
  kind,
  studentIds,
  startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  endsAt: new Date().toISOString(),
  title: '.',
  place: '.',
  summary: '.',
});

beforeAll(async () => {
  // The demo first (it seeds only an empty database), then a test school.
  Object.assign(as, await t.demoSessions(['demo-counselor', 'demo-student']));
  s = await makeTestSchool(t, '900021', 21);
  for (const key of ['academic', 'counselor', 'teacher', 'accounts']) {
    as[key] = await t.login(s.usernames[key] as string);
  }
  const second = await t.makeUser({ schoolId: s.school.id, roles: ['counselor'] });
  counselor2 = second.id;
  as.counselor2 = await t.login(second.username);
});

describe('counsellor assignments', () => {
  it('教務處 and 輔導室 assign, nobody assigns themselves, other roles cannot', async () => {
    const self = await send('counselor', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      classId: s.classId,
    });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({
      code: 'COUNSELLING_SELF_ASSIGNMENT',
      message: '輔導教師不能指派自己，請由教務處或輔導室其他同仁指派',
    });
    const teacher = await send('teacher', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      classId: s.classId,
    });
    expect(teacher.statusCode).toBe(403);
    const notCounselor = await send('academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.teacher,
      classId: s.classId,
    });
    expect(notCounselor.json().code).toBe('COUNSELLING_NOT_COUNSELOR');
    const both = await send('academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      classId: s.classId,
      studentId: s.studentIds[0],
    });
    expect(both.statusCode).toBe(400);
    // A colleague of the counselling office assigns the counsellor; the same assignment twice is a 409.
    const ok = await send('counselor2', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      studentId: s.studentIds[0],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await send('academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      studentId: s.studentIds[0],
    });
    expect(again.json().code).toBe('COUNSELLING_ALREADY_ASSIGNED');
    expect((await audit('counselling.assigned')).at(-1)).toMatchObject({
      actor_user_id: counselor2,
      target_id: s.userIds.counselor,
      details: { assignmentId: ok.json().id, studentId: s.studentIds[0], classId: null },
    });
    const list = (await get('academic', '/api/v1/counselling/assignments')).json();
    expect(list.assignments).toHaveLength(1);
    expect(list.counselors.map((c: { id: string }) => c.id).sort()).toEqual(
      [s.userIds.counselor, counselor2].sort(),
    );
    const removed = await send('academic', 'DELETE', `/api/v1/counselling/assignments/${ok.json().id}`);
    expect(removed.statusCode).toBe(200);
    expect((await audit('counselling.unassigned')).length).toBe(1);
  });

  it('a session with "." in every field opens no portfolio; the assignment does, and its end closes it', async () => {
    const student = s.studentIds[0] as string;
    const recorded = await send('counselor', 'POST', '/api/v1/counselling', session([student]));
    expect(recorded.statusCode).toBe(403);
    expect(recorded.json().code).toBe('COUNSELLING_NOT_ASSIGNED');
    expect((await get('counselor', `/api/v1/students/${student}/portfolio`)).statusCode).toBe(403);

    const assignment = await send('academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      classId: s.classId,
    });
    expect(assignment.statusCode).toBe(201);
    const read = await get('counselor', `/api/v1/students/${student}/portfolio`);
    expect(read.statusCode, read.body).toBe(200);
    expect((await get('counselor', `/api/v1/students/${student}/record`)).json().access).toBe('counselor');
    expect((await get('counselor2', `/api/v1/students/${student}/portfolio`)).statusCode).toBe(403);
    const mine = (await get('counselor', '/api/v1/counselling/students')).json();
    expect(mine.map((x: { id: string }) => x.id).sort()).toEqual([...s.studentIds].sort());

    await send('academic', 'DELETE', `/api/v1/counselling/assignments/${assignment.json().id}`);
    expect((await get('counselor', `/api/v1/students/${student}/portfolio`)).statusCode).toBe(403);
  });

  it('recording needs an assignment to every participant', async () => {
    const [one, two] = s.studentIds as [string, string];
    await send('academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: s.userIds.counselor,
      studentId: one,
    });
    const group = await send('counselor', 'POST', '/api/v1/counselling', session([one, two]));
    expect(group.statusCode).toBe(403);
    expect(group.json().code).toBe('COUNSELLING_NOT_ASSIGNED');
    const single = await send('counselor', 'POST', '/api/v1/counselling', session([one]));
    expect(single.statusCode, single.body).toBe(201);
  });

  it('records are seen by their author and the counsellors assigned to the student; every read is audited', async () => {
    const one = s.studentIds[0] as string;
    const created = await send('counselor', 'POST', '/api/v1/counselling', {
      ...session([one]),
      title: '選課諮詢',
    });
    const id = created.json().id as string;
    expect(
      (await send('counselor', 'PUT', `/api/v1/counselling/${id}/attachment?filename=a.pdf`, await pdf()))
        .statusCode,
    ).toBe(200);

    // Not assigned: the school's other counsellor sees nothing of it.
    expect((await get('counselor2', '/api/v1/counselling')).json()).toEqual([]);
    expect((await get('counselor2', `/api/v1/counselling/${id}/attachment`)).statusCode).toBe(404);

    const own = (await get('counselor', '/api/v1/counselling')).json();
    expect(own.find((r: { id: string }) => r.id === id)).toMatchObject({
      own: true,
      attachmentName: 'a.pdf',
    });

    await send('academic', 'POST', '/api/v1/counselling/assignments', {
      counselorUserId: counselor2,
      studentId: one,
    });
    const theirs = (await get('counselor2', `/api/v1/counselling?studentId=${one}`)).json();
    expect(theirs.find((r: { id: string }) => r.id === id)).toMatchObject({ own: false, title: '選課諮詢' });
    const viewed = (await audit('read.counselling_list')).filter((r) => r.actor_user_id === counselor2);
    expect(viewed.at(-1)).toMatchObject({ target_id: one, details: { byOthers: theirs.length } });
    expect(viewed.at(-1)?.details.recordIds).toContain(id);

    const dl = await get('counselor2', `/api/v1/counselling/${id}/attachment`);
    expect(dl.statusCode).toBe(200);
    expect((await audit('read.counselling_attachment')).at(-1)).toMatchObject({
      actor_user_id: counselor2,
      target_id: id,
      student_ids: [one],
      details: { author: 'other' },
    });
    // Someone else's record cannot be given an attachment.
    expect(
      (await send('counselor2', 'PUT', `/api/v1/counselling/${id}/attachment?filename=b.pdf`, await pdf()))
        .statusCode,
    ).toBe(403);
  });

  it('a record is saved with its uploaded attachment in one step; a refused or foreign file saves nothing', async () => {
    const one = s.studentIds[0] as string;
    const count = async () =>
      (
        (
          await t.db.execute(
            sql`select count(*)::int as n from counselling_records where counselor_user_id = ${s.userIds.counselor}`,
          )
        ).rows[0] as { n: number }
      ).n;
    const before = await count();
    // A refused attachment (not a PDF/JPG/PNG by content) is refused at upload: no file id, no record.
    const refused = await send(
      'counselor',
      'POST',
      '/api/v1/uploads?purpose=counsellingAttachment&filename=notes.pdf',
      Buffer.from('not really a pdf'),
    );
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    // Another counsellor's file, or a file of another purpose, is refused with the record.
    const theirs = await send(
      'counselor2',
      'POST',
      '/api/v1/uploads?purpose=counsellingAttachment&filename=x.pdf',
      await pdf(),
    );
    expect(theirs.statusCode, theirs.body).toBe(201);
    const foreign = await send('counselor', 'POST', '/api/v1/counselling', {
      ...session([one]),
      attachmentFileId: theirs.json().id,
    });
    expect(foreign.statusCode).toBe(404);
    expect(await count()).toBe(before);

    const upload = await send(
      'counselor',
      'POST',
      '/api/v1/uploads?purpose=counsellingAttachment&filename=筆記.pdf',
      await pdf(),
    );
    expect(upload.statusCode, upload.body).toBe(201);
    const created = await send('counselor', 'POST', '/api/v1/counselling', {
      ...session([one]),
      title: '附件一起存',
      attachmentFileId: upload.json().id,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await count()).toBe(before + 1);
    const row = (await get('counselor', '/api/v1/counselling'))
      .json()
      .find((r: { id: string }) => r.id === created.json().id);
    expect(row).toMatchObject({ title: '附件一起存', attachmentName: '筆記.pdf' });
    expect((await get('counselor', `/api/v1/counselling/${created.json().id}/attachment`)).statusCode).toBe(
      200,
    );
  });

  it('the demo counsellor is assigned to the demo student’s class and can record and read there', async () => {
    const me = (await get('demo-student', '/api/v1/me/record')).json();
    const read = await get('demo-counselor', `/api/v1/students/${me.student.id}/portfolio`);
    expect(read.statusCode, read.body).toBe(200);
    const mine = (await get('demo-counselor', '/api/v1/counselling/students')).json();
    expect(mine).toHaveLength(30);
    expect(mine.some((x: { id: string }) => x.id === me.student.id)).toBe(true);
    // The counsellor's student list is the students assigned to them, not the whole school.
    const list = (await get('demo-counselor', '/api/v1/students?pageSize=100')).json();
    expect(list.total).toBe(30);
    expect(list.items.map((x: { id: string }) => x.id).sort()).toEqual(
      mine.map((x: { id: string }) => x.id).sort(),
    );
  });
});
