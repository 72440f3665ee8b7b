import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { z } from 'zod';
import { databaseAnswers } from '../../db/client.js';
import { AppError } from '../../server/errors.js';

/** `GET /healthz`: ok only when the database answers (load balancers take the instance out otherwise). */
export const healthRoutes: FastifyPluginAsyncZod<{ pool: pg.Pool }> = async (app, opts) => {
  app.get(
    '/healthz',
    {
      config: { access: { public: true } },
      schema: {
        tags: ['ops'],
        summary: 'Liveness including the database',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => {
      if (!(await databaseAnswers(opts.pool))) throw new AppError('DATABASE_UNAVAILABLE');
      return { status: 'ok' as const };
    },
  );
};
