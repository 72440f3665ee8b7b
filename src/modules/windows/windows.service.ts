/**
 * Setting windows (SPEC.md §3–§5): each office sets the kinds that are its own (domain/windows.ts), for a
 * term or an academic year, optionally one grade; one date can change without the other; extensions for
 * the whole school or a named student. Every change is audited; a list naming students is an audited read.
 */
import type { Db } from '../../db/client.js';
import { DEFAULT_GRACE_MINUTES, windowTooShort } from '../../domain/outcomes.js';
import {
  kindsSetBy,
  scheduleState,
  taipeiMinute,
  WINDOW_KIND_RULES,
  type WindowKindAny,
} from '../../domain/windows.js';
import { AppError } from '../../server/errors.js';
import { insertAudit } from '../audit/audit.repo.js';
import { auditRead } from '../audit/audit-read.js';
import type { SessionUser } from '../auth/auth.service.js';
import { assertOwnSchool, schoolOf } from '../policy/policy.js';
import * as repo from './windows.repo.js';

export interface WindowsDeps {
  db: Db;
  now?: () => Date;
  graceMinutes?: number;
}

export interface SetWindowInput {
  kind: WindowKindAny;
  termId?: string | null;
  academicYear?: number | null;
  grade?: number | null;
  /** Omitted: keep the window's current value (a new window needs both dates). */
  opensAt?: Date;
  closesAt?: Date;
  closingCeremony?: string | null;
  /** Legacy flag of the term form: the 2-week rule does not apply (grade 12, semester 2). */
  gradeTwelveSemesterTwo?: boolean;
}

export interface ExtendInput {
  closesAt: Date;
  reason: string;
  studentId?: string | null;
}

const OFFICE_LABEL: Record<string, { 'zh-TW': string; en: string }> = {
  academicAdmin: { 'zh-TW': '教務處', en: 'academic affairs' },
  studentAffairs: { 'zh-TW': '學務處', en: 'student affairs' },
};

/** 收訖確認: students get at least 3 days to check their receipts (SPEC.md §5). */
function assertLongEnough(kind: WindowKindAny, opensAt: Date, closesAt: Date) {
  if (kind === 'receiptConfirmation' && closesAt.getTime() - opensAt.getTime() < 3 * 86_400_000)
    throw new AppError('RECEIPT_WINDOW_TOO_SHORT');
}

export type WindowsService = ReturnType<typeof createWindowsService>;

export function createWindowsService(deps: WindowsDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const grace = deps.graceMinutes ?? DEFAULT_GRACE_MINUTES;

  function assertSetter(user: SessionUser, kind: WindowKindAny) {
    if (kindsSetBy(user.roles).includes(kind)) return;
    const rule = WINDOW_KIND_RULES[kind];
    const office = OFFICE_LABEL[rule.setBy[0] ?? 'academicAdmin'] ?? OFFICE_LABEL.academicAdmin;
    throw new AppError('WINDOW_KIND_NOT_YOURS', {
      kind: rule.label['zh-TW'],
      kindEn: rule.label.en,
      office: office?.['zh-TW'] ?? '',
      officeEn: office?.en ?? '',
    });
  }

  /** The scope of a set request, checked against the caller's school and the kind's scope. */
  async function scopeOf(user: SessionUser, input: SetWindowInput) {
    const schoolId = schoolOf(user).id;
    const rule = WINDOW_KIND_RULES[input.kind];
    const label = { kind: rule.label['zh-TW'], kindEn: rule.label.en, scope: rule.scope };
    if (rule.scope === 'term') {
      if (!input.termId) throw new AppError('WINDOW_SCOPE_INVALID', label);
      await assertOwnSchool(db, user, { term: input.termId });
      const term = await repo.termOf(db, schoolId, input.termId);
      if (!term) throw new AppError('NOT_FOUND');
      return { schoolId, termId: term.id, academicYear: term.academicYear, semester: term.semester };
    }
    if (input.termId || !input.academicYear) throw new AppError('WINDOW_SCOPE_INVALID', label);
    return { schoolId, termId: null, academicYear: input.academicYear, semester: null };
  }

  function warningOf(w: repo.WindowRow, semester: number | null, gradeTwelveSemesterTwo?: boolean): boolean {
    if (w.kind !== 'upload') return false;
    const ceremony = w.closingCeremony ? new Date(`${w.closingCeremony}T00:00:00+08:00`) : null;
    const exempt = !!gradeTwelveSemesterTwo || (w.grade === 12 && semester === 2);
    return windowTooShort(w.closesAt, ceremony, exempt);
  }

  async function auditSet(
    user: SessionUser,
    w: repo.WindowRow,
    requestId: string,
    tx: Parameters<typeof insertAudit>[0],
  ) {
    await insertAudit(tx, {
      action: 'window.set',
      schoolId: w.schoolId,
      actorUserId: user.id,
      requestId,
      targetType: 'window',
      targetId: w.id,
      details: {
        kind: w.kind,
        termId: w.termId,
        academicYear: w.academicYear,
        grade: w.grade,
        opensAt: w.opensAt.toISOString(),
        closesAt: w.closesAt.toISOString(),
        closingCeremony: w.closingCeremony,
      },
    });
  }

  /**
   * Sets the window of a scope (creating it, or changing the dates given and keeping the others).
   * Returns the window and whether an upload window ends too soon after the closing ceremony (a warning).
   */
  async function setWindow(user: SessionUser, input: SetWindowInput, requestId: string) {
    assertSetter(user, input.kind);
    const scope = await scopeOf(user, input);
    const grade = input.grade ?? null;
    return db.transaction(async (tx) => {
      const existing = await repo.exactWindow(
        tx,
        input.kind,
        scope.termId ? { schoolId: scope.schoolId, termId: scope.termId } : scope,
        grade,
      );
      const opensAt = input.opensAt ?? existing?.opensAt;
      const closesAt = input.closesAt ?? existing?.closesAt;
      if (!opensAt || !closesAt) throw new AppError('WINDOW_DATES_REQUIRED');
      if (closesAt <= opensAt) throw new AppError('TIME_RANGE_INVALID');
      assertLongEnough(input.kind, opensAt, closesAt);
      const saved = await repo.upsertWindow(tx, {
        schoolId: scope.schoolId,
        kind: input.kind,
        termId: scope.termId,
        academicYear: scope.academicYear,
        grade,
        opensAt,
        closesAt,
        closingCeremony:
          input.closingCeremony !== undefined ? input.closingCeremony : (existing?.closingCeremony ?? null),
        updatedBy: user.id,
      });
      await auditSet(user, saved, requestId, tx);
      return { window: saved, warning: warningOf(saved, scope.semester, input.gradeTwelveSemesterTwo) };
    });
  }

  /** Changes one or more dates of a window by its id (the others stay). */
  async function changeWindow(
    user: SessionUser,
    windowId: string,
    input: { opensAt?: Date; closesAt?: Date; closingCeremony?: string | null },
    requestId: string,
  ) {
    await assertOwnSchool(db, user, { window: windowId });
    const current = await repo.windowById(db, schoolOf(user).id, windowId);
    if (!current) throw new AppError('NOT_FOUND');
    assertSetter(user, current.kind);
    const opensAt = input.opensAt ?? current.opensAt;
    const closesAt = input.closesAt ?? current.closesAt;
    if (closesAt <= opensAt) throw new AppError('TIME_RANGE_INVALID');
    assertLongEnough(current.kind, opensAt, closesAt);
    const semester = current.termId
      ? ((await repo.termOf(db, current.schoolId, current.termId))?.semester ?? null)
      : null;
    return db.transaction(async (tx) => {
      const saved = await repo.updateWindow(tx, current.id, {
        opensAt,
        closesAt,
        closingCeremony:
          input.closingCeremony !== undefined ? input.closingCeremony : current.closingCeremony,
        updatedBy: user.id,
      });
      await auditSet(user, saved, requestId, tx);
      return { window: saved, warning: warningOf(saved, semester) };
    });
  }

  /** Extends a window for the whole school or one named student (with the reason); audited. */
  async function extend(user: SessionUser, windowId: string, input: ExtendInput, requestId: string) {
    await assertOwnSchool(db, user, { window: windowId, student: input.studentId });
    const w = await repo.windowById(db, schoolOf(user).id, windowId);
    if (!w) throw new AppError('NOT_FOUND');
    assertSetter(user, w.kind);
    // An extension replaces the close only when it is later: an earlier one would be recorded but do nothing.
    if (input.closesAt <= w.closesAt)
      throw new AppError('WINDOW_EXTENSION_TOO_EARLY', { closes: taipeiMinute.format(w.closesAt) });
    return db.transaction(async (tx) => {
      const saved = await repo.insertExtension(tx, {
        schoolId: w.schoolId,
        windowId: w.id,
        studentId: input.studentId ?? null,
        closesAt: input.closesAt,
        reason: input.reason,
        createdBy: user.id,
      });
      await insertAudit(tx, {
        action: 'window.extended',
        schoolId: w.schoolId,
        actorUserId: user.id,
        requestId,
        targetType: 'window',
        targetId: w.id,
        studentIds: input.studentId ? [input.studentId] : undefined,
        details: {
          kind: w.kind,
          termId: w.termId,
          academicYear: w.academicYear,
          grade: w.grade,
          studentId: input.studentId ?? null,
          closesAt: input.closesAt.toISOString(),
          reason: input.reason,
        },
      });
      return saved;
    });
  }

  /** Extends the window of a scope (the legacy routes name the scope, not the window). */
  async function extendScope(
    user: SessionUser,
    kind: WindowKindAny,
    scope: { termId: string } | { academicYear: number },
    input: ExtendInput,
    requestId: string,
  ) {
    assertSetter(user, kind);
    const schoolId = schoolOf(user).id;
    if ('termId' in scope) await assertOwnSchool(db, user, { term: scope.termId });
    const w = await repo.exactWindow(db, kind, { schoolId, ...scope }, null);
    if (!w) {
      const rule = WINDOW_KIND_RULES[kind];
      if (kind === 'performance')
        throw new AppError('PERFORMANCE_WINDOW_NOT_SET', {
          year: 'academicYear' in scope ? scope.academicYear : '',
        });
      throw new AppError('WINDOW_NOT_SET', { kind: rule.label['zh-TW'], kindEn: rule.label.en });
    }
    return extend(user, w.id, input, requestId);
  }

  /**
   * The windows of an academic year (with a term: that term's windows and the year's) as offices see
   * them: dates, who set them, state, close after school-wide extensions, and every extension with who
   * granted it and why. Naming students, the list is an audited read when it holds any.
   */
  async function list(
    user: SessionUser,
    filter: { academicYear?: number; termId?: string },
    requestId: string,
  ) {
    const schoolId = schoolOf(user).id;
    let academicYear = filter.academicYear ?? user.currentTerm.academicYear;
    if (filter.termId) {
      await assertOwnSchool(db, user, { term: filter.termId });
      const term = await repo.termOf(db, schoolId, filter.termId);
      if (!term) throw new AppError('NOT_FOUND');
      academicYear = term.academicYear;
    }
    const rows = (await repo.windowsOfSchool(db, schoolId, { academicYear })).filter(
      (r) => !filter.termId || r.window.termId === null || r.window.termId === filter.termId,
    );
    const extensions = await repo.extensionsOf(
      db,
      rows.map((r) => r.window.id),
    );
    const studentIds = [...new Set(extensions.flatMap((e) => (e.studentId ? [e.studentId] : [])))];
    if (studentIds.length > 0)
      await auditRead(
        db,
        { user, requestId },
        'read.windows',
        { scope: { type: 'school' }, studentIds },
        { academicYear, termId: filter.termId ?? null },
      );
    const settable = kindsSetBy(user.roles);
    const at = now();
    return {
      academicYear,
      termId: filter.termId ?? null,
      settableKinds: settable,
      windows: rows.map(({ window: w, semester, updatedByName }) => {
        const own = extensions.filter((e) => e.windowId === w.id);
        const schoolWide = own.filter((e) => !e.studentId).map((e) => e.closesAt);
        const extendedTo = schoolWide.length
          ? new Date(Math.max(...schoolWide.map((d) => d.getTime())))
          : null;
        return {
          ...w,
          semester,
          updatedByName,
          extendedTo,
          effectiveClosesAt: extendedTo && extendedTo > w.closesAt ? extendedTo : w.closesAt,
          state: scheduleState(w.kind, w, at, extendedTo, grace),
          editable: settable.includes(w.kind),
          extensions: own,
        };
      }),
    };
  }

  return { setWindow, changeWindow, extend, extendScope, list };
}
