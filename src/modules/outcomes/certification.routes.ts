import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { CertificationService } from './certification.service.js';

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
        summary: 'Courses I may certify today (own and as substitute)',
        response: { 200: z.array(z.object({ id: z.uuid(), name: z.string(), code: z.string() })) },
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
