/**
 * Course-outcome rules (SPEC.md §4.1): limits, windows with extensions and the upload grace period.
 * Pure functions; the server enforces them, the web shows them.
 */

/** Defaults (*configurable* per school): at most 20 outcomes per student per semester, 5 per course. */
export const OUTCOME_LIMITS = { perSemester: 20, perCourse: 5 } as const;

/** An upload started inside the window may finish this long after it closes (*configurable*). */
export const DEFAULT_GRACE_MINUTES = 30;

/** The window must end at least 2 weeks after the closing ceremony, except grade 12 semester 2. */
export const MIN_DAYS_AFTER_CEREMONY = 14;

export type WindowKind = 'upload' | 'certification';

export interface Window {
  opensAt: Date;
  closesAt: Date;
}

/**
 * Whether an action at `now` is inside the window: open, or (for uploads) inside the grace period when
 * the upload itself began before the close. The latest applicable extension replaces the close time.
 */
export function windowState(
  window: Window | null,
  now: Date,
  opts: { extendedTo?: Date | null; uploadStartedAt?: Date | null; graceMinutes?: number } = {},
): 'open' | 'grace' | 'not-yet' | 'closed' | 'unset' {
  if (!window) return 'unset';
  const closes = opts.extendedTo && opts.extendedTo > window.closesAt ? opts.extendedTo : window.closesAt;
  if (now < window.opensAt) return 'not-yet';
  if (now <= closes) return 'open';
  const grace = (opts.graceMinutes ?? DEFAULT_GRACE_MINUTES) * 60_000;
  const started = opts.uploadStartedAt;
  if (started && started >= window.opensAt && started <= closes && now.getTime() <= closes.getTime() + grace)
    return 'grace';
  return 'closed';
}

/** The admin's warning when an upload window ends less than 2 weeks after the closing ceremony. */
export function windowTooShort(
  closesAt: Date,
  closingCeremony: Date | null,
  gradeTwelveSemesterTwo: boolean,
): boolean {
  if (!closingCeremony || gradeTwelveSemesterTwo) return false;
  return closesAt.getTime() - closingCeremony.getTime() < MIN_DAYS_AFTER_CEREMONY * 86_400_000;
}

export type OutcomeStatus = 'pending' | 'passed' | 'failed' | 'withdrawn';
