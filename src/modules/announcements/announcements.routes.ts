import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { ZAnnouncement, ZAnnouncementBody } from './announcements.schemas.js';
import type { AnnouncementsService } from './announcements.service.js';

/** 公告: the offices publish and delete; every signed-in user reads what targets them. */
export const announcementsRoutes: FastifyPluginAsyncZod<{ announcements: AnnouncementsService }> = async (
  app,
  { announcements },
) => {
  const offices = {
    access: { roles: ['academicAdmin' as const, 'studentAffairs' as const, 'counselor' as const] },
  };

  app.get(
    '/api/v1/announcements',
    {
      schema: {
        tags: ['announcements'],
        summary: 'The announcements that target the caller (offices: all of the school), newest first',
        response: { 200: z.object({ announcements: z.array(ZAnnouncement) }) },
      },
    },
    async (request) => ({ announcements: await announcements.visible(sessionOf(request).user) }),
  );

  app.post(
    '/api/v1/announcements',
    {
      config: offices,
      schema: {
        tags: ['announcements'],
        summary: "Publish an announcement in the name of one of the caller's offices (audited)",
        body: ZAnnouncementBody,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const saved = await announcements.publish(sessionOf(request).user, request.body, request.id);
      return reply.status(201).send(saved);
    },
  );

  app.delete(
    '/api/v1/announcements/:id',
    {
      config: offices,
      schema: {
        tags: ['announcements'],
        summary: "Delete an announcement of one of the caller's offices (audited)",
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      await announcements.remove(sessionOf(request).user, request.params.id, request.id);
      return reply.status(204).send();
    },
  );
};
