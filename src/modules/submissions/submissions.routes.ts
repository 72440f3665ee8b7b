import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PRECHECK_RULE_CODES } from '../../domain/precheck.js';
import { sessionOf } from '../../server/access.js';
import { contentDisposition, sendDownload } from '../../server/download.js';
import type { SubmissionsService } from './submissions.service.js';

const ZQuery = z.object({
  year: z.coerce.number().int().min(100).max(200),
  semester: z.coerce.number().int().min(1).max(2).optional(),
  roster: z.coerce.number().int().min(1).max(99),
});
const ZId = z.object({ id: z.uuid() });
const ZPackage = z.object({
  id: z.uuid(),
  academicYear: z.number(),
  semester: z.number(),
  roster: z.number(),
  formatVersion: z.string(),
  status: z.enum(['queued', 'building', 'built', 'failed']),
  progressDone: z.number(),
  progressTotal: z.number(),
  error: z.string().nullable(),
  createdAt: z.date(),
  builtAt: z.date().nullable(),
  sha256: z.string().nullable(),
  size: z.number().nullable(),
  createdBy: z.string().nullable(),
});
const ZLabel = z.object({ 'zh-TW': z.string(), en: z.string() });
const ZPrecheck = z.object({
  roster: z.number(),
  formatVersion: z.string(),
  academicYear: z.number(),
  semester: z.number(),
  rows: z.array(z.object({ sheet: z.string(), rows: z.number() })),
  missingSources: z.array(z.string()),
  problems: z.array(
    z.object({
      rule: z.enum(PRECHECK_RULE_CODES as [string, ...string[]]),
      sheet: z.string(),
      row: z.number(),
      column: z.string().nullable(),
      studentId: z.string().nullable(),
      studentNo: z.string().nullable(),
      studentName: z.string().nullable(),
      item: z.object({ kind: z.enum(['outcome', 'performance']), id: z.string() }).nullable(),
      message: ZLabel,
    }),
  ),
});

/** 送件: 教務處 and 學務處 pre-check, build (background job), follow and download packages. */
export const submissionsRoutes: FastifyPluginAsyncZod<{ submissions: SubmissionsService }> = async (
  app,
  { submissions },
) => {
  const offices = { access: { roles: ['academicAdmin' as const, 'studentAffairs' as const] } };
  const tags = ['submissions'];

  app.get(
    '/api/v1/submissions/rosters',
    {
      config: offices,
      schema: {
        tags,
        summary: 'The roster formats (名冊別), their sheets, and which the caller’s office submits',
        response: {
          200: z.array(
            z.object({
              roster: z.number(),
              version: z.string(),
              title: ZLabel,
              cadence: z.enum(['semester', 'year']),
              office: z.enum(['academicAdmin', 'studentAffairs']),
              mine: z.boolean(),
              sheets: z.array(z.string()),
            }),
          ),
        },
      },
    },
    async (request) => submissions.rosters(sessionOf(request).user),
  );

  app.get(
    '/api/v1/submissions/precheck',
    {
      config: offices,
      schema: {
        tags,
        summary: '預檢: every row the repository would reject, and why',
        querystring: ZQuery,
        response: { 200: ZPrecheck },
      },
    },
    async (request) => submissions.precheck(sessionOf(request).user, request.query, request.id),
  );

  app.get(
    '/api/v1/submissions/precheck.xlsx',
    { config: offices, schema: { tags, summary: 'The pre-check as xlsx', querystring: ZQuery } },
    async (request, reply) =>
      sendDownload(reply, await submissions.precheckXlsx(sessionOf(request).user, request.query, request.id)),
  );

  app.post(
    '/api/v1/submissions',
    {
      config: offices,
      schema: {
        tags,
        summary: 'Build a package (background job) once the pre-check passes (audited)',
        body: ZQuery,
        response: { 202: ZPackage },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(await submissions.requestBuild(sessionOf(request).user, request.body, request.id)),
  );

  app.get(
    '/api/v1/submissions',
    {
      config: offices,
      schema: {
        tags,
        summary: 'The school’s packages: who, when, what, SHA-256',
        response: { 200: z.array(ZPackage) },
      },
    },
    async (request) => submissions.history(sessionOf(request).user),
  );

  app.get(
    '/api/v1/submissions/public-key',
    {
      config: offices,
      schema: {
        tags,
        summary: 'The school’s Ed25519 public key that verifies its packages (made on first use)',
        response: {
          200: z.object({
            algorithm: z.literal('Ed25519'),
            publicKeyPem: z.string(),
            fingerprint: z.string(),
          }),
        },
      },
    },
    async (request) => submissions.publicKey(sessionOf(request).user),
  );

  app.get(
    '/api/v1/submissions/:id',
    {
      config: offices,
      schema: { tags, summary: 'One package: status and progress', params: ZId, response: { 200: ZPackage } },
    },
    async (request) => submissions.get(sessionOf(request).user, request.params.id),
  );

  app.get(
    '/api/v1/submissions/:id/download',
    {
      config: offices,
      schema: { tags, summary: 'Download a built package (audited)', params: ZId },
    },
    async (request, reply) => {
      const file = await submissions.download(sessionOf(request).user, request.params.id, request.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );
};
