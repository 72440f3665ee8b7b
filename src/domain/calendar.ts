/**
 * Academic calendar rules (SPEC.md §2): ROC years, academic years, semesters, 7-digit ROC dates.
 * Pure functions, no I/O; shared by the server and the web app.
 *
 * Dates here are *calendar dates* ({ year, month, day } in AD) — the wall-clock date in Taiwan.
 * Use {@link taipeiDateOf} to turn an instant (server time) into the date a school sees.
 */

/** Difference between AD and ROC (民國) years. */
export const ROC_OFFSET = 1911;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface MonthDay {
  month: number;
  day: number;
}

/**
 * Where a school's academic year and second semester begin. Defaults per SPEC.md:
 * academic year from 1 August, semester 2 from 1 February. Schools may move them (*configurable*).
 */
export interface SemesterBoundaries {
  yearStart: MonthDay;
  semester2Start: MonthDay;
}

export const DEFAULT_BOUNDARIES: SemesterBoundaries = {
  yearStart: { month: 8, day: 1 },
  semester2Start: { month: 2, day: 1 },
};

export type Semester = 1 | 2;

export interface AcademicTerm {
  academicYear: number;
  semester: Semester;
}

export const rocToAd = (rocYear: number): number => rocYear + ROC_OFFSET;
export const adToRoc = (adYear: number): number => adYear - ROC_OFFSET;

const monthDayValue = (m: number, d: number) => m * 100 + d;

/** Whether the calendar date exists (leap years included). */
export function isValidDate({ year, month, day }: CalendarDate): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The ROC academic year (學年度) a date belongs to; e.g. 2023-08-01 → 112, 2024-07-31 → 112. */
export function academicYearOf(date: CalendarDate, b: SemesterBoundaries = DEFAULT_BOUNDARIES): number {
  const beforeStart = monthDayValue(date.month, date.day) < monthDayValue(b.yearStart.month, b.yearStart.day);
  return adToRoc(beforeStart ? date.year - 1 : date.year);
}

/** The academic term (學年度 + 學期) of a date: semester 1 from the year start, 2 from the semester-2 start. */
export function termOf(date: CalendarDate, b: SemesterBoundaries = DEFAULT_BOUNDARIES): AcademicTerm {
  const academicYear = academicYearOf(date, b);
  const md = monthDayValue(date.month, date.day);
  const ys = monthDayValue(b.yearStart.month, b.yearStart.day);
  const s2 = monthDayValue(b.semester2Start.month, b.semester2Start.day);
  // Semester 2 runs from semester2Start (in the calendar year after the year start) until the next year start.
  const inSemester2 = md >= s2 && md < ys;
  return { academicYear, semester: inSemester2 ? 2 : 1 };
}

/** First and last calendar date of a term under the given boundaries. */
export function termRange(
  term: AcademicTerm,
  b: SemesterBoundaries = DEFAULT_BOUNDARIES,
): { start: CalendarDate; end: CalendarDate } {
  const adStartYear = rocToAd(term.academicYear);
  const dayBefore = (d: CalendarDate): CalendarDate => {
    const t = new Date(Date.UTC(d.year, d.month - 1, d.day - 1));
    return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
  };
  const s1Start = { year: adStartYear, ...b.yearStart };
  const s2Start = { year: adStartYear + 1, ...b.semester2Start };
  const nextYearStart = { year: adStartYear + 1, ...b.yearStart };
  return term.semester === 1
    ? { start: s1Start, end: dayBefore(s2Start) }
    : { start: s2Start, end: dayBefore(nextYearStart) };
}

/** Display form「112學年度第1學期」(zh-TW) or "AY 112, semester 1" (English). */
export function formatTerm(term: AcademicTerm, lang: 'zh-TW' | 'en' = 'zh-TW'): string {
  return lang === 'zh-TW'
    ? `${term.academicYear}學年度第${term.semester}學期`
    : `AY ${term.academicYear}, semester ${term.semester}`;
}

/** Exchange form used by the rosters: `1121` (academic year + semester digit). */
export function termCode(term: AcademicTerm): string {
  return `${term.academicYear}${term.semester}`;
}

/** Parses `1121` → { academicYear: 112, semester: 1 }; null when malformed. */
export function parseTermCode(code: string): AcademicTerm | null {
  const m = /^(\d{2,3})([12])$/.exec(code.trim());
  if (!m) return null;
  return { academicYear: Number(m[1]), semester: Number(m[2]) as Semester };
}

/** Formats a date as a 7-digit ROC date `YYYMMDD`, e.g. 1991-01-16 → `0800116`. */
export function toRocDate({ year, month, day }: CalendarDate): string {
  const roc = adToRoc(year);
  if (roc < 1 || roc > 999) throw new RangeError('ROC year out of range');
  return `${String(roc).padStart(3, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/** Parses a 7-digit ROC date `0800116` → 1991-01-16; null when malformed or not a real date. */
export function parseRocDate(text: string): CalendarDate | null {
  const m = /^(\d{3})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = { year: rocToAd(Number(m[1])), month: Number(m[2]), day: Number(m[3]) };
  return Number(m[1]) >= 1 && isValidDate(date) ? date : null;
}

/** ISO `YYYY-MM-DD` of a calendar date. */
export function toIsoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parses ISO `YYYY-MM-DD`; null when malformed or not a real date. */
export function parseIsoDate(text: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidDate(date) ? date : null;
}

const taipeiFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Taipei',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Taiwan (Asia/Taipei, UTC+8) at a given instant. */
export function taipeiDateOf(instant: Date): CalendarDate {
  const date = parseIsoDate(taipeiFormatter.format(instant));
  if (!date) throw new RangeError('invalid instant');
  return date;
}

/**
 * THE current term of a school at an instant (server time): the term of the Taiwan calendar date under the
 * school's boundaries. Every "current term" in the platform starts here; a school's stored term row for it
 * (schools/current-term.ts) may not exist yet, which is the "between terms" state.
 */
export function currentTermAt(instant: Date, b: SemesterBoundaries = DEFAULT_BOUNDARIES): AcademicTerm {
  return termOf(taipeiDateOf(instant), b);
}

/** The term before (-1) or after (+1) a term. */
export function shiftTerm(term: AcademicTerm, by: number): AcademicTerm {
  const index = term.academicYear * 2 + (term.semester - 1) + by;
  return { academicYear: Math.floor(index / 2), semester: ((index % 2) + 1) as Semester };
}

/** Parses a school's `MM-DD` boundary setting; null when malformed. */
export function parseMonthDay(text: string): MonthDay | null {
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const md = { month: Number(m[1]), day: Number(m[2]) };
  // 2000 is a leap year, so 02-29 counts as a valid boundary.
  return isValidDate({ year: 2000, ...md }) ? md : null;
}

/** A school's boundaries from its stored settings, falling back to the defaults. */
export function boundariesOf(settings: { yearStart: string; semester2Start: string }): SemesterBoundaries {
  return {
    yearStart: parseMonthDay(settings.yearStart) ?? DEFAULT_BOUNDARIES.yearStart,
    semester2Start: parseMonthDay(settings.semester2Start) ?? DEFAULT_BOUNDARIES.semester2Start,
  };
}

/**
 * Reads a date as schools write it: 7-digit ROC `0800116`, ROC with separators `80/01/16`,
 * `80-1-16` or `80.01.16`, ISO `1991-01-16` or `1991/1/16`. Null when unreadable or not a real date.
 */
export function parseSchoolDate(input: string): CalendarDate | null {
  const text = input.trim();
  if (/^\d{7}$/.test(text)) return parseRocDate(text);
  const m = /^(\d{2,4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!m) return null;
  const first = Number(m[1]);
  // Years of 3 digits or less are ROC years (民國); 4 digits are AD.
  const year = (m[1] as string).length === 4 ? first : rocToAd(first);
  const date = { year, month: Number(m[2]), day: Number(m[3]) };
  return first >= 1 && isValidDate(date) ? date : null;
}
