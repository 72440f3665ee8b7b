/** What the outcome services share: labels, Taipei time, the window check, the caller's term and record. */
import type { Db, Tx } from '../../db/client.js';
import { DEFAULT_GRACE_MINUTES, type OutcomeStatus, type WindowKind } from '../../domain/outcomes.js';
import { AppError } from '../../server/errors.js';
import type { SessionUser } from '../auth/auth.service.js';
import type { ProvenanceDeps } from '../provenance/provenance.service.js';
import { currentTermOf } from '../schools/current-term.js';
import { assertOpen } from '../windows/windows.check.js';
import * as repo from './outcomes.repo.js';

export const KIND_LABEL: Record<WindowKind, { 'zh-TW': string; en: string }> = {
  upload: { 'zh-TW': '上傳', en: 'upload' },
  certification: { 'zh-TW': '認證', en: 'certification' },
};
export const STATUS_LABEL: Record<OutcomeStatus, { 'zh-TW': string; en: string }> = {
  pending: { 'zh-TW': '待認證', en: 'pending' },
  passed: { 'zh-TW': '認證通過', en: 'passed' },
  failed: { 'zh-TW': '認證未通過', en: 'failed' },
  withdrawn: { 'zh-TW': '已撤回', en: 'withdrawn' },
};

export const taipei = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

export interface OutcomeDeps {
  db: Db;
  graceMinutes?: number;
  now?: () => Date;
  /** Keys and base URL to issue certification credentials with each pass decision (provenance module). */
  provenance?: Omit<ProvenanceDeps, 'now'>;
}

/** Helpers bound to one database and clock. */
export function outcomeContext(deps: OutcomeDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  /** Today in Taiwan, YYYY-MM-DD. */
  const today = () => taipei.format(now()).slice(0, 10);

  /** Throws the window's rule (with its dates) unless the action is allowed now: windows/windows.check.ts. */
  async function assertWindow(
    tx: Tx | Db,
    scope: { schoolId: string; termId: string },
    kind: WindowKind,
    studentId: string | null,
    uploadStartedAt?: Date | null,
  ) {
    await assertOpen(tx, kind, scope, studentId, now(), {
      uploadStartedAt: kind === 'upload' ? uploadStartedAt : null,
      graceMinutes: deps.graceMinutes ?? DEFAULT_GRACE_MINUTES,
    });
  }

  async function me(user: SessionUser) {
    const student = await repo.studentOfUser(db, user.id);
    if (!student) throw new AppError('FORBIDDEN');
    return student;
  }

  /** The current term of the caller's school and its row (null between terms): schools/current-term.ts. */
  const currentTerm = (user: SessionUser) => currentTermOf(db, user);

  return { db, now, today, assertWindow, me, currentTerm };
}
