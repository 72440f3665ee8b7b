/**
 * The error codes of 收訖明細 (receipts), their confirmation and disputes, on the school side and at the
 * central repository's exchange API (SPEC.md §5), part of the one error table in errors.ts.
 */
import type { ErrorDef } from './errors.js';

export const RECEIPT_ERRORS = {
  EXCHANGE_AUTH_INVALID: {
    status: 401,
    'zh-TW': (p) => `交換請求的學校簽章無法驗證（${p.reason}）`,
    en: (p) => `The school's signature of the exchange request could not be verified (${p.reasonEn})`,
  },
  RECEIPT_DISPUTE_REASON_REQUIRED: {
    status: 400,
    'zh-TW': '異議理由未填：提出異議時須說明哪一筆資料有誤、應為何',
    en: 'Dispute reason missing: say which row is wrong and what it should be',
  },
  RECEIPT_SUPERSEDED: {
    status: 409,
    'zh-TW': '此收訖明細已由學校重新上傳的新明細取代，請確認最新的明細',
    en: 'This receipt was replaced by a newer one after the school resubmitted; answer the newest receipt',
  },
  RECEIPT_ALREADY_ANSWERED: {
    status: 409,
    'zh-TW': (p) => `此收訖明細已${p.answer}，每份明細只能回覆一次`,
    en: (p) => `This receipt was already ${p.answerEn}; a receipt is answered once`,
  },
  RECEIPT_NOT_DISPUTED: {
    status: 409,
    'zh-TW': '此收訖明細沒有處理中的異議',
    en: 'This receipt has no open dispute',
  },
  RECEIPT_ANSWER_NOTE_REQUIRED: {
    status: 400,
    'zh-TW': '回覆說明未填：未更正資料而結案的異議須說明處理結果',
    en: 'Answer note missing: a dispute settled without a correction needs a note of the outcome',
  },
  RECEIPT_ROSTER_NOT_YOURS: {
    status: 403,
    'zh-TW': (p) => `名冊${p.roster}的異議由${p.office}處理`,
    en: (p) => `Disputes of roster ${p.roster} are handled by ${p.officeEn}`,
  },
  RECEIPT_WINDOW_TOO_SHORT: {
    status: 400,
    'zh-TW': '收訖確認期間至少須為3天',
    en: 'A receipt confirmation window must last at least 3 days',
  },
} satisfies Record<string, ErrorDef>;
