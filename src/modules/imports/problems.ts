/**
 * Row-level problems of an import, each with a zh-TW and English message naming the rule.
 * A report lists them as (row, column, value, message); any problem blocks the whole commit.
 */
import type { Lang } from '../../server/errors.js';

type P = Record<string, string | number>;

export const PROBLEMS = {
  REQUIRED: { 'zh-TW': () => '必填欄位空白', en: () => 'Required value is empty' },
  MISSING_COLUMN: { 'zh-TW': () => '缺少必要欄位', en: () => 'Required column is missing' },
  UNKNOWN_COLUMN: {
    'zh-TW': () => '無法辨識的欄位，將被忽略',
    en: () => 'Unknown column; it will be ignored',
  },
  HEADER_EMPTY: {
    'zh-TW': () => '表頭有空白或合併的儲存格，請將每個欄位名稱放在各自的儲存格',
    en: () => 'The header has an empty or merged cell; give every column its own header cell',
  },
  DUPLICATE_COLUMN: { 'zh-TW': () => '欄位名稱重複', en: () => 'Duplicate column' },
  FORMULA_CELL: {
    'zh-TW': () => '儲存格是公式，請改為純文字或數值',
    en: () => 'The cell holds a formula; use a plain value',
  },
  NATIONAL_ID_INVALID: {
    'zh-TW': () => '身分證號／居留證號格式或檢查碼錯誤',
    en: () => 'National ID / resident permit number has a wrong format or check digit',
  },
  DATE_INVALID: {
    'zh-TW': () => '日期無法辨識，請用 0800116、80/01/16 或 1991-01-16',
    en: () => 'Unreadable date; use 0800116, 80/01/16 or 1991-01-16',
  },
  DATE_RANGE: { 'zh-TW': () => '結束日期早於開始日期', en: () => 'The end date is before the start date' },
  INTEGER_INVALID: {
    'zh-TW': (p: P) => `須為 ${p.min} 到 ${p.max} 的整數`,
    en: (p: P) => `Must be a whole number from ${p.min} to ${p.max}`,
  },
  SCORE_INVALID: {
    'zh-TW': () => '成績須為 0 到 100 的數字（最多兩位小數）',
    en: () => 'Scores are numbers from 0 to 100 (two decimals at most)',
  },
  BOOLEAN_INVALID: {
    'zh-TW': () => '請填「是」或「否」（或 1／0、Y／N）',
    en: () => 'Use 是/否 (or 1/0, Y/N)',
  },
  CHOICE_INVALID: {
    'zh-TW': (p: P) => `須為下列之一：${p.choices}`,
    en: (p: P) => `Must be one of: ${p.choices}`,
  },
  TOO_LONG: {
    'zh-TW': (p: P) => `超過${p.max}字`,
    en: (p: P) => `Longer than ${p.max} characters`,
  },
  PRIVATE_USE_CHARACTER: {
    'zh-TW': (p: P) =>
      `含有造字（使用者自造字 ${p.codes}），各校字形不同、無法正確轉換；請改用標準字（如以「○」或拆字表示）後重新匯出`,
    en: (p: P) =>
      `Contains a user-defined character (造字, ${p.codes}) that cannot be converted reliably; replace it with a standard character and export again`,
  },
  EMAIL_INVALID: { 'zh-TW': () => '電子郵件格式錯誤', en: () => 'Invalid e-mail address' },
  COURSE_CODE_INVALID: {
    'zh-TW': (p: P) => `課程代碼須為23碼英數字（${p.reason}）`,
    en: (p: P) => `Course codes have 23 letters/digits (${p.reason})`,
  },
  DUPLICATE_IN_FILE: {
    'zh-TW': (p: P) => `與第 ${p.row} 列重複`,
    en: (p: P) => `Duplicates row ${p.row}`,
  },
  DUPLICATE_IN_DATABASE: {
    'zh-TW': (p: P) => `已被另一位學生（學號 ${p.studentNo}）使用`,
    en: (p: P) => `Already used by another student (student no. ${p.studentNo})`,
  },
  STUDENT_NOT_FOUND: { 'zh-TW': () => '找不到這位學生', en: () => 'No such student' },
  STAFF_NOT_FOUND: { 'zh-TW': () => '找不到這位教職員', en: () => 'No such staff member' },
  CLASS_NOT_FOUND: {
    'zh-TW': () => '找不到這個班級（請先匯入班級）',
    en: () => 'No such class (import classes first)',
  },
  COURSE_NOT_FOUND: {
    'zh-TW': () => '這個學期找不到此課程代碼（請先匯入課程）',
    en: () => 'No course with this code in the term (import courses first)',
  },
  TERM_MISSING: {
    'zh-TW': () => '缺少學年度／學期：請在欄位、封面工作表或匯入選項中提供',
    en: () => 'No academic year / semester: give it in a column, the cover sheet or the import options',
  },
  TERM_UNKNOWN: {
    'zh-TW': (p: P) => `${p.term} 不是已設定的學期`,
    en: (p: P) => `${p.term} is not a configured term`,
  },
  CODE_UNKNOWN: {
    'zh-TW': (p: P) => `${p.table}不在代碼表中（可用：${p.codes}）`,
    en: (p: P) => `Not in the code table (allowed: ${p.codes})`,
  },
  STUDENT_KEY_MISMATCH: {
    'zh-TW': () => '身分證號與出生日期不符合同一位學生',
    en: () => 'National ID and birth date do not match the same student',
  },
} satisfies Record<string, { 'zh-TW': (p: P) => string; en: (p: P) => string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface Problem {
  row: number;
  column: string;
  value: string;
  code: ProblemCode;
  params?: P;
}

export const problemMessage = (p: Problem, lang: Lang): string => PROBLEMS[p.code][lang](p.params ?? {});
