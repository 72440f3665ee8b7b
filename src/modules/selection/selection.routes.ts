import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERFORMANCE_CATEGORIES } from '../../domain/performances.js';
import { SELECTION_WINDOW_MODES } from '../../domain/school-settings.js';
import { sessionOf } from '../../server/access.js';
import type { SelectionService } from './selection.service.js';

const ZWindow = z
  .object({ opensAt: z.date(), closesAt: z.date(), state: z.enum(['open', 'not-yet', 'closed']) })
  .nullable();
const ZView = z.object({
  access: z.string(),
  student: z.object({ id: z.uuid(), name: z.string(), studentNo: z.string() }),
  academicYear: z.number(),
  windowMode: z.enum(SELECTION_WINDOW_MODES),
  limits: z.object({ outcomes: z.number(), performances: z.number() }),
  counts: z.object({ outcomes: z.number(), performances: z.number() }),
  windows: z.object({ outcome: ZWindow, performance: ZWindow }),
  outcomes: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      summary: z.string(),
      status: z.enum(['pending', 'passed', 'failed', 'withdrawn']),
      semester: z.number(),
      courseName: z.string(),
      decidedAt: z.date().nullable(),
      selected: z.boolean(),
      selectedAt: z.date().nullable(),
    }),
  ),
  performances: z.array(
    z.object({
      id: z.uuid(),
      category: z.enum(PERFORMANCE_CATEGORIES),
      fields: z.record(z.string(), z.union([z.string(), z.number()])),
      summary: z.string(),
      startsOn: z.string().nullable(),
      endsOn: z.string().nullable(),
      selected: z.boolean(),
      selectedAt: z.date().nullable(),
    }),
  ),
});
const ZYearQuery = z.object({ year: z.coerce.number().int().min(100).max(200).optional() });
const ZId = z.object({ id: z.uuid() });
const ZKind = z.enum(['outcomes', 'performances']);
const ZChange = z.object({
  academicYear: z.number(),
  kind: z.enum(['outcome', 'performance']),
  count: z.number(),
  max: z.number(),
});
const kindOf = (k: 'outcomes' | 'performances') => (k === 'outcomes' ? 'outcome' : 'performance');

/** 勾選: students select and unselect; parents, homeroom and offices read; homeroom sees the class. */
export const selectionRoutes: FastifyPluginAsyncZod<{ selection: SelectionService }> = async (
  app,
  { selection },
) => {
  const student = { access: { roles: ['student' as const] } };

  app.get(
    '/api/v1/selection',
    {
      config: student,
      schema: {
        tags: ['selection'],
        summary: 'My selection of a year (default: this year): candidates, counts, limits, windows',
        querystring: ZYearQuery,
        response: { 200: ZView },
      },
    },
    async (request) => selection.mine(sessionOf(request).user, request.query.year),
  );

  for (const kind of ZKind.options) {
    app.post(
      `/api/v1/selection/${kind}/:id`,
      {
        config: student,
        schema: {
          tags: ['selection'],
          summary: `Selects one of my ${kind} (inside the selection window, under the year’s cap)`,
          params: ZId,
          response: { 200: ZChange },
        },
      },
      async (request) =>
        selection.select(sessionOf(request).user, kindOf(kind), request.params.id, request.id),
    );
    app.delete(
      `/api/v1/selection/${kind}/:id`,
      {
        config: student,
        schema: {
          tags: ['selection'],
          summary: `Unselects one of my ${kind} (inside the selection window)`,
          params: ZId,
          response: { 200: ZChange },
        },
      },
      async (request) =>
        selection.unselect(sessionOf(request).user, kindOf(kind), request.params.id, request.id),
    );
  }

  app.get(
    '/api/v1/students/:id/selection',
    {
      config: {
        access: {
          roles: ['parent', 'homeroom', 'academicAdmin', 'studentAffairs', 'counselor'],
        },
      },
      schema: {
        tags: ['selection'],
        summary: 'A student’s selection, read-only (audited)',
        params: ZId,
        querystring: ZYearQuery,
        response: { 200: ZView },
      },
    },
    async (request) =>
      selection.ofStudent(sessionOf(request).user, request.params.id, request.query.year, request.id),
  );

  app.get(
    '/api/v1/classes/:id/selection',
    {
      config: { access: { roles: ['homeroom', 'academicAdmin', 'studentAffairs'] } },
      schema: {
        tags: ['selection'],
        summary: 'A class’s selection progress: counts per student, who has not selected (audited)',
        params: ZId,
        querystring: ZYearQuery,
        response: {
          200: z.object({
            academicYear: z.number(),
            className: z.string(),
            limits: z.object({ outcomes: z.number(), performances: z.number() }),
            students: z.array(
              z.object({
                id: z.uuid(),
                seatNo: z.number().nullable(),
                studentNo: z.string(),
                name: z.string(),
                outcomesSelected: z.number(),
                performancesSelected: z.number(),
                outcomesPassed: z.number(),
                performancesRecorded: z.number(),
                notSelected: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) =>
      selection.ofClass(sessionOf(request).user, request.params.id, request.query.year, request.id),
  );
};
