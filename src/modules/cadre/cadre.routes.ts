import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { CadreService } from './cadre.service.js';

const ZIso = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZBody = z
  .object({
    academicYear: z.number().int().min(100).max(200),
    semester: z.number().int().min(1).max(2),
    unit: z.string().trim().min(1).max(200),
    startsOn: ZIso,
    endsOn: ZIso.nullish(),
    position: z.string().trim().min(1).max(200),
    level: z.number().int().min(1).max(99),
  })
  .strict();
const ZRecord = z.object({
  id: z.uuid(),
  studentId: z.uuid(),
  academicYear: z.number().int(),
  semester: z.number().int(),
  unit: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  position: z.string(),
  level: z.number().int(),
});
const ZId = z.object({ id: z.uuid() });
const ACCESS = { access: { roles: ['studentAffairs' as const] } };

/** 學務處: one student's 校內幹部 records, entered or corrected by form (the import does many at once). */
export const cadreRoutes: FastifyPluginAsyncZod<{ cadre: CadreService }> = async (app, { cadre }) => {
  app.get(
    '/api/v1/students/:id/cadre',
    {
      config: ACCESS,
      schema: {
        tags: ['cadre'],
        summary: "A student's school cadre records with their ids (學務處)",
        params: ZId,
        response: {
          200: z.object({
            student: z.object({
              id: z.uuid(),
              name: z.string(),
              studentNo: z.string(),
              className: z.string().nullable(),
            }),
            records: z.array(ZRecord),
          }),
        },
      },
    },
    async (request) => cadre.list(sessionOf(request).user, request.params.id, request.id),
  );

  app.post(
    '/api/v1/students/:id/cadre',
    {
      config: ACCESS,
      schema: {
        tags: ['cadre'],
        summary: 'Add one school cadre record to a student (audited)',
        params: ZId,
        body: ZBody,
        response: { 200: ZRecord },
      },
    },
    async (request) => cadre.create(sessionOf(request).user, request.params.id, request.body, request.id),
  );

  app.put(
    '/api/v1/cadre/:id',
    {
      config: ACCESS,
      schema: {
        tags: ['cadre'],
        summary: 'Correct one school cadre record (audited)',
        params: ZId,
        body: ZBody,
        response: { 200: ZRecord },
      },
    },
    async (request) => cadre.update(sessionOf(request).user, request.params.id, request.body, request.id),
  );

  app.delete(
    '/api/v1/cadre/:id',
    {
      config: ACCESS,
      schema: {
        tags: ['cadre'],
        summary: 'Delete one school cadre record (audited)',
        params: ZId,
        response: { 200: z.object({ id: z.uuid() }) },
      },
    },
    async (request) => cadre.remove(sessionOf(request).user, request.params.id, request.id),
  );
};
