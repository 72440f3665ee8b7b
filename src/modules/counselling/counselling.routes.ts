import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import { contentDisposition } from '../../server/download.js';
import { AppError } from '../../server/errors.js';
import { COUNSELLING_ATTACHMENT, type CounsellingService } from './counselling.service.js';

const ZRecordBody = z
  .object({
    kind: z.enum(['individual', 'group']),
    studentIds: z.array(z.uuid()).min(1).max(200),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    title: z.string().trim().min(1).max(100),
    place: z.string().trim().min(1).max(100),
    /** Length (≤ 100 characters) is checked by the service, with the rule's own message. */
    summary: z.string().trim().min(1).max(1000),
    /**
     * A counselling attachment the caller uploaded first (POST /api/v1/uploads?purpose=counsellingAttachment):
     * the record and its attachment are saved together or not at all.
     */
    attachmentFileId: z.uuid().optional(),
  })
  .strict();

const ZRecord = z.object({
  id: z.uuid(),
  kind: z.enum(['individual', 'group']),
  startsAt: z.date(),
  endsAt: z.date(),
  title: z.string(),
  place: z.string(),
  summary: z.string(),
  counselorName: z.string(),
  attachmentName: z.string().nullable(),
  /** Written by the caller (only the author attaches files). */
  own: z.boolean(),
  students: z.array(z.object({ id: z.string(), name: z.string(), studentNo: z.string() })),
});

const access = { access: { roles: ['counselor' as const] } };

/**
 * 課程諮詢紀錄: counsellors only, for the students assigned to them; kept at school, never submitted to the
 * central repository.
 */
export const counsellingRoutes: FastifyPluginAsyncZod<{ counselling: CounsellingService }> = async (
  app,
  { counselling },
) => {
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: COUNSELLING_ATTACHMENT.maxBytes + 1 },
    (_req, body, done) => done(null, body),
  );
  app.addHook('onRequest', async (request) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (request.method === 'PUT' && length > COUNSELLING_ATTACHMENT.maxBytes) {
      throw new AppError('FILE_TOO_LARGE', { limitMb: 2 });
    }
  });

  app.get(
    '/api/v1/counselling',
    {
      config: access,
      schema: {
        tags: ['counselling'],
        summary:
          'Counselling records the caller may read (own, or of students assigned to them), newest first',
        querystring: z.object({ studentId: z.uuid().optional() }).strict(),
        response: { 200: z.array(ZRecord) },
      },
    },
    async (request) => counselling.list(sessionOf(request).user, request.query.studentId, request.id),
  );

  app.post(
    '/api/v1/counselling',
    {
      config: access,
      schema: {
        tags: ['counselling'],
        summary:
          'Record an individual or group counselling session (with its uploaded attachment, in one transaction)',
        body: ZRecordBody,
        response: { 201: z.object({ id: z.uuid() }) },
      },
    },
    async (request, reply) => {
      const id = await counselling.create(sessionOf(request).user, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.put(
    '/api/v1/counselling/:id/attachment',
    {
      config: access,
      bodyLimit: COUNSELLING_ATTACHMENT.maxBytes + 1,
      schema: {
        tags: ['counselling'],
        summary: 'Attach a pdf/jpg/png (≤ 2 MB, checked by content) to the own record; raw body',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ filename: z.string().trim().min(1).max(200) }).strict(),
        body: z.instanceof(Buffer).optional(),
        response: { 200: z.object({ sha256: z.string(), size: z.number(), mime: z.string() }) },
      },
    },
    async (request) => {
      const data = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return counselling.attach(sessionOf(request).user, request.params.id, {
        name: request.query.filename,
        data,
      });
    },
  );

  app.get(
    '/api/v1/counselling/:id/attachment',
    {
      config: access,
      schema: {
        tags: ['counselling'],
        summary: 'Download the attachment',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await counselling.attachment(sessionOf(request).user, request.params.id, request.id);
      return reply
        .header('content-type', file.mime)
        .header('content-disposition', contentDisposition(file.name))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.stream);
    },
  );
};
