import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { createScheduleService } from './schedule.service.js';
import {
  ZChangeWindowBody,
  ZExtendBody,
  ZExtension,
  ZSavedWindow,
  ZSchedule,
  ZScheduleQuery,
  ZSetWindowBody,
  ZWindowList,
  ZWindowsQuery,
} from './windows.schemas.js';
import type { WindowsService } from './windows.service.js';

/** Windows of every kind: offices list and set them (each its own kinds); everyone reads their schedule. */
export const windowsRoutes: FastifyPluginAsyncZod<{
  windows: WindowsService;
  schedule: ReturnType<typeof createScheduleService>;
}> = async (app, { windows, schedule }) => {
  const offices = { access: { roles: ['academicAdmin' as const, 'studentAffairs' as const] } };
  const ZId = z.object({ id: z.uuid() });

  app.get(
    '/api/v1/windows',
    {
      config: offices,
      schema: {
        tags: ['windows'],
        summary: 'The windows of an academic year (or of a term and its year) with every extension',
        querystring: ZWindowsQuery,
        response: { 200: ZWindowList },
      },
    },
    async (request) => windows.list(sessionOf(request).user, request.query, request.id),
  );

  app.put(
    '/api/v1/windows',
    {
      config: offices,
      schema: {
        tags: ['windows'],
        summary: 'Set the window of a kind and scope (missing dates kept; audited); warns when too short',
        body: ZSetWindowBody,
        response: { 200: ZSavedWindow },
      },
    },
    async (request) => windows.setWindow(sessionOf(request).user, request.body, request.id),
  );

  app.patch(
    '/api/v1/windows/:id',
    {
      config: offices,
      schema: {
        tags: ['windows'],
        summary: 'Change one or both dates (or the closing ceremony) of a window (audited)',
        params: ZId,
        body: ZChangeWindowBody,
        response: { 200: ZSavedWindow },
      },
    },
    async (request) =>
      windows.changeWindow(sessionOf(request).user, request.params.id, request.body, request.id),
  );

  app.post(
    '/api/v1/windows/:id/extensions',
    {
      config: offices,
      schema: {
        tags: ['windows'],
        summary: 'Extend a window for the whole school or one student, with the reason (audited)',
        params: ZId,
        body: ZExtendBody,
        response: {
          200: ZExtension.pick({ id: true, windowId: true, studentId: true, closesAt: true, reason: true }),
        },
      },
    },
    async (request) => windows.extend(sessionOf(request).user, request.params.id, request.body, request.id),
  );

  app.get(
    '/api/v1/schedule',
    {
      schema: {
        tags: ['windows'],
        summary: 'Every window that concerns the caller, with its state and close after extensions',
        querystring: ZScheduleQuery,
        response: { 200: ZSchedule },
      },
    },
    async (request) => schedule.schedule(sessionOf(request).user, request.query, request.id),
  );
};
