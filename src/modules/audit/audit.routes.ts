import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sessionOf } from '../../server/access.js';
import { sendDownload } from '../../server/download.js';
import { ZAuditList, ZAuditQuery } from './audit.schemas.js';
import type { AuditService } from './audit.service.js';

/** 教務處's read-only audit view of its own school (each look at it is audited too). */
export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditService }> = async (app, { audit }) => {
  const access = { access: { roles: ['academicAdmin' as const] } };
  app.get(
    '/api/v1/audit',
    {
      config: access,
      schema: {
        tags: ['audit'],
        summary: "The school's audit log, newest first: filter by student, actor, action and days",
        querystring: ZAuditQuery,
        response: { 200: ZAuditList },
      },
    },
    async (request) => audit.list(sessionOf(request).user, request.query, request.id),
  );

  app.get(
    '/api/v1/audit.xlsx',
    {
      config: access,
      schema: { tags: ['audit'], summary: 'The filtered audit log as xlsx', querystring: ZAuditQuery },
    },
    async (request, reply) =>
      sendDownload(reply, await audit.workbook(sessionOf(request).user, request.query, request.id)),
  );
};
