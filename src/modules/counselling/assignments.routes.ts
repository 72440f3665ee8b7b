import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { ZOk } from '../auth/auth.schemas.js';
import type { AssignmentsService } from './assignments.service.js';

const ZAssignment = z.object({
  id: z.uuid(),
  counselorUserId: z.uuid(),
  counselorName: z.string(),
  classId: z.uuid().nullable(),
  className: z.string().nullable(),
  studentId: z.uuid().nullable(),
  studentNo: z.string().nullable(),
  studentName: z.string().nullable(),
  assignedByName: z.string().nullable(),
  assignedAt: z.date(),
});

const ZAssignBody = z
  .object({
    counselorUserId: z.uuid(),
    classId: z.uuid().optional(),
    studentId: z.uuid().optional(),
  })
  .strict()
  .refine((b) => !!b.classId !== !!b.studentId, { message: 'classId or studentId, exactly one' });

/** 教務處 and 輔導室 manage which counsellor serves which class or student. */
const managers = { access: { roles: ['academicAdmin' as const, 'counselor' as const] } };

export const assignmentsRoutes: FastifyPluginAsyncZod<{ assignments: AssignmentsService }> = async (
  app,
  { assignments },
) => {
  app.get(
    '/api/v1/counselling/assignments',
    {
      config: managers,
      schema: {
        tags: ['counselling'],
        summary: "The school's counsellor assignments (optionally of one counsellor) and its counsellors",
        querystring: z.object({ counselorUserId: z.uuid().optional() }).strict(),
        response: {
          200: z.object({
            assignments: z.array(ZAssignment),
            counselors: z.array(z.object({ id: z.uuid(), name: z.string() })),
          }),
        },
      },
    },
    async (request) => assignments.list(sessionOf(request).user, request.query.counselorUserId),
  );

  app.post(
    '/api/v1/counselling/assignments',
    {
      config: managers,
      schema: {
        tags: ['counselling'],
        summary: 'Assign a counsellor to a class or a student (never oneself; audited)',
        body: ZAssignBody,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ id: await assignments.assign(sessionOf(request).user, request.body, request.id) }),
  );

  app.delete(
    '/api/v1/counselling/assignments/:id',
    {
      config: managers,
      schema: {
        tags: ['counselling'],
        summary: 'End an assignment (audited)',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZOk },
      },
    },
    async (request) => {
      await assignments.unassign(sessionOf(request).user, request.params.id, request.id);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/v1/counselling/students',
    {
      config: { access: { roles: ['counselor'] } },
      schema: {
        tags: ['counselling'],
        summary: 'The students assigned to the caller (directly or by class)',
        response: {
          200: z.array(
            z.object({
              id: z.uuid(),
              studentNo: z.string(),
              name: z.string(),
              className: z.string().nullable(),
              seatNo: z.number().nullable(),
            }),
          ),
        },
      },
    },
    async (request) => assignments.myStudents(sessionOf(request).user),
  );
};
