import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { NotificationsService } from './notifications.service.js';

/** The signed-in user's notifications. */
export const notificationsRoutes: FastifyPluginAsyncZod<{ notifications: NotificationsService }> = async (
  app,
  { notifications },
) => {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My latest notifications and the unread count',
        response: {
          200: z.object({
            unread: z.number().int(),
            items: z.array(
              z.object({
                id: z.uuid(),
                kind: z.string(),
                params: z.record(z.string(), z.union([z.string(), z.number()])),
                link: z.string().nullable(),
                createdAt: z.date(),
                readAt: z.date().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => notifications.list(sessionOf(request).user),
  );

  app.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark some (or all) of my notifications read',
        body: z.object({ ids: z.array(z.uuid()).max(200).optional() }).strict(),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await notifications.markRead(sessionOf(request).user, request.body.ids);
      return { ok: true as const };
    },
  );
};
