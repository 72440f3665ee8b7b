/**
 * Column definitions and cell parsers shared by the import kinds. A parser turns the cell text into a
 * value or names the problem; empty cells are handled by the engine (required or null).
 */
import { parseSchoolDate, toIsoDate } from '../../domain/calendar.js';
import { parseCourseCode } from '../../domain/course-code.js';
import { isValidNationalId, normaliseNationalId } from '../../domain/national-id.js';
import type { ProblemCode } from './problems.js';

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; code: ProblemCode; params?: Record<string, string | number> };

export interface FieldDef<T = unknown> {
  key: string;
  /** Header names accepted for this column; the first is the one in templates. */
  headers: string[];
  required?: boolean;
  parse: (raw: string) => Parsed<T>;
  /** Example cell for the downloadable template. */
  example?: string;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });

/** Normalises a header cell: no spaces, tabs, BOM, required markers or parenthesised notes. */
export const normaliseHeader = (h: string): string =>
  h
    .replace(/^\uFEFF/, '')
    .replace(/_x0009_/g, '')
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/[\s*＊]/g, '')
    .trim();

export const text =
  (max = 200) =>
  (raw: string): Parsed<string> =>
    [...raw].length > max ? { ok: false, code: 'TOO_LONG', params: { max } } : ok(raw);

export const integer =
  (min: number, max: number) =>
  (raw: string): Parsed<number> => {
    const n = Number(raw);
    return /^-?\d+(\.0+)?$/.test(raw) && n >= min && n <= max
      ? ok(n)
      : { ok: false, code: 'INTEGER_INVALID', params: { min, max } };
  };

/** 年級 as 10–12, or 1–3 (高一 … 高三) as SIS exports often write it. */
export const gradeLevel = (raw: string): Parsed<number> => {
  const n = Number(raw);
  if (/^\d+$/.test(raw) && n >= 1 && n <= 3) return ok(n + 9);
  return integer(10, 12)(raw);
};

export const schoolDate = (raw: string): Parsed<string> => {
  const d = parseSchoolDate(raw);
  return d ? ok(toIsoDate(d)) : { ok: false, code: 'DATE_INVALID' };
};

export const score = (raw: string): Parsed<string> => {
  const n = Number(raw);
  return /^\d{1,3}(\.\d{1,2})?$/.test(raw) && n >= 0 && n <= 100
    ? ok(raw)
    : { ok: false, code: 'SCORE_INVALID' };
};

const TRUE = new Set(['是', 'Y', 'y', '1', 'TRUE', 'true', '及格', '採計']);
const FALSE = new Set(['否', 'N', 'n', '0', 'FALSE', 'false', '不及格', '不採計']);
export const yesNo = (raw: string): Parsed<boolean> =>
  TRUE.has(raw) ? ok(true) : FALSE.has(raw) ? ok(false) : { ok: false, code: 'BOOLEAN_INVALID' };

export const nationalId = (raw: string): Parsed<string> =>
  isValidNationalId(raw) ? ok(normaliseNationalId(raw)) : { ok: false, code: 'NATIONAL_ID_INVALID' };

const REASONS: Record<string, string> = {
  length: '長度',
  charset: '字元',
  entryYear: '入學年',
  category: '課程類別',
};
export const courseCode = (raw: string): Parsed<string> => {
  const r = parseCourseCode(raw);
  return r.ok
    ? ok(raw.trim().toUpperCase())
    : { ok: false, code: 'COURSE_CODE_INVALID', params: { reason: REASONS[r.reason] ?? r.reason } };
};

export const choice =
  <T>(map: Record<string, T>) =>
  (raw: string): Parsed<T> =>
    raw in map
      ? ok(map[raw] as T)
      : { ok: false, code: 'CHOICE_INVALID', params: { choices: Object.keys(map).join('、') } };

/** Common columns. */
export const F = {
  academicYear: {
    key: 'academicYear',
    headers: ['學年度', '學年', '開課學年度'],
    parse: integer(100, 200),
    example: '115',
  },
  semester: { key: 'semester', headers: ['學期', '開課學期'], parse: integer(1, 2), example: '1' },
  studentNo: { key: 'studentNo', headers: ['學號', '學生學號'], parse: text(20), example: '1150001' },
  nationalId: {
    key: 'nationalId',
    headers: ['身分證號', '身分證字號', '身分證號碼', '居留證號', '統一證號'],
    parse: nationalId,
    example: 'A123456789',
  },
  birthDate: { key: 'birthDate', headers: ['出生日期', '生日'], parse: schoolDate, example: '0990305' },
  courseCode: {
    key: 'courseCode',
    headers: ['科目代碼', '課程代碼'],
    parse: courseCode,
    example: '115999301321301011B1011',
  },
} satisfies Record<string, FieldDef>;
