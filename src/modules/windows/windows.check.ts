/**
 * The one window check (SPEC.md §4–§5): whether an action of a kind is allowed now in a scope, for a
 * student (their grade's window, their own extensions) or for everyone (the school's window, school-wide
 * extensions). Uploads begun inside the window may finish within the grace period
 * (domain/outcomes.ts#windowState). Scopes always carry the school, so no other school's window is read.
 */
import type { DbOrTx } from '../../db/client.js';
import { DEFAULT_GRACE_MINUTES, windowState } from '../../domain/outcomes.js';
import { formatTaipei } from '../../domain/time-format.js';
import { WINDOW_KIND_RULES, type WindowKindAny } from '../../domain/windows.js';
import { AppError } from '../../server/errors.js';

import * as repo from './windows.repo.js';

export type { WindowRow, WindowScope } from './windows.repo.js';

/** The window that applies, its latest applicable extension, the close after it, and the state now. */
export interface EffectiveWindow {
  window: repo.WindowRow;
  extendedTo: Date | null;
  closesAt: Date;
  state: ReturnType<typeof windowState>;
}

export interface OpenOptions {
  /** When the upload of the action's file began (grace rule; only kinds with grace use it). */
  uploadStartedAt?: Date | null;
  graceMinutes?: number;
}

/**
 * The window of `kind` that applies to `studentId` (null: the school's window and school-wide
 * extensions), or null when none is set. A kind with a fallback (selectionOutcomes → selection) uses
 * the fallback's window when its own is not set.
 */
export async function windowFor(
  db: DbOrTx,
  kind: WindowKindAny,
  scope: repo.WindowScope,
  studentId: string | null,
  now: Date,
  opts: OpenOptions = {},
): Promise<EffectiveWindow | null> {
  const grade = studentId ? await repo.gradeOfStudent(db, studentId) : null;
  let window = await repo.applicableWindow(db, kind, scope, grade);
  const fallback = WINDOW_KIND_RULES[kind].fallback;
  if (!window && fallback) window = await repo.applicableWindow(db, fallback, scope, grade);
  if (!window) return null;
  const extendedTo = await repo.extendedTo(db, window.id, studentId);
  const closesAt = extendedTo && extendedTo > window.closesAt ? extendedTo : window.closesAt;
  const state = windowState(window, now, {
    extendedTo,
    uploadStartedAt: WINDOW_KIND_RULES[kind].grace ? opts.uploadStartedAt : null,
    graceMinutes: opts.graceMinutes ?? DEFAULT_GRACE_MINUTES,
  });
  return { window, extendedTo, closesAt, state };
}

/** "2026/9/1 08:00 – 2027/1/31 23:59" in Taipei time (the one formatter, domain/time-format.ts). */
export function windowSpan(w: { opensAt: Date }, closesAt: Date) {
  return `${formatTaipei(w.opensAt)} – ${formatTaipei(closesAt)}`;
}

function yearOf(scope: repo.WindowScope, w?: repo.WindowRow) {
  return w?.academicYear ?? ('academicYear' in scope ? scope.academicYear : '');
}

/**
 * Throws the window's rule (naming the kind and its dates) unless the action is allowed at `now`
 * (open, or grace for an upload begun inside the window); returns the window that allowed it.
 * Errors: WINDOW_NOT_SET / WINDOW_CLOSED (term kinds), PERFORMANCE_WINDOW_NOT_SET / PERFORMANCE_WINDOW_CLOSED
 * (performance), YEAR_WINDOW_NOT_SET / YEAR_WINDOW_CLOSED (other year kinds).
 */
export async function assertOpen(
  db: DbOrTx,
  kind: WindowKindAny,
  scope: repo.WindowScope,
  studentId: string | null,
  now: Date,
  opts: OpenOptions = {},
): Promise<EffectiveWindow> {
  const w = await windowFor(db, kind, scope, studentId, now, opts);
  const rule = WINDOW_KIND_RULES[kind];
  const label = { kind: rule.label['zh-TW'], kindEn: rule.label.en };
  if (!w) {
    if (kind === 'performance') throw new AppError('PERFORMANCE_WINDOW_NOT_SET', { year: yearOf(scope) });
    if (rule.scope === 'term') throw new AppError('WINDOW_NOT_SET', label);
    throw new AppError('YEAR_WINDOW_NOT_SET', { ...label, year: yearOf(scope) });
  }
  if (w.state === 'open' || w.state === 'grace') return w;
  const window = windowSpan(w.window, w.closesAt);
  if (kind === 'performance')
    throw new AppError('PERFORMANCE_WINDOW_CLOSED', { year: yearOf(scope, w.window), window });
  if (rule.scope === 'term') throw new AppError('WINDOW_CLOSED', { ...label, window });
  throw new AppError('YEAR_WINDOW_CLOSED', { ...label, year: yearOf(scope, w.window), window });
}
