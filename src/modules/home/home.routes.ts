import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { HomeService } from './home.service.js';

/** Every role's home page: deadlines and to-do counts (no ids in: only the caller's own objects). */
export const homeRoutes: FastifyPluginAsyncZod<{ home: HomeService }> = async (app, { home }) => {
  app.get(
    '/api/v1/home',
    {
      schema: {
        tags: ['home'],
        summary: "The caller's deadlines and to-do counts for each of their roles",
        response: {
          200: z.object({
            deadlines: z.array(
              z.object({
                kind: z.enum(['upload', 'certification', 'performance']),
                opensAt: z.date(),
                closesAt: z.date(),
                state: z.enum(['open', 'not-yet', 'closed']),
                who: z.string().nullable(),
              }),
            ),
            todos: z.array(
              z.object({ key: z.string(), count: z.number(), link: z.string(), name: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (request) => home.home(sessionOf(request).user),
  );
};
