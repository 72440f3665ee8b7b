import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { HomeService } from './home.service.js';

/** Every role's home page: to-do counts (no ids in: only the caller's own objects); deadlines: /api/v1/schedule. */
export const homeRoutes: FastifyPluginAsyncZod<{ home: HomeService }> = async (app, { home }) => {
  app.get(
    '/api/v1/home',
    {
      schema: {
        tags: ['home'],
        summary: "The caller's to-do counts for each of their roles, each with the page of the work",
        response: {
          200: z.object({
            todos: z.array(
              z.object({ key: z.string(), count: z.number(), link: z.string(), name: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (request) => home.home(sessionOf(request).user, request.id),
  );
};
