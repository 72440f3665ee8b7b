import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERFORMANCE_CATEGORIES } from '../../domain/performances.js';
import { sessionOf } from '../../server/access.js';
import { sendDownload } from '../../server/download.js';
import type { PerformancesService } from './performances.service.js';

const ZRecord = z.object({
  id: z.uuid(),
  studentId: z.uuid(),
  academicYear: z.number(),
  category: z.enum(PERFORMANCE_CATEGORIES),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
  summary: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
  proofFileId: z.uuid().nullable(),
  mediaFileId: z.uuid().nullable(),
  externalUrl: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const ZCadre = z.object({
  id: z.uuid(),
  academicYear: z.number(),
  semester: z.number(),
  unit: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  position: z.string(),
  level: z.number(),
});
const ZList = { records: z.array(ZRecord), schoolCadre: z.array(ZCadre) };
/** Field-level rules (category fields, dates, 簡述, link) are the domain's, checked by the service. */
const ZBody = z.object({
  category: z.string().max(40),
  fields: z.record(z.string().max(40), z.union([z.string().max(2000), z.number(), z.null()])),
  summary: z.string().max(2000),
  startsOn: z.string().max(20).nullable().optional(),
  endsOn: z.string().max(20).nullable().optional(),
  proofFileId: z.uuid().nullable().optional(),
  mediaFileId: z.uuid().nullable().optional(),
  externalUrl: z.string().max(2000).nullable().optional(),
});
const ZId = z.object({ id: z.uuid() });
const ZYear = z.object({ year: z.coerce.number().int().min(100).max(200) });
const ZWindow = z.object({ opensAt: z.date(), closesAt: z.date() });

/** 多元表現: students record; parents, homeroom and offices read; 學務處 sets the yearly window. */
export const performancesRoutes: FastifyPluginAsyncZod<{ performances: PerformancesService }> = async (
  app,
  { performances },
) => {
  const student = { access: { roles: ['student' as const] } };
  const affairs = { access: { roles: ['studentAffairs' as const] } };

  app.get(
    '/api/v1/performances',
    {
      config: student,
      schema: {
        tags: ['performances'],
        summary: 'My records (all years), school-entered cadre records, this year’s window',
        response: {
          200: z.object({
            academicYear: z.number(),
            entryYear: z.number(),
            today: z.string(),
            window: z.object({ opensAt: z.date(), closesAt: z.date(), state: z.string() }).nullable(),
            ...ZList,
          }),
        },
      },
    },
    async (request) => performances.mine(sessionOf(request).user),
  );

  app.post(
    '/api/v1/performances',
    {
      config: student,
      schema: {
        tags: ['performances'],
        summary: 'Record a performance this academic year (inside the window)',
        body: ZBody,
        response: { 201: ZRecord },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await performances.create(sessionOf(request).user, request.body, request.id)),
  );

  app.put(
    '/api/v1/performances/:id',
    {
      config: student,
      schema: {
        tags: ['performances'],
        summary: 'Edit my record (inside its year’s window)',
        params: ZId,
        body: ZBody,
        response: { 200: ZRecord },
      },
    },
    async (request) =>
      performances.update(sessionOf(request).user, request.params.id, request.body, request.id),
  );

  app.delete(
    '/api/v1/performances/:id',
    {
      config: student,
      schema: { tags: ['performances'], summary: 'Delete my record (inside its year’s window)', params: ZId },
    },
    async (request, reply) => {
      await performances.remove(sessionOf(request).user, request.params.id, request.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/students/:id/performances',
    {
      schema: {
        tags: ['performances'],
        summary: "A student's records, read-only (self, parents, homeroom, offices, counsellor)",
        params: ZId,
        response: {
          200: z.object({
            student: z.object({ id: z.uuid(), name: z.string(), studentNo: z.string() }),
            access: z.string(),
            ...ZList,
          }),
        },
      },
    },
    async (request) => performances.ofStudent(sessionOf(request).user, request.params.id, request.id),
  );

  app.get(
    '/api/v1/performance-windows/:year',
    {
      config: affairs,
      schema: {
        tags: ['performances'],
        summary: 'The performance window of an academic year and its extensions',
        params: ZYear,
        response: {
          200: z.object({
            academicYear: z.number(),
            window: ZWindow.nullable(),
            extensions: z.array(
              z.object({
                id: z.uuid(),
                studentId: z.uuid().nullable(),
                studentName: z.string().nullable(),
                studentNo: z.string().nullable(),
                closesAt: z.date(),
                reason: z.string(),
                createdAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => performances.windowAdmin(sessionOf(request).user, request.params.year, request.id),
  );

  app.put(
    '/api/v1/performance-windows/:year',
    {
      config: affairs,
      schema: {
        tags: ['performances'],
        summary: 'Set the performance window of an academic year (audited)',
        params: ZYear,
        body: z.object({ opensAt: z.coerce.date(), closesAt: z.coerce.date() }),
      },
    },
    async (request, reply) => {
      await performances.setWindow(
        sessionOf(request).user,
        { academicYear: request.params.year, ...request.body },
        request.id,
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/performance-windows/:year/extensions',
    {
      config: affairs,
      schema: {
        tags: ['performances'],
        summary: 'Extend the window for the school or one student (audited)',
        params: ZYear,
        body: z.object({
          closesAt: z.coerce.date(),
          reason: z.string().trim().min(1).max(200),
          studentId: z.uuid().nullable().optional(),
        }),
      },
    },
    async (request, reply) => {
      await performances.extendWindow(
        sessionOf(request).user,
        { academicYear: request.params.year, ...request.body },
        request.id,
      );
      return reply.status(204).send();
    },
  );

  const ZOverview = z.object({
    academicYear: z.number(),
    byCategory: z.array(z.object({ category: z.enum(PERFORMANCE_CATEGORIES), records: z.number() })),
    byGrade: z.array(
      z.object({
        grade: z.number(),
        students: z.number(),
        records: z.number(),
        studentsWithNone: z.number(),
      }),
    ),
    byClass: z.array(
      z.object({
        classId: z.uuid(),
        className: z.string(),
        grade: z.number(),
        students: z.number(),
        records: z.number(),
        studentsWithNone: z.number(),
        schoolCadreRecords: z.number(),
      }),
    ),
    studentsWithNone: z.array(
      z.object({
        id: z.uuid(),
        studentNo: z.string(),
        name: z.string(),
        className: z.string(),
        grade: z.number(),
      }),
    ),
  });
  app.get(
    '/api/v1/performances/overview/:year',
    {
      config: affairs,
      schema: {
        tags: ['performances'],
        summary: 'School-wide records of a year per category, grade and class; students with none',
        params: ZYear,
        response: { 200: ZOverview },
      },
    },
    async (request) => performances.overview(sessionOf(request).user, request.params.year, request.id),
  );

  app.get(
    '/api/v1/performances/overview/:year/xlsx',
    {
      config: affairs,
      schema: { tags: ['performances'], summary: 'The overview as xlsx', params: ZYear },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        await performances.overviewWorkbook(sessionOf(request).user, request.params.year, request.id),
      ),
  );
};
