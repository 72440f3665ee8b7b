/** The error codes of the academic calendar (current term), part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const TIME_ERRORS = {
  TERM_NOT_SET_UP: {
    status: 409,
    'zh-TW': (p) => `目前不在學期中：${p.term}尚未建立（教務處匯入本學期課程後開始）`,
    en: (p) =>
      `Between terms: ${p.termEn} has not been set up yet (it starts when 教務處 imports its courses)`,
  },
} satisfies Record<string, ErrorDef>;
