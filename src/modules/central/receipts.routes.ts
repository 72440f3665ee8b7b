import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { CentralDisputesService } from './disputes.service.js';
import { centralSchoolOfRequest, keepExchangeBody } from './exchange-school.js';
import type { CentralReceiptsService } from './receipts.service.js';

const ZReceiptContent = z.object({
  schoolCode: z.string(),
  academicYear: z.number(),
  semester: z.number(),
  roster: z.number(),
  student: z.object({ name: z.string().nullable() }),
  rows: z.array(
    z.object({
      sheet: z.string(),
      rowNumber: z.number(),
      naturalKey: z.string().nullable(),
      status: z.enum(['accepted', 'rejected']),
      reasonCode: z.string().optional(),
      version: z.number().optional(),
      data: z.record(z.string(), z.string()),
    }),
  ),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), size: z.number() })),
});
export const ZExchangeReceipt = z.object({
  id: z.string(),
  submissionId: z.string(),
  nationalId: z.string(),
  birthDate: z.string(),
  academicYear: z.number(),
  semester: z.number(),
  roster: z.number(),
  content: ZReceiptContent,
  sha256: z.string(),
  issuedAt: z.date(),
  status: z.enum(['issued', 'confirmed', 'disputed', 'superseded']),
  supersededBy: z.string().nullable(),
  respondedAt: z.date().nullable(),
  disputeId: z.string().nullable(),
  disputeDueAt: z.date().nullable(),
  disputeStatus: z.enum(['open', 'resolved']).nullable(),
  disputeResolution: z.enum(['corrected', 'answered']).nullable(),
  disputeResolvedAt: z.date().nullable(),
  changedAt: z.date(),
});
const ZDispute = z.object({
  id: z.string(),
  receiptId: z.string(),
  reason: z.string(),
  openedAt: z.date(),
  dueAt: z.date(),
  status: z.enum(['open', 'resolved']),
  resolvedAt: z.date().nullable(),
  resolution: z.enum(['corrected', 'answered']).nullable(),
  resolutionNote: z.string().nullable(),
  resolvedBySubmissionId: z.string().nullable(),
  roster: z.number(),
  academicYear: z.number(),
  semester: z.number(),
});
const ZId = z.object({ id: z.uuid() });

/**
 * The exchange routes of receipts and disputes (contract 3), signed by the school's key instead of a
 * session: public to the session hook, every handler first asks which registered school signed it, and
 * reads and answers that school's receipts only (another school's id is a 404).
 */
export const centralReceiptsRoutes: FastifyPluginAsyncZod<{
  db: Db;
  receipts: CentralReceiptsService;
  disputes: CentralDisputesService;
  now: () => Date;
}> = async (app, { db, receipts, disputes, now }) => {
  keepExchangeBody(app);
  const config = { access: { public: true } };
  const tags = ['central exchange'];
  const school = (request: Parameters<typeof centralSchoolOfRequest>[1]) =>
    centralSchoolOfRequest(db, request, now());

  app.get(
    '/api/v1/central/exchange/receipts',
    {
      config,
      schema: {
        tags,
        summary: 'The signing school’s receipts issued or changed since a time (oldest change first)',
        querystring: z.object({
          since: z.coerce.date().optional(),
          /** With `since`: the id of the last receipt already read at that time (paging). */
          after: z.uuid().optional(),
        }),
        response: { 200: z.object({ receipts: z.array(ZExchangeReceipt), more: z.boolean() }) },
      },
    },
    async (request) => {
      const s = await school(request);
      return receipts.changedSince(s, request.query.since ?? null, request.query.after ?? null);
    },
  );

  app.post(
    '/api/v1/central/exchange/receipts/:id/response',
    {
      config,
      schema: {
        tags,
        summary: 'A student’s answer to a receipt, relayed by the school (idempotent)',
        params: ZId,
        body: z.object({
          response: z.enum(['confirmed', 'disputed']),
          reason: z.string().max(2000).nullable().optional(),
          respondedAt: z.coerce.date(),
        }),
        response: {
          200: z.object({
            id: z.string(),
            status: z.enum(['confirmed', 'disputed']),
            dispute: z
              .object({ id: z.string(), dueAt: z.date(), status: z.enum(['open', 'resolved']) })
              .nullable(),
          }),
        },
      },
    },
    async (request) => receipts.respond(await school(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/central/exchange/disputes',
    {
      config,
      schema: {
        tags,
        summary: 'The signing school’s disputes (default: the open ones), earliest due first',
        querystring: z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') }),
        response: { 200: z.array(ZDispute) },
      },
    },
    async (request) => disputes.list(await school(request), request.query.status),
  );

  app.post(
    '/api/v1/central/exchange/disputes/:id/answer',
    {
      config,
      schema: {
        tags,
        summary: 'The school settles a dispute without a correction, with a note (idempotent)',
        params: ZId,
        body: z.object({ note: z.string().max(2000), answeredAt: z.coerce.date() }),
        response: { 200: ZDispute },
      },
    },
    async (request) => disputes.answer(await school(request), request.params.id, request.body),
  );
};
