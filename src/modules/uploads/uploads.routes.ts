import fs from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UPLOAD_PURPOSE_NAMES } from '../../domain/upload-purposes.js';
import { sessionOf } from '../../server/access.js';
import { contentDisposition } from '../../server/download.js';
import { AppError } from '../../server/errors.js';
import type { FilesService } from './files.service.js';
import { type Intake, type StageTimings, serverTiming } from './intake.js';
import { receiveToFile } from './receive.js';
import { TUS_PATH, type Tus } from './tus.js';

const ZFile = z.object({
  id: z.uuid(),
  purpose: z.enum(UPLOAD_PURPOSE_NAMES),
  sha256: z.string(),
  size: z.number().int(),
  mime: z.string(),
  originalName: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  durationSeconds: z.string().nullable(),
  flags: z.record(z.string(), z.boolean()),
  hasPreview: z.boolean(),
  via: z.enum(['tus', 'plain']),
  createdAt: z.date(),
});

const present = (f: Awaited<ReturnType<FilesService['own']>>[number]) => ({
  id: f.id,
  purpose: f.purpose,
  sha256: f.sha256,
  size: f.size,
  mime: f.mime,
  originalName: f.originalName,
  width: f.width,
  height: f.height,
  durationSeconds: f.durationSeconds,
  flags: f.flags,
  hasPreview: !!f.safeSha256,
  via: f.via,
  createdAt: f.createdAt,
});

/** Response headers for anything uploaded by users: never sniffed, never rendered as a page. */
const SAFE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-cache',
} as const;

const ZIdParams = z.object({ id: z.uuid() });

/** Uploads (tus and plain streaming) and downloads of files. */
export const uploadsRoutes: FastifyPluginAsyncZod<{
  intake: Intake;
  files: FilesService;
  tus: Tus;
  incomingDir: string;
}> = async (app, { intake, files, tus, incomingDir }) => {
  let incoming: Promise<unknown> | undefined;
  const ensureIncoming = () => {
    incoming ??= fs.mkdir(incomingDir, { recursive: true }).catch((e) => {
      incoming = undefined;
      throw e;
    });
    return incoming;
  };
  // Bodies are streamed by the handlers themselves, never buffered by Fastify.
  // The raw body is the file whatever type the client declares (application/pdf, text/plain, none):
  // the type is judged from the bytes (validate.ts), never from this header. No route here takes JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

  const tusHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    await tus.handle(request.id, sessionOf(request).user, request.raw, reply.raw, reply.elapsedTime);
  };
  for (const url of [TUS_PATH, `${TUS_PATH}/*`]) {
    app.route({
      method: ['POST', 'PATCH', 'HEAD', 'DELETE', 'OPTIONS'],
      url,
      schema: { hide: true },
      handler: tusHandler,
    });
  }

  app.post(
    '/api/v1/uploads',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Single-request streaming upload (API and CLI clients); the raw body is the file',
        querystring: z.object({ purpose: z.string().max(40), filename: z.string().max(1000) }).strict(),
        response: { 201: ZFile },
      },
    },
    async (request, reply) => {
      const user = sessionOf(request).user;
      const startedAt = new Date();
      const header = request.headers['content-length'];
      const declared = header === undefined ? undefined : Number(header);
      // Checked before a single byte of the body is read.
      await intake.precheck(user, request.query.purpose, request.query.filename, declared);
      // From the request's arrival to here: the session and the checks before the body.
      const admit = reply.elapsedTime;
      // The body is read in its turn (gate.ts); until then it waits in the socket.
      const turn = await intake.enter(request.raw);
      try {
        const began = performance.now();
        await ensureIncoming();
        // Written as it arrives in batches (receive.ts), counted against the declared size; the digest is
        // taken off the event loop later.
        const tmp = await receiveToFile(request.body as AsyncIterable<Buffer>, incomingDir, {
          limit: declared as number,
          onFailure: () => new AppError('UPLOAD_INCOMPLETE'),
        });
        const timings: StageTimings = { admit, queue: turn.waited, receive: performance.now() - began };
        const file = await intake.accept({
          user,
          purpose: request.query.purpose,
          source: tmp,
          name: request.query.filename,
          expectedSize: declared,
          via: 'plain',
          startedAt,
          timings,
        });
        return reply.status(201).header('server-timing', serverTiming(timings)).send(present(file));
      } finally {
        turn.leave();
      }
    },
  );

  app.get(
    '/api/v1/files',
    {
      schema: {
        tags: ['uploads'],
        summary: 'The caller’s own files, newest first, each with what uses it (outcome, performance, draft)',
        response: {
          200: z.array(
            ZFile.extend({
              usedBy: z.array(
                z.object({
                  kind: z.enum(['outcome', 'performance', 'draft']),
                  id: z.uuid().nullable(),
                  title: z.string(),
                  status: z.string().nullable(),
                }),
              ),
            }),
          ),
        },
      },
    },
    async (request) =>
      (await files.ownWithUses(sessionOf(request).user)).map((f) => ({
        ...present(f.file),
        usedBy: f.usedBy,
      })),
  );

  app.get(
    '/api/v1/files/:id',
    { schema: { tags: ['uploads'], summary: 'File metadata', params: ZIdParams, response: { 200: ZFile } } },
    async (request) => present(await files.authorise(sessionOf(request).user, request.params.id, request.id)),
  );

  app.get(
    '/api/v1/files/:id/content',
    {
      schema: {
        tags: ['uploads'],
        summary: 'Download (attachment; HTTP Range supported for media)',
        params: ZIdParams,
      },
    },
    async (request, reply) => {
      const { file, stream, range, served } = await files.content(
        sessionOf(request).user,
        request.params.id,
        request.headers.range,
        request.id,
      );
      reply.headers({
        ...SAFE_HEADERS,
        'content-type': file.mime,
        'content-disposition': contentDisposition(file.originalName),
        // A copy without metadata (images, to anyone but their owner) is served whole.
        'accept-ranges': served ? 'none' : 'bytes',
        etag: `"${served?.sha256 ?? file.sha256}"`,
      });
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
          .header('content-length', range.end - range.start + 1);
      } else {
        reply.header('content-length', served?.size ?? file.size);
      }
      return reply.send(stream);
    },
  );

  for (const which of ['preview', 'thumbnail'] as const) {
    app.get(
      `/api/v1/files/:id/${which}`,
      {
        schema: {
          tags: ['uploads'],
          summary: `Inline ${which} of an image: re-encoded without EXIF/GPS (404 until it is made)`,
          params: ZIdParams,
        },
      },
      async (request, reply) => {
        const d = await files.derivative(sessionOf(request).user, request.params.id, which, request.id);
        return reply
          .headers({ ...SAFE_HEADERS, 'content-type': d.mime, 'content-disposition': 'inline' })
          .send(d.stream);
      },
    );
  }
};
