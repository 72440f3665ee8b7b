import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { ZAnnouncement } from '../announcements/announcements.schemas.js';
import { ZSchedule, ZScheduleQuery } from '../windows/windows.schemas.js';
import type { CalendarService } from './calendar.service.js';
import type { ChildService } from './child.service.js';

const ZTodo = z.object({
  key: z.enum([
    'coursesWithoutOutcome',
    'failedOutcomes',
    'nothingSelected',
    'pendingCertifications',
    'studentsWithoutUpload',
    'schoolWithoutUpload',
    'schoolPending',
  ]),
  count: z.number(),
});
const ZEntry = ZSchedule.shape.entries.element;
const ZFeedStatus = z.object({
  active: z.boolean(),
  createdAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});

/** The calendar (期程) of every role, its ICS feed, and the read-only statuses of a student (parents). */
export const calendarRoutes: FastifyPluginAsyncZod<{
  calendar: CalendarService;
  child: ChildService;
}> = async (app, { calendar, child }) => {
  app.get(
    '/api/v1/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: "The caller's windows with what they still have to do for each, and their announcements",
        querystring: ZScheduleQuery,
        response: {
          200: z.object({
            academicYear: z.number(),
            now: z.date(),
            entries: z.array(ZEntry.extend({ todos: z.array(ZTodo) })),
            announcements: z.array(ZAnnouncement),
          }),
        },
      },
    },
    async (request) => calendar.calendar(sessionOf(request).user, request.query, request.id),
  );

  app.get(
    '/api/v1/calendar/feed',
    {
      schema: {
        tags: ['calendar'],
        summary: "Whether the caller's ICS feed URL exists (the URL itself is shown only when created)",
        response: { 200: ZFeedStatus },
      },
    },
    async (request) => calendar.feedStatus(sessionOf(request).user),
  );

  app.post(
    '/api/v1/calendar/feed',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Create or replace the secret ICS feed URL (the old one stops working; audited)',
        response: { 200: z.object({ path: z.string(), createdAt: z.date() }) },
      },
    },
    async (request) => calendar.createFeed(sessionOf(request).user, request.id),
  );

  app.delete(
    '/api/v1/calendar/feed',
    { schema: { tags: ['calendar'], summary: 'Revoke the ICS feed URL (then it answers 404; audited)' } },
    async (request, reply) => {
      await calendar.revokeFeed(sessionOf(request).user, request.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/calendar/:token.ics',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['calendar'],
        summary:
          "A user's ICS feed by its secret token (no session: calendar apps poll it); 404 once revoked",
        params: z.object({ token: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const body = await calendar.feed(request.params.token, request.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .send(body);
    },
  );

  const ZId = z.object({ id: z.uuid() });
  app.get(
    '/api/v1/students/:id/status',
    {
      schema: {
        tags: ['calendar'],
        summary: "A student's statuses (self, parents read-only, homeroom, offices, counsellor; audited)",
        params: ZId,
        response: {
          200: z.object({
            student: z.object({ id: z.uuid(), name: z.string() }),
            currentTerm: z.object({ academicYear: z.number(), semester: z.number() }),
            outcomes: z.object({
              pending: z.number(),
              passed: z.number(),
              failed: z.number(),
              withdrawn: z.number(),
            }),
            selections: z.object({ outcomes: z.number(), performances: z.number() }),
            performances: z.number(),
          }),
        },
      },
    },
    async (request) => child.status(sessionOf(request).user, request.params.id, request.id),
  );

  app.get(
    '/api/v1/students/:id/timeline',
    {
      schema: {
        tags: ['calendar'],
        summary: "The history of a student's outcomes this term, read-only (same readers; audited)",
        params: ZId,
        response: {
          200: z.object({
            events: z.array(
              z.object({
                outcomeId: z.uuid(),
                title: z.string(),
                course: z.string(),
                status: z.enum(['pending', 'passed', 'failed', 'withdrawn']),
                at: z.coerce.date(),
                action: z.string(),
                reason: z.string().nullable(),
                actor: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => child.timeline(sessionOf(request).user, request.params.id, request.id),
  );
};
