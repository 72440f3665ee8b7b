/**
 * The one place where 勾選 asks whether its window is open. The selection window is a window of the
 * windows module (kind `selection`, scope the academic year); with the school setting `perOffice`
 * outcomes follow 教務處's window and performances 學務處's. Every select and unselect calls
 * `assertSelectionOpen` inside its transaction; the page shows `selectionWindow`.
 */
import type { DbOrTx } from '../../db/client.js';
import type { SelectionWindowMode } from '../../domain/school-settings.js';
import { AppError } from '../../server/errors.js';
import { taipei } from '../outcomes/outcomes.common.js';
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

const KIND = {
  outcome: {
    'zh-TW': '課程學習成果',
    en: 'course outcomes',
    office: '教務處',
    officeEn: 'the academic affairs office',
  },
  performance: {
    'zh-TW': '多元表現',
    en: 'performances',
    office: '學務處',
    officeEn: 'the student affairs office',
  },
} as const;

/** Which office sets the window that governs this kind of item. */
export const officeOf = (scope: Pick<SelectionScope, 'item' | 'mode'>) =>
  scope.mode === 'shared' || scope.item === 'outcome' ? KIND.outcome : KIND.performance;

/** The window of a scope as the student sees it, or null when none is set. */
export async function selectionWindow(
  _db: DbOrTx,
  _scope: SelectionScope,
  _now: Date,
): Promise<SelectionWindow | null> {
  return null;
}

/** Throws the window's rule (with its dates) unless selecting and unselecting is allowed now. */
export async function assertSelectionOpen(db: DbOrTx, scope: SelectionScope, now: Date): Promise<void> {
  const w = await selectionWindow(db, scope, now);
  const kind = scope.mode === 'shared' ? { 'zh-TW': '', en: '' } : KIND[scope.item];
  const office = officeOf(scope);
  if (!w)
    throw new AppError('SELECTION_WINDOW_NOT_SET', {
      year: scope.academicYear,
      kind: kind['zh-TW'],
      kindEn: kind.en || 'items',
      office: office.office,
      officeEn: office.officeEn,
    });
  if (w.state !== 'open')
    throw new AppError('SELECTION_LOCKED', {
      year: scope.academicYear,
      kind: kind['zh-TW'],
      kindEn: kind.en || 'item',
      window: `${taipei.format(w.opensAt)} – ${taipei.format(w.closesAt)}`,
    });
}
