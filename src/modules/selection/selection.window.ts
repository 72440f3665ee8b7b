/**
 * The one place where 勾選 asks whether its window is open: the windows module's `assertOpen` with kind
 * `selection` (one window for both kinds) or, with the school setting `perOffice`, `selectionOutcomes`
 * (教務處) / `selectionPerformances` (學務處), each falling back to the joint window when unset; the scope
 * is the academic year, and the student's grade window and extensions apply. Every select and unselect
 * calls `assertSelectionOpen` inside its transaction; the page shows `selectionWindow`.
 */
import type { DbOrTx } from '../../db/client.js';
import type { SelectionWindowMode } from '../../domain/school-settings.js';
import type { WindowKindAny } from '../../domain/windows.js';
import { AppError } from '../../server/errors.js';
import { assertOpen, windowFor } from '../windows/windows.check.js';
import type { SelectionKind } from './selection.repo.js';

export interface SelectionScope {
  schoolId: string;
  academicYear: number;
  item: SelectionKind;
  mode: SelectionWindowMode;
  studentId: string | null;
}

export interface SelectionWindow {
  opensAt: Date;
  /** With the latest extension for the school or the student. */
  closesAt: Date;
  state: 'open' | 'not-yet' | 'closed';
}

/** The window kind that governs this kind of item under the school's mode. */
export function windowKindOf(scope: Pick<SelectionScope, 'item' | 'mode'>): WindowKindAny {
  if (scope.mode === 'shared') return 'selection';
  return scope.item === 'outcome' ? 'selectionOutcomes' : 'selectionPerformances';
}

/** The window of a scope as the student sees it, or null when none is set. */
export async function selectionWindow(
  db: DbOrTx,
  scope: SelectionScope,
  now: Date,
): Promise<SelectionWindow | null> {
  const w = await windowFor(
    db,
    windowKindOf(scope),
    { schoolId: scope.schoolId, academicYear: scope.academicYear },
    scope.studentId,
    now,
  );
  if (!w || w.state === 'unset') return null;
  return {
    opensAt: w.window.opensAt,
    closesAt: w.closesAt,
    state: w.state === 'grace' ? 'open' : w.state,
  };
}

/**
 * Throws unless selecting and unselecting is allowed now: not set (YEAR_WINDOW_NOT_SET, naming the
 * kind and year), or outside the window — the selection is locked (SELECTION_LOCKED, with its dates).
 */
export async function assertSelectionOpen(db: DbOrTx, scope: SelectionScope, now: Date): Promise<void> {
  try {
    await assertOpen(
      db,
      windowKindOf(scope),
      { schoolId: scope.schoolId, academicYear: scope.academicYear },
      scope.studentId,
      now,
    );
  } catch (e) {
    if (e instanceof AppError && e.code === 'YEAR_WINDOW_CLOSED')
      throw new AppError('SELECTION_LOCKED', e.params);
    throw e;
  }
}
