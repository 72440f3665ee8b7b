/**
 * Public provenance routes (no login): issuers' public keys, schools' revocation status lists, and the
 * packet verifier. None carries a uuid: issuers are named by their public school code.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import { issuerDocument, type ProvenanceDeps, statusListJwt } from './provenance.service.js';
import { REPOSITORY_CODE } from './vc.js';
import { verifyPacket } from './verify.js';

const ZCode = z.object({ code: z.string().regex(/^([0-9A-Za-z]{6}|central)$/) });
const ZLabel = z.object({ 'zh-TW': z.string(), en: z.string() });
const ZReport = z.object({
  ok: z.boolean(),
  packet: z
    .object({
      packetId: z.string(),
      builtAt: z.string(),
      student: z.object({ name: z.string() }),
      programme: z.object({
        admissionYear: z.number(),
        channel: z.string(),
        code: z.string(),
        universityName: z.string(),
        programmeName: z.string(),
      }),
    })
    .nullable(),
  firstFailure: z
    .object({ position: z.number(), title: z.string(), reason: z.string(), message: ZLabel })
    .nullable(),
  problems: z.array(z.string()),
  items: z.array(
    z.object({
      position: z.number(),
      code: z.string(),
      title: z.string(),
      source: z.string(),
      result: z.enum(['verified', 'revoked', 'failed', 'notCertified', 'noCredential', 'text']),
      reason: z.string().optional(),
      message: ZLabel.optional(),
      attachment: z.string().optional(),
      issuer: z.object({ id: z.string(), name: z.string(), code: z.string() }).optional(),
      certifiedAt: z.string().optional(),
      status: z.enum(['valid', 'revoked', 'unchecked']).optional(),
      receipt: z.enum(['verified', 'unchecked', 'invalid']).optional(),
      files: z.array(z.object({ attachment: z.string(), sha256: z.string(), ok: z.boolean() })),
    }),
  ),
});

export const provenanceRoutes: FastifyPluginAsyncZod<{
  db: Db;
  provenance: Omit<ProvenanceDeps, 'now'>;
  now: () => Date;
  verifyMaxBytes: number;
  verifyPerMinute?: number;
}> = async (app, opts) => {
  const { db } = opts;
  const deps: ProvenanceDeps = { ...opts.provenance, now: opts.now };
  const tags = ['provenance'];
  const limitMb = Math.round(opts.verifyMaxBytes / 1_048_576);

  app.get(
    '/api/v1/issuers/:code',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary:
          "An issuer's public document: the school's (or the repository's, `central`) Ed25519 key as JWK",
        params: ZCode,
      },
    },
    async (request, reply) => {
      const doc = await issuerDocument(db, request.params.code, deps);
      if (!doc) throw new AppError('ISSUER_UNKNOWN', { code: request.params.code });
      reply.header('cache-control', 'public, max-age=300');
      return doc;
    },
  );

  app.get(
    '/api/v1/issuers/:code/status-list',
    {
      config: { access: { public: true } },
      schema: {
        tags,
        summary: "The school's revocation list: a BitstringStatusListCredential as VC-JWT",
        params: ZCode,
      },
    },
    async (request, reply) => {
      const jwt =
        request.params.code === REPOSITORY_CODE ? null : await statusListJwt(db, request.params.code, deps);
      if (!jwt) throw new AppError('ISSUER_UNKNOWN', { code: request.params.code });
      reply.header('cache-control', 'no-cache');
      reply.type('application/vc+jwt');
      return jwt;
    },
  );

  // The packet is the raw body (no multipart), bounded before it is read.
  app.addContentTypeParser(
    ['application/pdf', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: opts.verifyMaxBytes },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/api/v1/verify',
    {
      bodyLimit: opts.verifyMaxBytes,
      config: {
        access: { public: true },
        rateLimit: { max: opts.verifyPerMinute ?? 20, timeWindow: '1 minute' },
      },
      onRequest: async (request) => {
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > opts.verifyMaxBytes) throw new AppError('VERIFY_TOO_LARGE', { limitMb });
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]
          ?.trim();
        if (type !== 'application/pdf' && type !== 'application/octet-stream') {
          throw new AppError('VERIFY_NOT_PDF');
        }
      },
      schema: {
        tags,
        summary:
          'Verify a packet PDF (raw body): signatures, file digests, revocation; names the first failing item',
        response: { 200: ZReport },
      },
    },
    async (request) => {
      const body = request.body as Buffer;
      return verifyPacket(body, {
        resolveKey: async (_issuerId, code) => (await issuerDocument(db, code, deps))?.publicKeyPem ?? null,
        resolveStatusList: (_url, code) => statusListJwt(db, code, deps),
      });
    },
  );
};
