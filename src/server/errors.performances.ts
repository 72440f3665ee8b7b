/** The error codes of 多元表現 (SPEC.md §4.2), part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const PERFORMANCE_ERRORS = {
  PERFORMANCE_CATEGORY_UNKNOWN: {
    status: 400,
    'zh-TW': (p) => `沒有「${p.category}」這個多元表現類別`,
    en: (p) => `There is no performance category "${p.category}"`,
  },
  PERFORMANCE_FIELD_REQUIRED: {
    status: 400,
    'zh-TW': (p) => `請填寫${p.field}`,
    en: (p) => `${p.fieldEn} is required`,
  },
  PERFORMANCE_FIELD_UNKNOWN: {
    status: 400,
    'zh-TW': (p) => `此類別沒有「${p.field}」欄位`,
    en: (p) => `This category has no field "${p.field}"`,
  },
  PERFORMANCE_TEXT_TOO_LONG: {
    status: 400,
    'zh-TW': (p) => `${p.field}超過${p.max}字`,
    en: (p) => `${p.fieldEn} is longer than ${p.max} characters`,
  },
  PERFORMANCE_CODE_UNKNOWN: {
    status: 400,
    'zh-TW': (p) => `${p.field}代碼不正確（可用：${p.codes}）`,
    en: (p) => `Unknown ${p.fieldEn} code (allowed: ${p.codes})`,
  },
  PERFORMANCE_NUMBER_INVALID: {
    status: 400,
    'zh-TW': (p) => `${p.field}須為不小於0的數字`,
    en: (p) => `${p.fieldEn} must be a number of at least 0`,
  },
  PERFORMANCE_DATE_INVALID: {
    status: 400,
    'zh-TW': (p) => `${p.field}不是有效的日期`,
    en: (p) => `${p.fieldEn} is not a valid date`,
  },
  PERFORMANCE_DATE_BEFORE_ENTRY: {
    status: 400,
    'zh-TW': (p) => `${p.field}早於入學年7月1日（${p.min}）`,
    en: (p) => `The date is before 1 July of the entry year (${p.min})`,
  },
  PERFORMANCE_DATE_FUTURE: {
    status: 400,
    'zh-TW': (p) => `${p.field}不可晚於今天（${p.today}）`,
    en: (p) => `The date may not be in the future (today is ${p.today})`,
  },
  PERFORMANCE_DATE_ORDER: {
    status: 400,
    'zh-TW': '結束日期早於開始日期',
    en: 'The end date is before the start date',
  },
  PERFORMANCE_TERM_INVALID: {
    status: 400,
    'zh-TW': (p) => `${p.field}須為${p.min}至${p.max}學年度的學期代碼（如1131）`,
    en: (p) => `The term must be a code of academic years ${p.min}–${p.max} (e.g. 1131)`,
  },
  PERFORMANCE_LINK_INVALID: {
    status: 400,
    'zh-TW': '外部連結只接受 http 或 https 網址',
    en: 'External links must be http or https addresses',
  },
  PERFORMANCE_FILE_INVALID: {
    status: 400,
    'zh-TW': '附加的檔案不是你為多元表現上傳的證明文件或影音檔案',
    en: 'The attached file is not a proof or media file you uploaded for performances',
  },
  PERFORMANCE_WINDOW_NOT_SET: {
    status: 409,
    'zh-TW': (p) => `${p.year}學年度尚未設定多元表現登錄期間，請洽學務處`,
    en: (p) => `No performance window is set for academic year ${p.year}; contact student affairs`,
  },
  PERFORMANCE_WINDOW_CLOSED: {
    status: 409,
    'zh-TW': (p) => `不在${p.year}學年度多元表現登錄期間內：${p.window}（臺北時間）`,
    en: (p) => `Outside the performance window of academic year ${p.year}: ${p.window} (Taipei time)`,
  },
} satisfies Record<string, ErrorDef>;
