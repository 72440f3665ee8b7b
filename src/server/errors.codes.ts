/** The error codes of code tables, absence / retake records and single cadre records; part of errors.ts. */
import type { ErrorDef } from './errors.js';

export const CODES_ERRORS = {
  CODE_FORMAT_INVALID: {
    status: 400,
    'zh-TW': (p) => `${p.table}格式不正確（${p.hint}）`,
    en: (p) => `Wrong format for this code table (${p.hint})`,
  },
  CODE_GROUP_INVALID: {
    status: 400,
    'zh-TW': (p) => `證照代碼須指定註1類別（${p.groups}）`,
    en: (p) => `A certificate code needs its kind (${p.groups})`,
  },
  CODE_EXISTS: {
    status: 409,
    'zh-TW': (p) => `${p.table}已有代碼 ${p.code}`,
    en: (p) => `The code ${p.code} already exists in this table`,
  },
  CADRE_LEVEL_UNKNOWN: {
    status: 400,
    'zh-TW': (p) => `幹部等級代碼不在代碼表中（可用：${p.codes}）`,
    en: (p) => `The cadre level is not in the code table (allowed: ${p.codes})`,
  },
  CADRE_DATE_ORDER: {
    status: 400,
    'zh-TW': '幹部經歷結束日期早於開始日期',
    en: 'The cadre record ends before it starts',
  },
  CADRE_TEXT_TOO_LONG: {
    status: 400,
    'zh-TW': (p) => `${p.field}超過${p.max}字`,
    en: (p) => `${p.fieldEn} is longer than ${p.max} characters`,
  },
  CADRE_EXISTS: {
    status: 409,
    'zh-TW': '這位學生在該學期已有相同單位與職務的幹部紀錄',
    en: 'The student already has a cadre record with this unit and position in that term',
  },
} satisfies Record<string, ErrorDef>;
