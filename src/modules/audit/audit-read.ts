/**
 * The one audit helper for reads of another person's data (DESIGN.md §5, SECURITY.md "Audit of reads").
 * Every service that shows someone else's data calls it once per request, after authorising and before
 * answering: a single student's record names that student; a list (a roster, a queue, an overview)
 * names its scope and every student it showed, so a privacy officer's "who saw this student's data?"
 * finds list reads too, while the log keeps one row per thing a person did.
 */
import type { DbOrTx } from '../../db/client.js';
import type { ReadAction, ReadScope } from '../../domain/audit-actions.js';
import type { SessionUser } from '../auth/auth.service.js';
import { insertAudit } from './audit.repo.js';

/** Who read, and the request that did (the request id ties the row to the server log line). */
export interface Reader {
  user: Pick<SessionUser, 'id' | 'school'>;
  requestId: string;
}

/**
 * Writes one audit row for a read. `studentIds` are the students whose data the answer held (deduped);
 * `details` says what was read (filters, counts, a file's purpose) and never holds national IDs, birth
 * dates, names or free-text searches.
 */
export async function auditRead(
  db: DbOrTx,
  reader: Reader,
  action: ReadAction,
  subject: { scope: ReadScope; studentIds?: Iterable<string> },
  details?: Record<string, unknown>,
): Promise<void> {
  const studentIds = [...new Set(subject.studentIds ?? [])];
  const { scope } = subject;
  await insertAudit(db, {
    action,
    schoolId: reader.user.school?.id ?? null,
    actorUserId: reader.user.id,
    targetType: scope.type,
    targetId: scope.type === 'school' ? (reader.user.school?.id ?? undefined) : scope.id,
    requestId: reader.requestId,
    studentIds: studentIds.length > 0 ? studentIds : null,
    details: details && Object.keys(details).length > 0 ? details : undefined,
  });
}
