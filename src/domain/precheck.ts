/**
 * 預檢 (SPEC.md §5): the one rule table of what the central repository rejects in a roster row, and
 * why. The school's pre-check applies it before building a package; the repository's intake (next
 * issue) applies the same table to what arrives. Rules read the roster format's column kinds
 * (roster-formats.ts), so they hold for every roster and version without per-roster code.
 */
import { parseIsoDate, toIsoDate } from './calendar.js';
import { parseCourseCode } from './course-code.js';
import { charCount } from './limits.js';
import { isValidNationalId } from './national-id.js';
import type { RosterColumn, RosterSheet } from './roster-formats.js';

/** A file a row references; `state` is set by whoever re-hashed the stored bytes. */
export interface FileRef {
  file: {
    sha256: string;
    size: number;
    /** Extension without dot (pdf, jpg, mp4, …). */
    ext: string;
    /** ok: the stored bytes hash to `sha256`; missing: no bytes; corrupt: other bytes. */
    state?: 'ok' | 'missing' | 'corrupt';
  };
}
export type CellValue = string | number | null | undefined | FileRef;
export const isFileRef = (v: CellValue): v is FileRef => typeof v === 'object' && v !== null && 'file' in v;

/** One row as a row source yields it: the values by column key, who it is about, what item it is. */
export interface RosterRow {
  studentId?: string | null;
  values: Record<string, CellValue>;
  /** The selected item behind the row (outcomes, performances): certified? its rank in the student's selection. */
  item?: { kind: 'outcome' | 'performance'; id: string; certified: boolean; rank: number };
}

export interface PrecheckContext {
  /** Today (ISO, the school's time zone). */
  today: string;
  /** Latest acceptable event date (ISO): the end of the academic year being submitted. */
  latest: string;
  /** Selection caps per academic year (SPEC §5; school settings). */
  caps: { outcome: number; performance: number };
}

type Msg = (p: Record<string, string | number>) => string;
export interface PrecheckRule {
  'zh-TW': Msg;
  en: Msg;
}

/** The rules, by code. The zh-TW message names the rule as the repository states it. */
export const PRECHECK_RULES = {
  missingNationalId: { 'zh-TW': () => '缺少身分證號', en: () => 'National ID is missing' },
  badNationalId: {
    'zh-TW': () => '身分證號格式錯誤（須為大寫英文字母開頭之有效證號）',
    en: () => 'National ID is not valid',
  },
  missingBirthDate: { 'zh-TW': () => '缺少出生日期', en: () => 'Birth date is missing' },
  badCourseCode: {
    'zh-TW': () => '科目代碼錯誤（須為23碼課程代碼）',
    en: () => 'Course code is not a valid 23-character code',
  },
  uncertified: {
    'zh-TW': () => '課程學習成果未經認證通過，不得勾選送出',
    en: () => 'The course outcome is not certified (passed) and cannot be submitted',
  },
  overCap: {
    'zh-TW': (p) =>
      `勾選超過上限（${p.kind === 'outcome' ? '課程學習成果每學年至多' : '多元表現每學年至多'}${p.cap}件）`,
    en: (p) => `More items selected than allowed (at most ${p.cap} ${p.kind}s per year)`,
  },
  missingFile: { 'zh-TW': () => '缺少檔案', en: () => 'The file is missing' },
  corruptFile: {
    'zh-TW': () => '檔案毀損（內容與紀錄之SHA-256不符）',
    en: () => 'The file is corrupt (its content does not match its SHA-256)',
  },
  textTooLong: {
    'zh-TW': (p) => `${p.column}超過${p.max}字`,
    en: (p) => `${p.column} is longer than ${p.max} characters`,
  },
  dateOutOfRange: {
    'zh-TW': (p) => `${p.column}日期錯誤或超出範圍（${p.from}–${p.to}）`,
    en: (p) => `${p.column} is not a date between ${p.from} and ${p.to}`,
  },
  missingCode: {
    'zh-TW': (p) => `缺少${p.column}（請自代碼表選擇）`,
    en: (p) => `${p.column} is missing (pick it from the code table)`,
  },
  missingValue: { 'zh-TW': (p) => `缺少${p.column}`, en: (p) => `${p.column} is missing` },
} satisfies Record<string, PrecheckRule>;
export type PrecheckRuleCode = keyof typeof PRECHECK_RULES;
export const PRECHECK_RULE_CODES = Object.keys(PRECHECK_RULES) as PrecheckRuleCode[];

export interface Problem {
  rule: PrecheckRuleCode;
  sheet: string;
  /** The row in the sheet as a spreadsheet shows it (the header is row 1). */
  row: number;
  column: string | null;
  params: Record<string, string | number>;
  studentId: string | null;
  item: { kind: 'outcome' | 'performance'; id: string } | null;
}

export const problemMessage = (p: Problem, lang: 'zh-TW' | 'en') => PRECHECK_RULES[p.rule][lang](p.params);

const EARLIEST = '1912-01-01';
const isEmpty = (v: CellValue) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Years before `iso` (for the birth-date plausibility window). */
function yearsBefore(iso: string, years: number): string {
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return toIsoDate({ ...d, year: d.year - years, day: d.month === 2 && d.day === 29 ? 28 : d.day });
}

function checkColumn(
  column: RosterColumn,
  value: CellValue,
  ctx: PrecheckContext,
): { rule: PrecheckRuleCode; params?: Record<string, string | number> } | null {
  const name = column.header;
  if (isEmpty(value)) {
    if (!column.required) return null;
    if (column.kind === 'nationalId') return { rule: 'missingNationalId' };
    if (column.key === 'birthDate') return { rule: 'missingBirthDate' };
    if (column.kind === 'file') return { rule: 'missingFile' };
    if (column.kind === 'code') return { rule: 'missingCode', params: { column: name } };
    return { rule: 'missingValue', params: { column: name } };
  }
  switch (column.kind) {
    case 'nationalId':
      return typeof value === 'string' && value === value.toUpperCase() && isValidNationalId(value)
        ? null
        : { rule: 'badNationalId' };
    case 'courseCode':
      return typeof value === 'string' && value === value.trim().toUpperCase() && parseCourseCode(value).ok
        ? null
        : { rule: 'badCourseCode' };
    case 'date': {
      const birth = column.key === 'birthDate';
      const from = birth ? yearsBefore(ctx.today, 60) : EARLIEST;
      const to = birth ? yearsBefore(ctx.today, 10) : ctx.latest;
      const ok = typeof value === 'string' && parseIsoDate(value) !== null && value >= from && value <= to;
      return ok ? null : { rule: 'dateOutOfRange', params: { column: name, from, to } };
    }
    case 'file':
      if (!isFileRef(value)) return { rule: 'missingFile' };
      if (value.file.state === 'missing') return { rule: 'missingFile' };
      if (value.file.state === 'corrupt') return { rule: 'corruptFile' };
      return null;
    case 'text':
      return column.max && charCount(String(value)) > column.max
        ? { rule: 'textTooLong', params: { column: name, max: column.max } }
        : null;
    default:
      return null;
  }
}

/** Every problem of the rows of one sheet (rows in sheet order; the first data row is row 2). */
export function precheckSheet(sheet: RosterSheet, rows: RosterRow[], ctx: PrecheckContext): Problem[] {
  const problems: Problem[] = [];
  rows.forEach((row, i) => {
    const base = {
      sheet: sheet.name,
      row: i + 2,
      studentId: row.studentId ?? null,
      item: row.item ? { kind: row.item.kind, id: row.item.id } : null,
    };
    if (row.item?.kind === 'outcome' && !row.item.certified) {
      problems.push({ ...base, rule: 'uncertified', column: null, params: {} });
    }
    if (row.item && row.item.rank > ctx.caps[row.item.kind]) {
      const cap = ctx.caps[row.item.kind];
      problems.push({ ...base, rule: 'overCap', column: null, params: { kind: row.item.kind, cap } });
    }
    for (const column of sheet.columns) {
      const found = checkColumn(column, row.values[column.key], ctx);
      if (found)
        problems.push({ ...base, rule: found.rule, column: column.header, params: found.params ?? {} });
    }
  });
  return problems;
}
