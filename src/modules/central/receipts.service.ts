/**
 * The repository's receipts (收訖明細) at the exchange (contract 3): a school fetches its receipts issued
 * or changed since a time, and relays its students' answers. A 'disputed' answer opens a dispute due 3
 * days later (the school's handling clock; one open per receipt); a superseded receipt cannot be
 * answered; the same answer again changes nothing. Every step is a central_events row.
 */
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import type { CentralSchool } from './exchange-school.js';
import * as repo from './receipts.repo.js';

/** The school's handling clock of a dispute (SPEC.md §5). */
export const DISPUTE_HANDLING_MS = 3 * 86_400_000;
/** Receipts per page of the exchange's list. */
export const RECEIPTS_PAGE = 500;

export interface ResponseInput {
  response: 'confirmed' | 'disputed';
  reason?: string | null;
  respondedAt: Date;
}

const ANSWERED = {
  confirmed: { answer: '確認無誤', answerEn: 'confirmed' },
  disputed: { answer: '提出異議', answerEn: 'disputed' },
};

export type CentralReceiptsService = ReturnType<typeof createCentralReceiptsService>;

export function createCentralReceiptsService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** The school's receipts changed after the cursor, and whether more follow. */
  async function changedSince(school: CentralSchool, since: Date | null, after: string | null) {
    const rows = await repo.receiptsChangedSince(db, school.id, since, after, RECEIPTS_PAGE + 1);
    const more = rows.length > RECEIPTS_PAGE;
    const receipts = rows.slice(0, RECEIPTS_PAGE);
    if (receipts.length > 0) {
      await repo.logEvent(db, {
        at: now(),
        action: 'receipts.fetched',
        actor: `school:${school.code}`,
        schoolId: school.id,
        detail: { count: receipts.length, since: since?.toISOString() ?? null },
      });
    }
    return { receipts, more };
  }

  /** Records a student's answer relayed by their school (idempotent). */
  async function respond(school: CentralSchool, receiptId: string, input: ResponseInput) {
    const reason = input.reason?.trim() || null;
    if (input.response === 'disputed' && !reason) throw new AppError('RECEIPT_DISPUTE_REASON_REQUIRED');
    return db.transaction(async (tx) => {
      const receipt = await repo.receiptForUpdate(tx, school.id, receiptId);
      if (!receipt) throw new AppError('NOT_FOUND');
      if (receipt.status === 'superseded') throw new AppError('RECEIPT_SUPERSEDED');
      const answer = async () => {
        const dispute = await repo.disputeOfReceipt(tx, receipt.id);
        return {
          id: receipt.id,
          status: input.response,
          dispute: dispute && input.response === 'disputed' ? dispute : null,
        };
      };
      if (receipt.status === input.response) return answer();
      if (receipt.status !== 'issued')
        throw new AppError('RECEIPT_ALREADY_ANSWERED', ANSWERED[receipt.status]);
      const at = now();
      await repo.setResponse(tx, receipt.id, {
        status: input.response,
        respondedAt: input.respondedAt,
        reason: input.response === 'disputed' ? reason : null,
      });
      const event = {
        at,
        actor: `school:${school.code}`,
        schoolId: school.id,
        studentId: receipt.studentId,
        submissionId: receipt.submissionId,
        receiptId: receipt.id,
      };
      await repo.logEvent(tx, {
        ...event,
        action: `receipt.${input.response}`,
        detail: { respondedAt: input.respondedAt.toISOString() },
      });
      if (input.response === 'disputed') {
        const { dispute, opened } = await repo.openDispute(tx, {
          receiptId: receipt.id,
          schoolId: school.id,
          studentId: receipt.studentId,
          reason: reason as string,
          openedAt: at,
          dueAt: new Date(at.getTime() + DISPUTE_HANDLING_MS),
        });
        if (opened)
          await repo.logEvent(tx, {
            ...event,
            action: 'dispute.opened',
            detail: { disputeId: dispute.id, dueAt: dispute.dueAt.toISOString() },
          });
      }
      return answer();
    });
  }

  return { changedSince, respond };
}
