/**
 * Every route of the OpenAPI document that takes an object id (path, query or body) is called by each
 * role of school A with one of school B's ids in one place and A's own ids everywhere else: the answer
 * must be 403 or 404, never a success and never a server error. A route with ids and no case below
 * fails the test, so a new route has to be added here. A positive control then shows that each case,
 * with A's own ids, is accepted: the refusal came from the foreign id, not from a broken request.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.js';
import { makeTestSchool, type TestSchool } from '../../server/test-school.js';
import { issueFixtureReceipt, registerSchoolAtCentral } from '../receipts/central.test-util.js';
import { setSelectionWindow } from '../selection/selection.test-window.js';
import { pdf } from '../uploads/test-corpus.js';
import { upsertWindow } from '../windows/windows.repo.js';
import { cadreBody, day, type Ids, isoDay, makeCases, type Req, work } from './cross-school.cases.js';

const t = await createTestApp();
afterAll(() => t.app.close());

type S = { cookie: string; csrf: string };

const sessions: Record<string, S> = {};
const CALLERS = [
  'teacher',
  'homeroom',
  'substitute',
  'academic',
  'affairs',
  'counselor',
  'accounts',
  'student',
  'parent',
  'all',
];
let A: TestSchool;
let B: TestSchool;
const ids: Record<'A' | 'B', Ids> = { A: {} as Ids, B: {} as Ids };
let attachment: Buffer;
const CASES = makeCases({ attachment: () => attachment, academicYear: () => A.academicYear });

async function call(who: string, method: string, path: string, r: Req) {
  let url = path.replace(/\{(\w+)\}/g, (_, k: string) => r.params?.[k] ?? `{${k}}`);
  if (r.query) url += `?${new URLSearchParams(r.query)}`;
  const s = sessions[who] as S;
  return t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(r.raw ? { 'content-type': 'application/octet-stream' } : {}),
    },
    payload: (r.raw ?? r.body) as never,
  });
}
async function okJson(who: string, method: string, path: string, r: Req) {
  const res = await call(who, method, path, r);
  expect(res.statusCode, `${method} ${path}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

/**
 * Routes of the OpenAPI document whose path, query or JSON body carries a uuid. The central exchange
 * (`/api/v1/central/exchange/`) is signed by a school's key, not a session: its cross-school cases are
 * in receipts.test.ts (and the intake's tests), each school's signature against the other's ids.
 */
function routesWithIds(doc: {
  paths: Record<string, Record<string, { parameters?: { schema?: unknown }[]; requestBody?: unknown }>>;
}) {
  const hasUuid = (v: unknown): boolean => JSON.stringify(v ?? null).includes('"format":"uuid"');
  const out: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (path.startsWith('/api/v1/central/exchange/')) continue;
    for (const [method, op] of Object.entries(methods)) {
      if ((op.parameters ?? []).some((p) => hasUuid(p.schema)) || hasUuid(op.requestBody)) {
        out.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return out;
}

/** The objects of one school that the cases refer to, made through the API by their owners. */
async function populate(s: TestSchool, who: (role: string) => string): Promise<Ids> {
  const as = (role: string) => who(role);
  const upload = async (purpose: string) =>
    (
      await okJson(as('student'), 'POST', '/api/v1/uploads', {
        query: { purpose, filename: `${purpose}.pdf` },
        raw: await pdf(),
      })
    ).id as string;
  const file = await upload('outcomeDocument');
  const file2 = await upload('outcomeDocument');
  const proof = await upload('performanceProof');
  const submit = async () =>
    (
      await okJson(as('student'), 'POST', '/api/v1/outcomes', {
        body: {
          courseId: s.courseId,
          title: '成果',
          summary: '報告',
          documentFileId: await upload('outcomeDocument'),
        },
      })
    ).id as string;
  const outcome = await submit();
  const outcome2 = await submit();
  const performance = (await okJson(as('student'), 'POST', '/api/v1/performances', { body: work(proof) }))
    .id as string;
  const performance2 = (await okJson(as('student'), 'POST', '/api/v1/performances', { body: work(proof) }))
    .id as string;
  // 勾選: a certified outcome, and the school's selection window open.
  const selectable = await submit();
  await okJson(as('teacher'), 'POST', '/api/v1/certification/decisions', {
    body: { outcomeIds: [selectable], decision: 'pass' },
  });
  await setSelectionWindow(t, s, 'selection', new Date(Date.now() - day), new Date(Date.now() + 40 * day));
  const assignment = (
    await okJson(as('academic'), 'POST', '/api/v1/counselling/assignments', {
      body: { counselorUserId: s.userIds.counselor, classId: s.classId },
    })
  ).id as string;
  const counsellingFile = (
    await okJson(as('counselor'), 'POST', '/api/v1/uploads', {
      query: { purpose: 'counsellingAttachment', filename: 'notes.pdf' },
      raw: attachment,
    })
  ).id as string;
  const substitute = (
    await okJson(as('academic'), 'POST', '/api/v1/substitutes', {
      body: { substituteStaffNo: 'T01', courseId: s.courseId, startsOn: isoDay(10), endsOn: isoDay(20) },
    })
  ).id as string;
  const record = (
    await okJson(as('counselor'), 'POST', '/api/v1/counselling', {
      body: CASES['POST /api/v1/counselling']?.req({ student: s.studentIds[0] } as Ids).body,
    })
  ).id as string;
  await okJson(as('counselor'), 'PUT', '/api/v1/counselling/{id}/attachment', {
    params: { id: record },
    query: { filename: 'notes.pdf' },
    raw: attachment,
  });
  const workbook = (await import('../imports/xlsx.js')).buildWorkbook;
  const batch = (
    await okJson(as('academic'), 'POST', '/api/v1/imports/{kind}', {
      params: { kind: 'staff' },
      query: { filename: 'staff.xlsx' },
      raw: await workbook([
        { name: 'staff', header: ['員工編號', '姓名', '職稱'], rows: [['T09', '新老師', '教師']] },
      ]),
    })
  ).batchId as string;
  // A decision notifies the student: that notice is the school's notification id.
  await okJson(as('teacher'), 'POST', '/api/v1/certification/decisions', {
    body: { outcomeIds: [outcome], decision: 'fail', reason: '請補上作者' },
  });
  const [notification] = (
    await t.db.execute(sql`select id from notifications where user_id = ${s.userIds.student} limit 1`)
  ).rows as { id: string }[];
  const [window] = (
    await t.db.execute(sql`select id from windows where school_id = ${s.school.id} and kind = 'upload'`)
  ).rows as { id: string }[];
  const cadre = (
    await okJson(as('affairs'), 'POST', '/api/v1/students/{id}/cadre', {
      params: { id: s.studentIds[0] as string },
      body: cadreBody('學生會', s.academicYear),
    })
  ).id as string;
  const code = (
    await okJson(as('affairs'), 'POST', '/api/v1/codes', {
      body: { domain: 'competitionField', code: 'S1', label: '校內領域' },
    })
  ).id as string;
  // A submission package (名冊別 4, this term): its build waits in the job queue.
  const [term] = (await t.db.execute(sql`select semester from terms where id = ${s.termId}`)).rows as {
    semester: number;
  }[];
  const pkg = (
    await okJson(as('academic'), 'POST', '/api/v1/submissions', {
      body: { year: s.academicYear, semester: term?.semester, roster: 4 },
    })
  ).id as string;
  const announcement = (
    await okJson(as('academic'), 'POST', '/api/v1/announcements', {
      body: { title: '全校公告', body: '內容', audience: 'all' },
    })
  ).id as string;
  // 收訖明細: the school registered at the repository (the fixture writes what the intake would), two
  // receipts of the first student fetched over the exchange, the second disputed by the student.
  const centralId = await registerSchoolAtCentral(t.db, s.school, t.sessionSecret);
  const [identity] = (
    await t.db.execute(
      sql`select national_id, birth_date::text as birth_date, name from students where id = ${s.studentIds[0]}`,
    )
  ).rows as { national_id: string; birth_date: string; name: string }[];
  const receiptOf = async (roster: number) =>
    (
      await issueFixtureReceipt(t.db, {
        centralSchoolId: centralId,
        schoolCode: s.school.code,
        student: {
          nationalId: identity?.national_id as string,
          birthDate: identity?.birth_date as string,
          name: '學生',
        },
        roster,
        academicYear: s.academicYear,
        semester: 1,
        rows: [{ data: { 成果序號: '1' } }],
      })
    ).receiptId;
  const receipt = await receiptOf(4);
  const disputedReceipt = await receiptOf(26);
  await upsertWindow(t.db, {
    schoolId: s.school.id,
    kind: 'receiptConfirmation',
    academicYear: s.academicYear,
    opensAt: new Date(Date.now() - day),
    closesAt: new Date(Date.now() + 40 * day),
  });
  await t.app.background.jobHandlers['receipts.sync']?.({ schoolId: s.school.id });
  await okJson(as('student'), 'POST', '/api/v1/receipts/{id}/response', {
    params: { id: disputedReceipt },
    body: { response: 'disputed', reason: '成果序號有誤' },
  });
  // A spare parent account of the school for the account routes.
  const spare = await t.makeUser({ schoolId: s.school.id, roles: ['parent'] });
  return {
    term: s.termId,
    class: s.classId,
    course: s.courseId,
    student: s.studentIds[0] as string,
    studentNo: s.studentNos[1] as string,
    user: spare.id,
    counselor: s.userIds.counselor as string,
    file,
    file2,
    proof,
    outcome,
    outcome2,
    performance,
    performance2,
    selectable,
    record,
    batch,
    notification: notification?.id as string,
    assignment,
    window: window?.id as string,
    cadre,
    code,
    package: pkg,
    substitute,
    counsellingFile,
    announcement,
    receipt,
    disputedReceipt,
  };
}

beforeAll(async () => {
  // The receipt sync reaches the repository's exchange over HTTP: this app on a loopback port.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.config.CENTRAL_URL = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  attachment = await pdf();
  A = await makeTestSchool(t, '900001', 1);
  B = await makeTestSchool(t, '900002', 2);
  for (const s of [A, B]) {
    for (const [role, username] of Object.entries(s.usernames)) {
      sessions[`${s.school.code}:${role}`] = await t.login(username);
    }
  }
  const all = await t.makeUser({
    schoolId: A.school.id,
    roles: [
      'teacher',
      'substitute',
      'homeroom',
      'academicAdmin',
      'studentAffairs',
      'counselor',
      'accountAdmin',
    ],
  });
  sessions[`${A.school.code}:all`] = await t.login(all.username);
  ids.A = await populate(A, (role) => `${A.school.code}:${role}`);
  ids.B = await populate(B, (role) => `${B.school.code}:${role}`);
}, 120_000);

describe('school A never reaches school B through an id', () => {
  it('every route with ids has a case', () => {
    const routes = routesWithIds(t.app.swagger() as never);
    expect(routes.filter((r) => !CASES[r])).toEqual([]);
    expect(Object.keys(CASES).filter((c) => !routes.includes(c))).toEqual([]);
  });

  it('each role of A with one of B’s ids is answered 403 or 404', async () => {
    // B's windows and extensions, before and after: nothing of A's may change them.
    const windowsOfB = async () =>
      (
        await t.db.execute(
          sql`select kind, opens_at, closes_at, updated_by, (select count(*)::int from window_extension_grants e where e.window_id = w.id) as extensions
              from windows w where school_id = ${B.school.id} order by kind, term_id, grade`,
        )
      ).rows;
    const before = await windowsOfB();
    const holes: string[] = [];
    for (const [route, c] of Object.entries(CASES)) {
      const [method, path] = route.split(' ') as [string, string];
      // Which ids the case uses: each is replaced by B's in turn, the others stay A's own.
      const used = new Set<keyof Ids>();
      const recorder = new Proxy(ids.A, {
        get: (o, k) => {
          used.add(k as keyof Ids);
          return o[k as keyof Ids];
        },
      });
      c.req(recorder);
      for (const key of used) {
        const req = c.req({ ...ids.A, [key]: ids.B[key] });
        for (const caller of CALLERS) {
          const res = await call(`${A.school.code}:${caller}`, method, path, req);
          if (res.statusCode !== 403 && res.statusCode !== 404) {
            holes.push(`${route} [${key}] as ${caller}: ${res.statusCode} ${res.body.slice(0, 120)}`);
          }
        }
      }
    }
    expect(holes).toEqual([]);
    expect(await windowsOfB()).toEqual(before);
  }, 300_000);

  it('the same requests with A’s own ids succeed (positive control)', async () => {
    const failures: string[] = [];
    // Destructive cases last, so the others still find their objects.
    const last = ['DELETE', 'POST /api/v1/outcomes/{id}/withdraw', 'disable', 'commit'];
    const order = Object.entries(CASES).sort(
      ([a], [b]) => Number(last.some((l) => a.includes(l))) - Number(last.some((l) => b.includes(l))),
    );
    for (const [route, c] of order) {
      if (!c.ok) continue;
      const [method, path] = route.split(' ') as [string, string];
      const res = await call(`${A.school.code}:${c.ok}`, method, path, c.req(ids.A));
      if (res.statusCode >= 300)
        failures.push(`${route} as ${c.ok}: ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
