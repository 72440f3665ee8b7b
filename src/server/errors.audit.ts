/** The error codes of the audit view, part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const AUDIT_ERRORS = {
  AUDIT_EXPORT_TOO_LARGE: {
    status: 422,
    'zh-TW': (p) => `稽核紀錄一次最多匯出${p.max}筆，請縮小日期範圍或加上篩選條件`,
    en: (p) => `An audit export holds at most ${p.max} rows: narrow the dates or add a filter`,
  },
} satisfies Record<string, ErrorDef>;
