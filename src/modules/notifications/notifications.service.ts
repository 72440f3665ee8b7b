/**
 * Notifications: in-app now, with every notice also written to the mail outbox for the SMTP channel.
 * Scheduled notices (teacher digests, window reminders) are idempotent by their dedupe key, so the
 * scheduler may run on every instance and as often as it likes.
 */
import type { Db, DbOrTx } from '../../db/client.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import * as repo from './notifications.repo.js';

export type NotificationsService = ReturnType<typeof createNotificationsService>;

/** A student learns each certification decision on their outcome (called inside the decision's transaction). */
export async function notifyDecision(
  tx: DbOrTx,
  o: { id: string; studentId: string; schoolId: string; title: string },
  status: 'passed' | 'failed',
  reason: string | null,
) {
  const userId = await repo.userOfStudent(tx, o.studentId);
  if (!userId) return;
  await repo.notify(tx, [
    {
      userId,
      schoolId: o.schoolId,
      kind: `outcome.${status}`,
      params: { title: o.title, ...(reason ? { reason } : {}) },
      link: '/outcomes',
    },
  ]);
}

export function createNotificationsService(deps: { db: Db; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** One digest per teacher of what was submitted since their last digest. */
  async function sendDigests() {
    const hour = now().toISOString().slice(0, 13);
    const teachers = await repo.newSubmissionsByTeacher(db);
    return repo.notify(
      db,
      teachers.map((t) => ({
        userId: t.userId,
        schoolId: t.schoolId,
        kind: 'certification.digest',
        params: { count: t.count },
        link: '/certification',
        dedupeKey: `digest:${t.userId}:${hour}`,
      })),
    );
  }

  /** 3 days and 1 day before a window closes: those who still have something to do. */
  async function sendReminders() {
    let sent = 0;
    for (const [label, hours] of [
      ['1d', 24],
      ['3d', 72],
    ] as const) {
      for (const w of await repo.windowsClosingWithin(db, hours)) {
        const users =
          w.kind === 'upload'
            ? await repo.studentsWithPendingUploads(db, w.termId)
            : await repo.teachersWithPendingCertifications(db, w.termId);
        sent += await repo.notify(
          db,
          users.map((userId) => ({
            userId,
            schoolId: w.schoolId,
            kind: `reminder.${w.kind}`,
            params: { closesAt: new Date(w.closesAt).toISOString(), days: label === '1d' ? 1 : 3 },
            link: w.kind === 'upload' ? '/outcomes' : '/certification',
            dedupeKey: `reminder:${userId}:${w.id}:${label}`,
          })),
        );
      }
    }
    return sent;
  }

  return {
    list: (user: SessionUser) => repo.listOwn(db, user.id),
    /** Marks the caller's notices read (all, or the given ones: someone else's id is a 404). */
    markRead: async (user: SessionUser, ids?: string[]) => {
      if (ids && (await repo.countOwn(db, user.id, ids)) !== new Set(ids).size)
        throw new AppError('NOT_FOUND');
      await repo.markRead(db, user.id, ids);
    },
    sendDigests,
    sendReminders,
  };
}
