import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { CertificationService } from './certification.service.js';

const ZQueueItem = z.object({
  id: z.uuid(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(['pending', 'passed', 'failed', 'withdrawn']),
  createdAt: z.date(),
  updatedAt: z.date(),
  courseId: z.uuid(),
  courseName: z.string(),
  courseCode: z.string(),
  studentName: z.string(),
  studentNo: z.string(),
  className: z.string().nullable(),
  classId: z.uuid().nullable(),
  documentFileId: z.uuid(),
  mediaFileId: z.uuid().nullable(),
  documentMime: z.string().nullable(),
  documentHasPreview: z.boolean().nullable(),
  mediaMime: z.string().nullable(),
  /** The decision in force (null while pending): who, on whose behalf, and the reason of a failure. */
  lastDecision: z
    .object({
      action: z.enum(['passed', 'failed']),
      reason: z.string().nullable(),
      at: z.string(),
      actor: z.string(),
      onBehalfOf: z.string().nullable(),
    })
    .nullable(),
  /** The teacher the caller certifies this course for, as a substitute (null for own courses). */
  certifyingFor: z.string().nullable(),
});

/** Certification: the queue and decisions (substitute assignments: substitutes.routes.ts). */
export const certificationRoutes: FastifyPluginAsyncZod<{ certification: CertificationService }> = async (
  app,
  { certification },
) => {
  const certifier = { access: { roles: ['teacher' as const, 'substitute' as const] } };

  app.get(
    '/api/v1/certification/queue',
    {
      config: certifier,
      schema: {
        tags: ['certification'],
        summary: 'Outcomes to certify across my courses (or one), with counts per status',
        querystring: z
          .object({
            courseId: z.uuid().optional(),
            classId: z.uuid().optional(),
            status: z.enum(['pending', 'passed', 'failed']).optional(),
            page: z.coerce.number().int().min(1).default(1),
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: {
          200: z.object({
            counts: z.object({
              pending: z.number().int(),
              passed: z.number().int(),
              failed: z.number().int(),
            }),
            items: z.array(ZQueueItem),
          }),
        },
      },
    },
    async (request) => certification.queue(sessionOf(request).user, request.query, request.id),
  );

  app.get(
    '/api/v1/certification/courses',
    {
      config: certifier,
      schema: {
        tags: ['certification'],
        summary:
          'Courses I certify today (own, or as substitute on the assignment’s dates) of this term or a term whose certification window is open',
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              name: z.string(),
              code: z.string(),
              academicYear: z.number().int(),
              semester: z.number().int(),
              /** The classes of the enrolled students, e.g. 電機二甲. */
              classes: z.string(),
              /** The absent teacher a substitute certifies this course for. */
              onBehalfOf: z.string().nullable(),
              /** False for a past term whose certification window is still open. */
              inCurrentTerm: z.boolean(),
            }),
          ),
        },
      },
    },
    async (request) => certification.myCourses(sessionOf(request).user),
  );

  app.post(
    '/api/v1/certification/decisions',
    {
      config: certifier,
      schema: {
        tags: ['certification'],
        summary: 'Pass, or fail with a reason, one or many outcomes (all or none)',
        body: z
          .object({
            outcomeIds: z.array(z.uuid()).min(1).max(500),
            decision: z.enum(['pass', 'fail']),
            reason: z.string().max(500).optional(),
          })
          .strict(),
        response: { 200: z.object({ decided: z.number().int(), status: z.string() }) },
      },
    },
    async (request) => certification.decide(sessionOf(request).user, request.body, request.id),
  );
};
