/** The error codes of verifiable provenance (issuers, status lists, packet verification), part of errors.ts. */
import type { ErrorDef } from './errors.js';

export const PROVENANCE_ERRORS = {
  ISSUER_UNKNOWN: {
    status: 404,
    'zh-TW': (p) => `找不到發證單位「${p.code}」`,
    en: (p) => `No issuer "${p.code}"`,
  },
  VERIFY_TOO_LARGE: {
    status: 413,
    'zh-TW': (p) => `備審資料 PDF 超過驗證上限 ${p.limitMb} MB`,
    en: (p) => `The packet PDF is larger than the verification limit of ${p.limitMb} MB`,
  },
  VERIFY_NOT_PDF: {
    status: 415,
    'zh-TW': '請上傳備審資料 PDF 檔（application/pdf）',
    en: 'Send the packet as a PDF (application/pdf)',
  },
} satisfies Record<string, ErrorDef>;
