/**
 * Disputes (異議) at the repository: a school lists its own and answers one settled without a
 * correction (a correction resolves it through the intake, contract 4); the centralAdmin sees the
 * statistics of every school (open, overdue, resolved, median handling time) and the overdue ones.
 */
import type { Db } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import type { CentralSchool } from './exchange-school.js';
import * as repo from './receipts.repo.js';

export type CentralDisputesService = ReturnType<typeof createCentralDisputesService>;

export function createCentralDisputesService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const list = (school: CentralSchool, status: 'open' | 'resolved' | 'all') =>
    repo.disputesOfSchool(db, school.id, status);

  /** The school's answer to a dispute without a correction (idempotent; a corrected one stays as it is). */
  async function answer(school: CentralSchool, disputeId: string, input: { note: string; answeredAt: Date }) {
    const note = input.note.trim();
    if (!note) throw new AppError('RECEIPT_ANSWER_NOTE_REQUIRED');
    return db.transaction(async (tx) => {
      const dispute = await repo.disputeForUpdate(tx, school.id, disputeId);
      if (!dispute) throw new AppError('NOT_FOUND');
      if (dispute.status === 'open') {
        const at = now();
        await repo.resolveAnswered(tx, dispute.id, note, at);
        await repo.logEvent(tx, {
          at,
          action: 'dispute.answered',
          actor: `school:${school.code}`,
          schoolId: school.id,
          studentId: dispute.studentId,
          receiptId: dispute.receiptId,
          detail: { disputeId: dispute.id, answeredAt: input.answeredAt.toISOString() },
        });
      }
      const [after] = (await repo.disputesOfSchool(tx, school.id, 'all')).filter((d) => d.id === dispute.id);
      return after as NonNullable<typeof after>;
    });
  }

  /** centralAdmin: every school's dispute figures and the overdue disputes (logged as a central event). */
  async function stats(user: SessionUser) {
    const at = now();
    const [schools, overdue] = await Promise.all([repo.disputeStats(db, at), repo.overdueDisputes(db, at)]);
    await repo.logEvent(db, { at, action: 'disputes.stats_viewed', actor: `user:${user.id}` });
    return { at, schools, overdue };
  }

  return { list, answer, stats };
}
