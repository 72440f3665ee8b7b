import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionOf } from '../../server/access.js';
import type { ReceiptsService } from './receipts.service.js';

const ZId = z.object({ id: z.uuid() });
const ZStatus = z.enum(['pending', 'sent', 'failed']).nullable();
const ZReceipt = z.object({
  id: z.string(),
  academicYear: z.number(),
  semester: z.number(),
  roster: z.number(),
  issuedAt: z.date(),
  sha256: z.string(),
  content: z.object({
    schoolCode: z.string(),
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
  }),
  superseded: z.boolean(),
  supersededBy: z.string().nullable(),
  response: z.enum(['confirmed', 'disputed']).nullable(),
  responseReason: z.string().nullable(),
  respondedAt: z.date().nullable(),
  relayStatus: ZStatus,
  disputeDueAt: z.date().nullable(),
  disputeStatus: z.enum(['open', 'resolved']).nullable(),
  disputeResolution: z.enum(['corrected', 'answered']).nullable(),
  answerNote: z.string().nullable(),
});
const ZReceipts = z.object({
  receipts: z.array(ZReceipt),
  windows: z.array(
    z.object({
      academicYear: z.number(),
      opensAt: z.date().nullable(),
      closesAt: z.date().nullable(),
      open: z.boolean(),
    }),
  ),
});
const ZSync = z.object({
  status: z.enum(['queued', 'running', 'ok', 'failed']).nullable(),
  requestedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  received: z.number(),
  unmatched: z.number(),
  error: z.string().nullable(),
});

/** 收訖明細: the student's receipts and answers, read-only views, the offices' disputes and sync. */
export const receiptsRoutes: FastifyPluginAsyncZod<{ receipts: ReceiptsService }> = async (
  app,
  { receipts },
) => {
  const tags = ['receipts'];
  const student = { access: { roles: ['student' as const] } };
  const offices = { access: { roles: ['academicAdmin' as const, 'studentAffairs' as const] } };

  app.get(
    '/api/v1/receipts/mine',
    {
      config: student,
      schema: {
        tags,
        summary: 'The student’s receipts, newest first, and the confirmation windows',
        response: { 200: ZReceipts },
      },
    },
    async (request) => receipts.mine(sessionOf(request).user),
  );

  app.post(
    '/api/v1/receipts/:id/response',
    {
      config: student,
      schema: {
        tags,
        summary:
          'Confirm a receipt, or dispute it with a reason (inside the window; relayed by a job; audited)',
        params: ZId,
        body: z.object({
          response: z.enum(['confirmed', 'disputed']),
          reason: z.string().max(1000).nullable().optional(),
        }),
        response: { 200: ZReceipt },
      },
    },
    async (request) => receipts.respond(sessionOf(request).user, request.params.id, request.body, request.id),
  );

  app.get(
    '/api/v1/students/:id/receipts',
    {
      schema: {
        tags,
        summary: 'A student’s receipts, read-only (parents, homeroom teacher, offices; audited)',
        params: ZId,
        response: { 200: ZReceipts },
      },
    },
    async (request) => receipts.ofStudent(sessionOf(request).user, request.params.id, request.id),
  );

  app.get(
    '/api/v1/receipts/disputes',
    {
      config: offices,
      schema: {
        tags,
        summary: 'Disputes of the office’s rosters with the 3-day handling clock (audited)',
        response: {
          200: z.object({
            at: z.date(),
            disputes: z.array(
              z.object({
                receiptId: z.string(),
                student: z.object({
                  id: z.string(),
                  name: z.string(),
                  studentNo: z.string(),
                  className: z.string().nullable(),
                  seatNo: z.number().nullable(),
                }),
                roster: z.number(),
                academicYear: z.number(),
                semester: z.number(),
                issuedAt: z.date(),
                reason: z.string(),
                respondedAt: z.date(),
                relayStatus: ZStatus,
                dueAt: z.date(),
                state: z.enum(['open', 'answered', 'corrected']),
                msLeft: z.number(),
                overdue: z.boolean(),
                answerNote: z.string().nullable(),
                answeredAt: z.date().nullable(),
                answerRelayStatus: ZStatus,
                superseded: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => receipts.disputes(sessionOf(request).user, request.id),
  );

  app.post(
    '/api/v1/receipts/:id/answer',
    {
      config: offices,
      schema: {
        tags,
        summary: '已回覆: settle a dispute without a correction, with a note (relayed; audited)',
        params: ZId,
        body: z.object({ note: z.string().max(1000) }),
        response: { 200: z.object({ receiptId: z.string(), answerRelayStatus: ZStatus }) },
      },
    },
    async (request) =>
      receipts.answer(sessionOf(request).user, request.params.id, request.body.note, request.id),
  );

  app.get(
    '/api/v1/receipts/sync',
    { config: offices, schema: { tags, summary: 'The receipt sync’s status', response: { 200: ZSync } } },
    async (request) => receipts.syncStatus(sessionOf(request).user),
  );

  app.post(
    '/api/v1/receipts/sync',
    {
      config: offices,
      schema: {
        tags,
        summary: '取得收訖明細: fetch the receipts now (a job; audited)',
        response: { 202: ZSync },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await receipts.requestSync(sessionOf(request).user, request.id)),
  );
};
