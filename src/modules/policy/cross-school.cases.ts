/**
 * The cases of the cross-school route walk (cross-school.test.ts): every route of the OpenAPI document
 * that carries an id, with the request it is sent (built from one school's ids) and who succeeds with
 * the school's own ids. A route with ids and no case here fails the walk.
 */

/** The objects of one school that the cases refer to. */
export type Ids = Record<
  | 'term'
  | 'class'
  | 'course'
  | 'student'
  | 'studentNo'
  | 'user'
  | 'counselor'
  | 'file'
  | 'file2'
  | 'proof'
  | 'outcome'
  | 'outcome2'
  | 'performance'
  | 'performance2'
  | 'selectable'
  | 'record'
  | 'batch'
  | 'notification'
  | 'assignment'
  | 'window'
  | 'cadre'
  | 'code'
  | 'package'
  | 'substitute'
  | 'counsellingFile'
  | 'announcement'
  | 'receipt'
  | 'disputedReceipt',
  string
>;
export interface Req {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  raw?: Buffer;
}
export interface Case {
  req: (ids: Ids) => Req;
  /** Who succeeds with A's own ids (positive control); null when success depends on background work. */
  ok: string | null;
}

export const day = 86_400_000;
export const isoDay = (offset: number) => new Date(Date.now() + offset * day).toISOString().slice(0, 10);
const window = () => ({
  opensAt: new Date(Date.now() - day).toISOString(),
  closesAt: new Date(Date.now() + 40 * day).toISOString(),
});
export const work = (proof: string) => ({
  category: 'work',
  fields: { name: '智慧盆栽' },
  summary: '專題作品',
  startsOn: isoDay(-1),
  proofFileId: proof,
});

export const cadreBody = (unit: string, academicYear: number) => ({
  academicYear,
  semester: 1,
  unit,
  startsOn: isoDay(-30),
  position: '會長',
  level: 1,
});

/**
 * Every route with ids; the key is "METHOD /path" as in the OpenAPI document. `env` gives what the
 * requests need that only exists once the test runs (the attachment's bytes, the schools' year).
 */
export function makeCases(env: {
  attachment: () => Buffer;
  academicYear: () => number;
}): Record<string, Case> {
  const attachment = (): Buffer => env.attachment();
  return {
    'POST /api/v1/accounts/provision': {
      req: (i) => ({ body: { target: 'guardians', classId: i.class } }),
      ok: 'accounts',
    },
    'POST /api/v1/accounts/reset-passwords': {
      req: (i) => ({ body: { userIds: [i.user] } }),
      ok: 'accounts',
    },
    'POST /api/v1/accounts/{id}/disable': { req: (i) => ({ params: { id: i.user } }), ok: 'accounts' },
    'POST /api/v1/accounts/{id}/enable': { req: (i) => ({ params: { id: i.user } }), ok: 'accounts' },
    'POST /api/v1/accounts/{id}/children': {
      req: (i) => ({ params: { id: i.user }, body: { studentNo: i.studentNo, relation: '父' } }),
      ok: 'accounts',
    },
    'PUT /api/v1/accounts/{id}/roles': {
      req: (i) => ({ params: { id: i.user }, body: { roles: ['parent'] } }),
      ok: 'accounts',
    },
    'GET /api/v1/audit': { req: (i) => ({ query: { studentId: i.student } }), ok: 'academic' },
    'GET /api/v1/audit.xlsx': { req: (i) => ({ query: { studentId: i.student } }), ok: 'academic' },
    'GET /api/v1/students': { req: (i) => ({ query: { classId: i.class } }), ok: 'academic' },
    'GET /api/v1/students/{id}/record': { req: (i) => ({ params: { id: i.student } }), ok: 'academic' },
    'GET /api/v1/students/{id}/status': { req: (i) => ({ params: { id: i.student } }), ok: 'parent' },
    'GET /api/v1/students/{id}/timeline': { req: (i) => ({ params: { id: i.student } }), ok: 'academic' },
    'POST /api/v1/announcements': {
      req: (i) => ({ body: { title: '班級公告', body: '內容', audience: 'class', classId: i.class } }),
      ok: 'academic',
    },
    'DELETE /api/v1/announcements/{id}': { req: (i) => ({ params: { id: i.announcement } }), ok: 'academic' },
    'GET /api/v1/classes/{id}/roster': { req: (i) => ({ params: { id: i.class } }), ok: 'academic' },
    'GET /api/v1/courses': { req: (i) => ({ query: { termId: i.term } }), ok: 'academic' },
    'GET /api/v1/files/{id}': { req: (i) => ({ params: { id: i.file } }), ok: 'student' },
    'GET /api/v1/files/{id}/content': { req: (i) => ({ params: { id: i.file } }), ok: 'student' },
    'GET /api/v1/files/{id}/preview': { req: (i) => ({ params: { id: i.file } }), ok: null },
    'GET /api/v1/files/{id}/thumbnail': { req: (i) => ({ params: { id: i.file } }), ok: null },
    'GET /api/v1/counselling': { req: (i) => ({ query: { studentId: i.student } }), ok: 'counselor' },
    'POST /api/v1/counselling': {
      req: (i) => ({
        body: {
          kind: 'individual',
          studentIds: [i.student],
          startsAt: new Date(Date.now() - 3_600_000).toISOString(),
          endsAt: new Date().toISOString(),
          title: '選課諮詢',
          place: '輔導室',
          summary: '討論下學期選修',
          attachmentFileId: i.counsellingFile,
        },
      }),
      ok: 'counselor',
    },
    'PUT /api/v1/counselling/{id}/attachment': {
      req: (i) => ({ params: { id: i.record }, query: { filename: 'notes.pdf' }, raw: attachment() }),
      ok: 'counselor',
    },
    'GET /api/v1/counselling/{id}/attachment': {
      req: (i) => ({ params: { id: i.record } }),
      ok: 'counselor',
    },
    'GET /api/v1/counselling/assignments': {
      req: (i) => ({ query: { counselorUserId: i.counselor } }),
      ok: 'academic',
    },
    'POST /api/v1/counselling/assignments': {
      req: (i) => ({ body: { counselorUserId: i.counselor, studentId: i.student } }),
      ok: 'academic',
    },
    'DELETE /api/v1/counselling/assignments/{id}': {
      req: (i) => ({ params: { id: i.assignment } }),
      ok: 'academic',
    },
    'GET /api/v1/outcomes': { req: (i) => ({ query: { termId: i.term } }), ok: 'student' },
    'POST /api/v1/outcomes': {
      req: (i) => ({
        body: { courseId: i.course, title: '報告', summary: '期末報告', documentFileId: i.file2 },
      }),
      ok: 'student',
    },
    'GET /api/v1/students/{id}/outcomes': { req: (i) => ({ params: { id: i.student } }), ok: 'academic' },
    'GET /api/v1/classes/{id}/outcome-progress/missing.xlsx': {
      req: (i) => ({ params: { id: i.class } }),
      ok: 'academic',
    },
    'GET /api/v1/classes/{id}/outcome-progress': {
      req: (i) => ({ params: { id: i.class } }),
      ok: 'academic',
    },
    'PUT /api/v1/outcomes/{id}': {
      req: (i) => ({
        params: { id: i.outcome },
        body: { title: '報告（修改）', summary: '期末報告', documentFileId: i.file },
      }),
      ok: 'student',
    },
    'GET /api/v1/outcomes/{id}': { req: (i) => ({ params: { id: i.outcome } }), ok: 'student' },
    'PUT /api/v1/outcome-drafts': {
      req: (i) => ({
        body: {
          outcomeId: i.outcome,
          courseId: i.course,
          title: '草稿',
          summary: '',
          documentFileId: i.file,
        },
      }),
      ok: 'student',
    },
    'DELETE /api/v1/outcome-drafts': { req: (i) => ({ query: { outcomeId: i.outcome } }), ok: 'student' },
    'POST /api/v1/outcomes/{id}/withdraw': { req: (i) => ({ params: { id: i.outcome } }), ok: 'student' },
    'PUT /api/v1/terms/{termId}/windows/{kind}': {
      req: (i) => ({ params: { termId: i.term, kind: 'upload' }, body: window() }),
      ok: 'academic',
    },
    'POST /api/v1/terms/{termId}/windows/{kind}/extensions': {
      req: (i) => ({
        params: { termId: i.term, kind: 'upload' },
        body: {
          closesAt: new Date(Date.now() + 50 * day).toISOString(),
          reason: '公假',
          studentId: i.student,
        },
      }),
      ok: 'academic',
    },
    'GET /api/v1/windows': { req: (i) => ({ query: { termId: i.term } }), ok: 'academic' },
    'PUT /api/v1/windows': {
      req: (i) => ({
        body: { kind: 'upload', termId: i.term, closesAt: new Date(Date.now() + 40 * day).toISOString() },
      }),
      ok: 'academic',
    },
    'PATCH /api/v1/windows/{id}': {
      req: (i) => ({
        params: { id: i.window },
        body: { closesAt: new Date(Date.now() + 45 * day).toISOString() },
      }),
      ok: 'academic',
    },
    'POST /api/v1/windows/{id}/extensions': {
      req: (i) => ({
        params: { id: i.window },
        body: {
          closesAt: new Date(Date.now() + 50 * day).toISOString(),
          reason: '病假',
          studentId: i.student,
        },
      }),
      ok: 'academic',
    },
    'POST /api/v1/performances': { req: (i) => ({ body: work(i.proof) }), ok: 'student' },
    'PUT /api/v1/performances/{id}': {
      req: (i) => ({ params: { id: i.performance }, body: work(i.proof) }),
      ok: 'student',
    },
    'DELETE /api/v1/performances/{id}': { req: (i) => ({ params: { id: i.performance } }), ok: 'student' },
    'GET /api/v1/students/{id}/performances': { req: (i) => ({ params: { id: i.student } }), ok: 'affairs' },
    'POST /api/v1/performance-windows/{year}/extensions': {
      req: (i) => ({
        params: { year: String(env.academicYear()) },
        body: {
          closesAt: new Date(Date.now() + 50 * day).toISOString(),
          reason: '公假',
          studentId: i.student,
        },
      }),
      ok: 'affairs',
    },
    'GET /api/v1/students/{id}/portfolio': { req: (i) => ({ params: { id: i.student } }), ok: 'academic' },
    'GET /api/v1/certification/queue': {
      req: (i) => ({ query: { courseId: i.course, classId: i.class } }),
      ok: 'teacher',
    },
    'POST /api/v1/substitutes': {
      req: (i) => ({
        body: { substituteStaffNo: 'T03', courseId: i.course, startsOn: isoDay(0), endsOn: isoDay(7) },
      }),
      ok: 'academic',
    },
    'PATCH /api/v1/substitutes/{id}': {
      req: (i) => ({ params: { id: i.substitute }, body: { endsOn: isoDay(15) } }),
      ok: 'academic',
    },
    'DELETE /api/v1/substitutes/{id}': { req: (i) => ({ params: { id: i.substitute } }), ok: 'academic' },
    'POST /api/v1/certification/decisions': {
      req: (i) => ({ body: { outcomeIds: [i.outcome2], decision: 'pass' } }),
      ok: 'teacher',
    },
    'POST /api/v1/notifications/read': { req: (i) => ({ body: { ids: [i.notification] } }), ok: 'student' },
    'POST /api/v1/imports/batches/{id}/commit': { req: (i) => ({ params: { id: i.batch } }), ok: 'academic' },
    'POST /api/v1/selection/outcomes/{id}': { req: (i) => ({ params: { id: i.selectable } }), ok: 'student' },
    'DELETE /api/v1/selection/outcomes/{id}': {
      req: (i) => ({ params: { id: i.selectable } }),
      ok: 'student',
    },
    'POST /api/v1/selection/performances/{id}': {
      req: (i) => ({ params: { id: i.performance2 } }),
      ok: 'student',
    },
    'DELETE /api/v1/selection/performances/{id}': {
      req: (i) => ({ params: { id: i.performance2 } }),
      ok: 'student',
    },
    'GET /api/v1/students/{id}/selection': { req: (i) => ({ params: { id: i.student } }), ok: 'homeroom' },
    'GET /api/v1/classes/{id}/selection': { req: (i) => ({ params: { id: i.class } }), ok: 'homeroom' },
    'PUT /api/v1/codes/{id}': {
      req: (i) => ({ params: { id: i.code }, body: { disabled: true } }),
      ok: 'affairs',
    },
    'GET /api/v1/students/{id}/cadre': { req: (i) => ({ params: { id: i.student } }), ok: 'affairs' },
    'POST /api/v1/students/{id}/cadre': {
      req: (i) => ({ params: { id: i.student }, body: cadreBody('交通隊', env.academicYear()) }),
      ok: 'affairs',
    },
    'PUT /api/v1/cadre/{id}': {
      req: (i) => ({ params: { id: i.cadre }, body: cadreBody('學生會', env.academicYear()) }),
      ok: 'affairs',
    },
    'DELETE /api/v1/cadre/{id}': { req: (i) => ({ params: { id: i.cadre } }), ok: 'affairs' },
    'GET /api/v1/submissions/{id}': { req: (i) => ({ params: { id: i.package } }), ok: 'academic' },
    'GET /api/v1/submissions/{id}/download': { req: (i) => ({ params: { id: i.package } }), ok: null },
    'GET /api/v1/students/{id}/receipts': { req: (i) => ({ params: { id: i.student } }), ok: 'parent' },
    'POST /api/v1/receipts/{id}/response': {
      req: (i) => ({ params: { id: i.receipt }, body: { response: 'confirmed' } }),
      ok: 'student',
    },
    'POST /api/v1/receipts/{id}/answer': {
      req: (i) => ({ params: { id: i.disputedReceipt }, body: { note: '資料無誤，已向學生說明' } }),
      ok: 'academic',
    },
  };
}
