/**
 * Windows (期間) of every kind (SPEC.md §4–§5, §7): which kinds exist, what each is scoped to (a term or an
 * academic year), which office sets it, whether uploads begun inside it get the grace period, and the
 * state of a window at an instant. Pure; the server enforces, the web shows.
 */

import { DEFAULT_GRACE_MINUTES, windowState } from './outcomes.js';
import type { Role } from './roles.js';

export const WINDOW_KINDS = [
  'upload',
  'certification',
  'performance',
  /** One selection window for outcomes and performances together (school setting "one for both"). */
  'selection',
  /** Selection of course outcomes only (教務處), when each office sets its own. */
  'selectionOutcomes',
  /** Selection of performances only (學務處), when each office sets its own. */
  'selectionPerformances',
  'receiptConfirmation',
  'disputeHandling',
] as const;
export type WindowKindAny = (typeof WINDOW_KINDS)[number];

export interface WindowKindRule {
  /** A term window (per semester) or an academic-year window. */
  scope: 'term' | 'year';
  /** The offices that set it (SPEC §3: 教務處 windows, 學務處 performance windows). */
  setBy: readonly Role[];
  /** Actions begun inside the window may finish within the grace period after it closes. */
  grace: boolean;
  /** Checked for a student (their grade's window and their own extensions apply). */
  perStudent: boolean;
  /** When no window of this kind is set, a window of this kind stands in (e.g. the joint selection). */
  fallback?: WindowKindAny;
  label: { 'zh-TW': string; en: string };
}

export const WINDOW_KIND_RULES: Record<WindowKindAny, WindowKindRule> = {
  upload: {
    scope: 'term',
    setBy: ['academicAdmin'],
    grace: true,
    perStudent: true,
    label: { 'zh-TW': '上傳', en: 'upload' },
  },
  certification: {
    scope: 'term',
    setBy: ['academicAdmin'],
    grace: false,
    perStudent: false,
    label: { 'zh-TW': '認證', en: 'certification' },
  },
  performance: {
    scope: 'year',
    setBy: ['studentAffairs'],
    grace: true,
    perStudent: true,
    label: { 'zh-TW': '多元表現登錄', en: 'performance' },
  },
  selection: {
    scope: 'year',
    setBy: ['academicAdmin'],
    grace: false,
    perStudent: true,
    label: { 'zh-TW': '勾選', en: 'selection' },
  },
  selectionOutcomes: {
    scope: 'year',
    setBy: ['academicAdmin'],
    grace: false,
    perStudent: true,
    fallback: 'selection',
    label: { 'zh-TW': '課程學習成果勾選', en: 'course outcome selection' },
  },
  selectionPerformances: {
    scope: 'year',
    setBy: ['studentAffairs'],
    grace: false,
    perStudent: true,
    fallback: 'selection',
    label: { 'zh-TW': '多元表現勾選', en: 'performance selection' },
  },
  receiptConfirmation: {
    scope: 'year',
    setBy: ['academicAdmin'],
    grace: false,
    perStudent: true,
    label: { 'zh-TW': '收訖確認', en: 'receipt confirmation' },
  },
  disputeHandling: {
    scope: 'year',
    setBy: ['academicAdmin'],
    grace: false,
    perStudent: false,
    label: { 'zh-TW': '申復處理', en: 'dispute handling' },
  },
};

export const TERM_WINDOW_KINDS = WINDOW_KINDS.filter((k) => WINDOW_KIND_RULES[k].scope === 'term');
export const YEAR_WINDOW_KINDS = WINDOW_KINDS.filter((k) => WINDOW_KIND_RULES[k].scope === 'year');

/** The kinds a user with these roles may set. */
export function kindsSetBy(roles: readonly string[]): WindowKindAny[] {
  return WINDOW_KINDS.filter((k) => WINDOW_KIND_RULES[k].setBy.some((r) => roles.includes(r)));
}

/** The schedule's state of a window: upcoming, open, grace (closed, but uploads begun inside finish), closed. */
export type ScheduleState = 'upcoming' | 'open' | 'grace' | 'closed';

/** The close after extensions: the latest of the window's close and the extensions that apply. */
export function effectiveClose(closesAt: Date, extensions: readonly Date[]): Date {
  let latest = closesAt;
  for (const e of extensions) if (e > latest) latest = e;
  return latest;
}

/** The state of a window at `now` as a schedule shows it (the grace period only for grace kinds). */
export function scheduleState(
  kind: WindowKindAny,
  window: { opensAt: Date; closesAt: Date },
  now: Date,
  extendedTo: Date | null,
  graceMinutes = DEFAULT_GRACE_MINUTES,
): ScheduleState {
  const state = windowState(window, now, { extendedTo });
  if (state === 'not-yet') return 'upcoming';
  if (state === 'open') return 'open';
  const closes = extendedTo && extendedTo > window.closesAt ? extendedTo : window.closesAt;
  if (WINDOW_KIND_RULES[kind].grace && now.getTime() <= closes.getTime() + graceMinutes * 60_000)
    return 'grace';
  return 'closed';
}

/** Minutes in Taipei time ("2026-09-01 08:00"), the form window dates are shown in by the server. */
export const taipeiMinute = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
