import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { CentralDisputesService } from './disputes.service.js';

/** centralAdmin: dispute statistics of every registered school and the overdue disputes. */
export const centralDisputesRoutes: FastifyPluginAsyncZod<{ disputes: CentralDisputesService }> = async (
  app,
  { disputes },
) => {
  app.get(
    '/api/v1/central/disputes/stats',
    {
      config: { access: { roles: ['centralAdmin'] } },
      schema: {
        tags: ['central'],
        summary:
          'Per school: open, overdue, resolved disputes and the median handling time; the overdue list',
        response: {
          200: z.object({
            at: z.date(),
            schools: z.array(
              z.object({
                schoolId: z.string(),
                code: z.string(),
                name: z.string(),
                open: z.number(),
                overdue: z.number(),
                resolved: z.number(),
                medianHours: z.number().nullable(),
              }),
            ),
            overdue: z.array(
              z.object({
                id: z.string(),
                schoolCode: z.string(),
                schoolName: z.string(),
                roster: z.number(),
                academicYear: z.number(),
                semester: z.number(),
                openedAt: z.date(),
                dueAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => disputes.stats(sessionOf(request).user),
  );
};
