/** The error codes of windows of every kind (SPEC.md §4–§5, §7), part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const WINDOW_ERRORS = {
  YEAR_WINDOW_NOT_SET: {
    status: 409,
    'zh-TW': (p) => `${p.year}學年度尚未設定${p.kind}期間，請洽學校`,
    en: (p) => `No ${p.kindEn} window is set for academic year ${p.year}; contact the school`,
  },
  YEAR_WINDOW_CLOSED: {
    status: 409,
    'zh-TW': (p) => `不在${p.year}學年度${p.kind}期間內：${p.window}（臺北時間）`,
    en: (p) => `Outside the ${p.kindEn} window of academic year ${p.year}: ${p.window} (Taipei time)`,
  },
  WINDOW_KIND_NOT_YOURS: {
    status: 403,
    'zh-TW': (p) => `${p.kind}期間由${p.office}設定`,
    en: (p) => `The ${p.kindEn} window is set by ${p.officeEn}`,
  },
  WINDOW_SCOPE_INVALID: {
    status: 400,
    'zh-TW': (p) =>
      p.scope === 'term' ? `${p.kind}期間須指定學期` : `${p.kind}期間須指定學年度（不指定學期）`,
    en: (p) =>
      p.scope === 'term'
        ? `A ${p.kindEn} window needs a term`
        : `A ${p.kindEn} window needs an academic year (and no term)`,
  },
  WINDOW_DATES_REQUIRED: {
    status: 400,
    'zh-TW': '新設定的期間須填開始與結束時間',
    en: 'A new window needs both its opening and its closing time',
  },
  WINDOW_EXTENSION_TOO_EARLY: {
    status: 400,
    'zh-TW': (p) => `延長後的截止時間須晚於原截止時間（${p.closes}）`,
    en: (p) => `An extension must close after the window's own close (${p.closes})`,
  },
} satisfies Record<string, ErrorDef>;
