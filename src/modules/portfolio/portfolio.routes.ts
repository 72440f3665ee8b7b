import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PERFORMANCE_CATEGORIES } from '../../domain/performances.js';
import { sessionOf } from '../../server/access.js';
import { ZStudentRecord } from '../masterdata/masterdata.schemas.js';
import type { PortfolioService } from './portfolio.service.js';

const ZPortfolio = z.object({
  access: ZStudentRecord.shape.access,
  student: ZStudentRecord.shape.student,
  years: z.array(
    z.object({
      academicYear: z.number(),
      terms: ZStudentRecord.shape.terms,
      outcomes: z.array(
        z.object({
          id: z.uuid(),
          title: z.string(),
          summary: z.string(),
          status: z.enum(['pending', 'passed', 'failed', 'withdrawn']),
          courseName: z.string(),
          academicYear: z.number(),
          semester: z.number(),
          createdAt: z.date(),
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
          eventYear: z.number().nullable(),
          hasProof: z.boolean(),
          externalUrl: z.string().nullable(),
        }),
      ),
      schoolCadre: ZStudentRecord.shape.cadre,
    }),
  ),
});

/** The portfolio overview per academic year. */
export const portfolioRoutes: FastifyPluginAsyncZod<{ portfolio: PortfolioService }> = async (
  app,
  { portfolio },
) => {
  app.get(
    '/api/v1/me/portfolio',
    {
      config: { access: { roles: ['student'] } },
      schema: {
        tags: ['portfolio'],
        summary: 'My portfolio per academic year',
        response: { 200: ZPortfolio },
      },
    },
    async (request) => portfolio.mine(sessionOf(request).user, request.id),
  );
  app.get(
    '/api/v1/students/:id/portfolio',
    {
      schema: {
        tags: ['portfolio'],
        summary: "A student's portfolio per academic year (self, parents, homeroom, offices, counsellor)",
        params: z.object({ id: z.uuid() }),
        response: { 200: ZPortfolio },
      },
    },
    async (request) => portfolio.ofStudent(sessionOf(request).user, request.params.id, request.id),
  );
};
