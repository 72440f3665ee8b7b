import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { DraftsService } from './drafts.service.js';

const ZDraft = z.object({
  id: z.uuid(),
  outcomeId: z.uuid().nullable(),
  courseId: z.uuid().nullable(),
  title: z.string(),
  summary: z.string(),
  documentFileId: z.uuid().nullable(),
  documentName: z.string().nullable(),
  mediaFileId: z.uuid().nullable(),
  mediaName: z.string().nullable(),
  updatedAt: z.date(),
});

/** The student's unsent outcome drafts: autosaved by the outcome form, shown on return. */
export const draftsRoutes: FastifyPluginAsyncZod<{ drafts: DraftsService }> = async (app, { drafts }) => {
  const student = { access: { roles: ['student' as const] } };

  app.get(
    '/api/v1/outcome-drafts',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'My unsent outcome drafts (new outcome and revisions)',
        response: { 200: z.array(ZDraft) },
      },
    },
    async (request) => drafts.list(sessionOf(request).user),
  );

  app.put(
    '/api/v1/outcome-drafts',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'Save the unsent draft of a new outcome (no outcomeId) or of a revision',
        body: z
          .object({
            outcomeId: z.uuid().nullable().optional(),
            courseId: z.uuid().nullable().optional(),
            title: z.string().max(100),
            summary: z.string().max(2000),
            documentFileId: z.uuid().nullable().optional(),
            mediaFileId: z.uuid().nullable().optional(),
          })
          .strict(),
        response: { 200: z.object({ id: z.uuid(), updatedAt: z.date() }) },
      },
    },
    async (request) => drafts.save(sessionOf(request).user, request.body),
  );

  app.delete(
    '/api/v1/outcome-drafts',
    {
      config: student,
      schema: {
        tags: ['outcomes'],
        summary: 'Discard the draft of a new outcome (no outcomeId) or of a revision',
        querystring: z.object({ outcomeId: z.uuid().optional() }).strict(),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await drafts.discard(sessionOf(request).user, request.query.outcomeId ?? null);
      return { ok: true as const };
    },
  );
};
