import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { SubstitutesService } from './substitutes.service.js';

const ZSubstitute = z.object({
  id: z.uuid(),
  startsOn: z.string(),
  endsOn: z.string(),
  substitute: z.string(),
  substituteStaffNo: z.string(),
  absentTeacher: z.string().nullable(),
  absentStaffNo: z.string().nullable(),
  courseName: z.string().nullable(),
  courseCode: z.string().nullable(),
  courseClasses: z.string().nullable(),
});

/** 代理人: substitute certifier assignments (教務處). */
export const substitutesRoutes: FastifyPluginAsyncZod<{ substitutes: SubstitutesService }> = async (
  app,
  { substitutes },
) => {
  const office = { access: { roles: ['academicAdmin' as const] } };
  const ZParams = z.object({ id: z.uuid() });

  app.get(
    '/api/v1/substitutes',
    {
      config: office,
      schema: {
        tags: ['certification'],
        summary: 'Substitute certifier assignments, newest first',
        response: { 200: z.array(ZSubstitute) },
      },
    },
    async (request) => substitutes.list(sessionOf(request).user),
  );

  app.post(
    '/api/v1/substitutes',
    {
      config: office,
      schema: {
        tags: ['certification'],
        summary:
          'Assign a substitute certifier (代理人) for a course or an absent teacher, for a date range (no overlapping duplicate)',
        body: z
          .object({
            substituteStaffNo: z.string().trim().min(1).max(20),
            absentStaffNo: z.string().trim().min(1).max(20).optional(),
            courseId: z.uuid().optional(),
            startsOn: z.iso.date(),
            endsOn: z.iso.date(),
          })
          .strict(),
        response: { 200: z.object({ ok: z.literal(true), id: z.uuid() }) },
      },
    },
    async (request) => {
      const id = await substitutes.assign(sessionOf(request).user, request.body, request.id);
      return { ok: true as const, id };
    },
  );

  app.patch(
    '/api/v1/substitutes/:id',
    {
      config: office,
      schema: {
        tags: ['certification'],
        summary: 'End an assignment early (new last day from today to the day before its end)',
        params: ZParams,
        body: z.object({ endsOn: z.iso.date() }).strict(),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await substitutes.end(sessionOf(request).user, request.params.id, request.body.endsOn, request.id);
      return { ok: true as const };
    },
  );

  app.delete(
    '/api/v1/substitutes/:id',
    {
      config: office,
      schema: {
        tags: ['certification'],
        summary: 'Remove an assignment entered by mistake',
        params: ZParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await substitutes.remove(sessionOf(request).user, request.params.id, request.id);
      return { ok: true as const };
    },
  );
};
