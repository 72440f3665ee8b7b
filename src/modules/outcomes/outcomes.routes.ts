import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { sendDownload } from '../../server/download.js';
import type { OutcomesService } from './outcomes.service.js';
import type { ProgressService } from './progress.service.js';

const ZStatus = z.enum(['pending', 'passed', 'failed', 'withdrawn']);
const ZOutcome = z.object({
  id: z.uuid(),
  studentId: z.uuid(),
  courseId: z.uuid(),
  termId: z.uuid(),
  title: z.string(),
  summary: z.string(),
  documentFileId: z.uuid(),
  mediaFileId: z.uuid().nullable(),
  status: ZStatus,
  decidedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ZEvent = z.object({
  at: z.date(),
  action: z.string(),
  reason: z.string().nullable(),
  actor: z.string().nullable(),
  onBehalfOf: z.string().nullable(),
  snapshot: z.record(z.string(), z.unknown()),
});
/**
 * Required title, 簡述 ≤ 100 characters (by code points), the document and the course are checked by the
 * service, all at once with each rule's own message; the schema only bounds the sizes.
 */
const ZText = {
  title: z.string().trim().max(100),
  summary: z.string().max(2000),
  /** On a revision, left out keeps the file submitted. */
  documentFileId: z.uuid().nullable().optional(),
  /** On a revision, left out keeps the media submitted; null removes it. */
  mediaFileId: z.uuid().nullable().optional(),
};
/** The student's own card: the teacher's fail reason and the submitted files' names. */
const ZMyOutcome = ZOutcome.extend({
  failReason: z.string().nullable(),
  documentName: z.string().nullable(),
  mediaName: z.string().nullable(),
});
const ZId = z.object({ id: z.uuid() });
const present = (o: Parameters<typeof ZOutcome.parse>[0]) => ZOutcome.parse(o);

/** Course outcomes: students submit and revise; teachers and substitutes certify; 教務處 sets windows. */

/**
 * The current term (schools/current-term.ts): its row, null between terms (the school has not set the
 * term up yet: pages say so), and the calendar term, always known.
 */
const ZCurrentTerm = {
  term: z.object({ id: z.uuid(), academicYear: z.number(), semester: z.number() }).nullable(),
  currentTerm: z.object({ academicYear: z.number(), semester: z.union([z.literal(1), z.literal(2)]) }),
};
export const outcomesRoutes: FastifyPluginAsyncZod<{
  outcomes: OutcomesService;
  progress: ProgressService;
}> = async (app, { outcomes, progress }) => {
  const student = { access: { roles: ['student' as const] } };
  const _certifier = { access: { roles: ['teacher' as const, 'substitute' as const] } };
  const office = { access: { roles: ['academicAdmin' as const] } };

  app.get(
    '/api/v1/outcomes',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'My outcomes of a term',
        querystring: z.object({ termId: z.uuid() }).strict(),
        response: { 200: z.array(ZOutcome) },
      },
    },
    async (request) => (await outcomes.mine(sessionOf(request).user, request.query.termId)).map(present),
  );

  app.get(
    '/api/v1/outcomes/overview',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'This term: window, limits, my courses with counts and my outcomes',
        response: {
          200: z.object({
            ...ZCurrentTerm,
            window: z
              .object({ opensAt: z.date(), closesAt: z.date().nullable(), state: z.string() })
              .nullable(),
            limits: z.object({ perSemester: z.number(), perCourse: z.number() }),
            courses: z.array(
              z.object({ id: z.uuid(), code: z.string(), name: z.string(), count: z.number() }),
            ),
            outcomes: z.array(ZMyOutcome),
          }),
        },
      },
    },
    async (request) => outcomes.overview(sessionOf(request).user),
  );

  app.get(
    '/api/v1/students/:id/outcomes',
    {
      schema: {
        tags: ['outcomes'],
        summary: "A student's outcomes this term (self, parents read-only, homeroom, offices, counsellor)",
        params: ZId,
        response: {
          200: z.object({
            ...ZCurrentTerm,
            outcomes: z.array(ZOutcome),
          }),
        },
      },
    },
    async (request) => outcomes.ofStudent(sessionOf(request).user, request.params.id, request.id),
  );

  const ZBy = z.object({ by: z.enum(['grade', 'class', 'course', 'teacher']).default('class') }).strict();
  app.get(
    '/api/v1/outcomes/progress',
    {
      config: office,
      schema: {
        tags: ['outcomes'],
        summary: 'School-wide progress this term by grade, class, course or teacher (pending per teacher)',
        querystring: ZBy,
        response: {
          200: z.object({
            ...ZCurrentTerm,
            by: z.string(),
            rows: z.array(
              z.object({
                label: z.string(),
                students: z.number().nullable(),
                studentsWithNone: z.number().nullable(),
                uploaded: z.number(),
                pending: z.number(),
                passed: z.number(),
                failed: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => progress.schoolProgress(sessionOf(request).user, request.query.by, request.id),
  );

  app.get(
    '/api/v1/outcomes/progress.xlsx',
    {
      config: office,
      schema: { tags: ['outcomes'], summary: 'School-wide progress as xlsx', querystring: ZBy },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await progress.schoolProgressWorkbook(sessionOf(request).user, request.query.by, request.id),
      ),
  );

  app.get(
    '/api/v1/classes/:id/outcome-progress/missing.xlsx',
    {
      config: { access: { roles: ['homeroom', 'academicAdmin'] } },
      schema: {
        tags: ['outcomes'],
        summary: 'Students of the class with nothing uploaded this term (xlsx)',
        params: ZId,
      },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await progress.missingWorkbook(sessionOf(request).user, request.params.id, request.id),
      ),
  );

  app.get(
    '/api/v1/classes/:id/outcome-progress',
    {
      config: { access: { roles: ['homeroom', 'academicAdmin'] } },
      schema: {
        tags: ['outcomes'],
        summary: 'Per-student outcome counts of a class in the current term',
        params: ZId,
        response: {
          200: z.object({
            ...ZCurrentTerm,
            students: z.array(
              z.object({
                id: z.uuid(),
                seatNo: z.number().nullable(),
                studentNo: z.string(),
                name: z.string(),
                uploaded: z.number(),
                passed: z.number(),
                failed: z.number(),
                pending: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => progress.classProgress(sessionOf(request).user, request.params.id, request.id),
  );

  app.post(
    '/api/v1/outcomes',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'Submit an outcome for an enrolled course',
        body: z.object({ courseId: z.uuid().nullable().optional(), ...ZText }).strict(),
        response: { 201: ZOutcome },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(present(await outcomes.create(sessionOf(request).user, request.body, request.id))),
  );

  app.put(
    '/api/v1/outcomes/:id',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'Edit a pending outcome, or resubmit a failed one',
        params: ZId,
        body: z.object(ZText).strict(),
        response: { 200: ZOutcome },
      },
    },
    async (request) =>
      present(await outcomes.revise(sessionOf(request).user, request.params.id, request.body, request.id)),
  );

  app.post(
    '/api/v1/outcomes/:id/withdraw',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'Withdraw an uncertified outcome',
        params: ZId,
        response: { 200: ZOutcome },
      },
    },
    async (request) =>
      present(await outcomes.withdraw(sessionOf(request).user, request.params.id, request.id)),
  );

  app.get(
    '/api/v1/outcomes/:id',
    {
      schema: {
        tags: ['outcomes'],
        summary: 'An outcome with its timeline (owner or certifier)',
        params: ZId,
        response: { 200: ZOutcome.extend({ timeline: z.array(ZEvent) }) },
      },
    },
    async (request) => outcomes.detail(sessionOf(request).user, request.params.id, request.id),
  );

  app.put(
    '/api/v1/terms/:termId/windows/:kind',
    {
      config: office,
      schema: {
        tags: ['outcomes'],
        summary: 'Set the upload or certification window of a term (audited); warns when too short',
        params: z.object({ termId: z.uuid(), kind: z.enum(['upload', 'certification']) }),
        body: z
          .object({
            opensAt: z.coerce.date(),
            closesAt: z.coerce.date(),
            closingCeremony: z.iso.date().nullable().optional(),
            gradeTwelveSemesterTwo: z.boolean().optional(),
          })
          .strict(),
        response: { 200: z.object({ warning: z.boolean() }) },
      },
    },
    async (request) =>
      outcomes.setWindow(sessionOf(request).user, { ...request.params, ...request.body }, request.id),
  );

  app.post(
    '/api/v1/terms/:termId/windows/:kind/extensions',
    {
      config: office,
      schema: {
        tags: ['outcomes'],
        summary: 'Extend a window for the school or one student (audited)',
        params: z.object({ termId: z.uuid(), kind: z.enum(['upload', 'certification']) }),
        body: z
          .object({
            closesAt: z.coerce.date(),
            reason: z.string().trim().min(1).max(200),
            studentId: z.uuid().optional(),
          })
          .strict(),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await outcomes.extendWindow(
        sessionOf(request).user,
        { ...request.params, ...request.body },
        request.id,
      );
      return { ok: true as const };
    },
  );
};
