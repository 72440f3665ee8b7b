import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { sendDownload } from '../../server/download.js';
import { AppError, langOf } from '../../server/errors.js';
import {
  ZBatches,
  ZBatchParams,
  ZKindParams,
  ZKinds,
  ZPreviewQuery,
  ZPreviewResponse,
  ZReport,
} from './imports.schemas.js';
import type { ImportService } from './imports.service.js';
import { presentReport } from './imports.service.js';

const STAFF = ['academicAdmin', 'studentAffairs', 'accountAdmin'] as const;

/** Spreadsheet imports: kinds, templates, upload + preview, commit. */
export const importsRoutes: FastifyPluginAsyncZod<{ imports: ImportService; maxBytes: number }> = async (
  app,
  opts,
) => {
  const { imports, maxBytes } = opts;
  const limitMb = Math.round(maxBytes / 1_048_576);

  // The file is the raw request body (no multipart): one streamed buffer, bounded before it is read.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: maxBytes },
    (_req, body, done) => done(null, body),
  );
  app.addHook('onRequest', async (request) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (request.method === 'POST' && length > maxBytes) throw new AppError('IMPORT_TOO_LARGE', { limitMb });
  });

  app.get(
    '/api/v1/imports/kinds',
    {
      config: { access: { roles: [...STAFF] } },
      schema: {
        tags: ['imports'],
        summary: 'Import kinds the caller may run, with their columns',
        response: { 200: ZKinds },
      },
    },
    async (request) => imports.kinds(sessionOf(request).user),
  );

  app.get(
    '/api/v1/imports/:kind/template',
    {
      config: { access: { roles: [...STAFF] } },
      schema: {
        tags: ['imports'],
        summary: 'Download the xlsx template of an import kind',
        params: ZKindParams,
      },
    },
    async (request, reply) =>
      sendDownload(reply, await imports.template(sessionOf(request).user, request.params.kind)),
  );

  app.post(
    '/api/v1/imports/:kind',
    {
      config: { access: { roles: [...STAFF] } },
      bodyLimit: maxBytes,
      schema: {
        tags: ['imports'],
        summary: 'Upload an xlsx/CSV file (raw body) and get the dry-run preview',
        params: ZKindParams,
        querystring: ZPreviewQuery,
        body: z.instanceof(Buffer).optional(),
        response: { 200: ZPreviewResponse },
      },
    },
    async (request) => {
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('IMPORT_EMPTY');
      const { batchId, report } = await imports.preview(sessionOf(request).user, request.params.kind, {
        buffer: body,
        ...request.query,
      });
      return { batchId, report: presentReport(report, langOf(request.headers['accept-language'])) };
    },
  );

  app.post(
    '/api/v1/imports/batches/:id/commit',
    {
      config: { access: { roles: [...STAFF] } },
      schema: {
        tags: ['imports'],
        summary: 'Commit a previewed batch: all rows in one transaction, or nothing (422 with the report)',
        params: ZBatchParams,
        response: { 200: ZReport },
      },
    },
    async (request) => {
      const report = await imports.commit(sessionOf(request).user, request.params.id, request.id);
      const presented = presentReport(report, langOf(request.headers['accept-language']));
      if (!report.committed)
        throw new AppError('IMPORT_HAS_PROBLEMS', { count: report.problemCount }, presented);
      return presented;
    },
  );

  app.get(
    '/api/v1/imports/batches',
    {
      config: { access: { roles: [...STAFF] } },
      schema: {
        tags: ['imports'],
        summary: 'Recent import batches of the school',
        response: { 200: ZBatches },
      },
    },
    async (request) => imports.batches(sessionOf(request).user),
  );
};
