/**
 * The one error table (DESIGN.md §4.6): code → HTTP status → zh-TW and English messages.
 * Every error that leaves the server has the body `{ code, message, requestId }` (plus `details`
 * for validation problems). Services throw `AppError`; the handler in `error-handler.ts` presents it.
 */

import { AUDIT_ERRORS } from './errors.audit.js';
import { AUTHZ_ERRORS } from './errors.authz.js';
import { CALENDAR_ERRORS } from './errors.calendar.js';
import { CODES_ERRORS } from './errors.codes.js';
import { INPUT_ERRORS } from './errors.input.js';
import { OFFICES_ERRORS } from './errors.offices.js';
import { PERFORMANCE_ERRORS } from './errors.performances.js';
import { PROVENANCE_ERRORS } from './errors.provenance.js';
import { RECEIPT_ERRORS } from './errors.receipts.js';
import { SELECTION_ERRORS } from './errors.selection.js';
import { SIGNIN_ERRORS } from './errors.signin.js';
import { STUDENT_ERRORS } from './errors.student.js';
import { SUBMISSION_ERRORS } from './errors.submissions.js';
import { TIME_ERRORS } from './errors.time.js';
import { WINDOW_ERRORS } from './errors.windows.js';

export type Lang = 'zh-TW' | 'en';

type Params = Record<string, string | number>;
type Message = string | ((p: Params) => string);

export interface ErrorDef {
  status: number;
  'zh-TW': Message;
  en: Message;
}

export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-TW': (p) => `輸入資料不符合規則：${p.fields}`,
    en: (p) => `The request does not follow the rules: ${p.fields}`,
  },
  BODY_TOO_LARGE: {
    status: 413,
    'zh-TW': '傳送的資料超過大小上限',
    en: 'The request body is larger than allowed',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-TW': '不支援此資料格式，請以 JSON 傳送',
    en: 'Unsupported content type; send JSON',
  },
  MALFORMED_BODY: {
    status: 400,
    'zh-TW': '無法解讀傳送的資料（JSON 格式錯誤）',
    en: 'The request body could not be parsed (invalid JSON)',
  },
  AUTH_REQUIRED: {
    status: 401,
    'zh-TW': '請先登入',
    en: 'Please sign in',
  },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    'zh-TW': '登入已逾時，請重新登入',
    en: 'Your session has expired; please sign in again',
  },
  AUTH_INVALID_CREDENTIALS: {
    status: 401,
    'zh-TW': '帳號或密碼錯誤',
    en: 'Wrong username or password',
  },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    'zh-TW': (p) =>
      `此帳號在這個網路位址或裝置登入失敗次數過多，暫時無法從這裡登入，請於 ${p.minutes} 分鐘後再試（從其他曾登入過的裝置仍可登入）`,
    en: (p) =>
      `Too many failed sign-ins to this account from this address or device; try again here in ${p.minutes} minute(s) (devices you signed in from before still work)`,
  },
  AUTH_ACCOUNT_DISABLED: {
    status: 403,
    'zh-TW': '此帳號已停用，請洽學校帳號管理人員',
    en: 'This account is disabled; contact your school account administrator',
  },
  AUTH_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-TW': '首次登入須先變更密碼',
    en: 'You must change your password before continuing',
  },
  PASSWORD_TOO_SHORT: {
    status: 400,
    'zh-TW': (p) => `密碼長度至少${p.min}個字元`,
    en: (p) => `The password must be at least ${p.min} characters long`,
  },
  PASSWORD_SAME_AS_USERNAME: {
    status: 400,
    'zh-TW': '密碼不可與帳號相同',
    en: 'The password must not equal the username',
  },
  PASSWORD_UNCHANGED: {
    status: 400,
    'zh-TW': '新密碼不可與目前密碼相同',
    en: 'The new password must differ from the current one',
  },
  PASSWORD_CURRENT_WRONG: {
    status: 400,
    'zh-TW': '目前密碼不正確',
    en: 'The current password is wrong',
  },
  CSRF_INVALID: {
    status: 403,
    'zh-TW': '安全驗證碼無效，請重新整理頁面後再試',
    en: 'Missing or invalid CSRF token; reload the page and try again',
  },
  FORBIDDEN: {
    status: 403,
    'zh-TW': '您沒有執行此操作的權限',
    en: 'You are not allowed to do this',
  },
  NOT_FOUND: {
    status: 404,
    'zh-TW': '找不到指定的資料',
    en: 'Not found',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-TW': '請求過於頻繁，請稍後再試',
    en: 'Too many requests; try again later',
  },
  SCHOOL_NOT_FOUND: {
    status: 404,
    'zh-TW': (p) => `找不到學校代碼 ${p.schoolCode}`,
    en: (p) => `No school with code ${p.schoolCode}`,
  },
  USERNAME_TAKEN: {
    status: 409,
    'zh-TW': (p) => `帳號 ${p.username} 已存在`,
    en: (p) => `The username ${p.username} is already taken`,
  },
  IMPORT_EMPTY: {
    status: 400,
    'zh-TW': '檔案是空的，沒有任何資料列',
    en: 'The file is empty',
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    'zh-TW': (p) => `匯入檔案超過 ${p.limitMb} MB 上限（1 MB = 1,048,576 位元組）`,
    en: (p) => `The import file exceeds the ${p.limitMb} MB limit (1 MB = 1,048,576 bytes)`,
  },
  IMPORT_NOT_SPREADSHEET: {
    status: 400,
    'zh-TW': '檔案不是可讀取的試算表：請上傳 xlsx 或 CSV 檔（舊版 xls 請先另存為 xlsx）',
    en: 'The file is not a readable spreadsheet: upload xlsx or CSV (save old .xls files as .xlsx first)',
  },
  IMPORT_ENCODING_MIXED: {
    status: 400,
    'zh-TW': 'CSV 檔混用了 UTF-8 與其他編碼（如 Big5），請以單一編碼重新匯出',
    en: 'The CSV file mixes UTF-8 with another encoding (such as Big5); export it again in one encoding',
  },
  IMPORT_ENCODING_UNKNOWN: {
    status: 400,
    'zh-TW': '無法辨識 CSV 檔的文字編碼，請存成 UTF-8 或 Big5，或指定編碼',
    en: 'Unrecognised CSV encoding; save as UTF-8 or Big5, or choose the encoding',
  },
  IMPORT_ENCODING_INVALID: {
    status: 400,
    'zh-TW': (p) => `以 ${p.encoding} 編碼讀取時出現無法解讀的字元，請確認檔案編碼`,
    en: (p) => `The file has characters that are invalid in ${p.encoding}; check its encoding`,
  },
  IMPORT_NO_TABLE: {
    status: 400,
    // `row`/`cells`: the first non-empty row of the first sheet, which was read as the header.
    'zh-TW': (p) =>
      `找不到含有必要欄位的工作表（需要：${p.columns}）` +
      (p.row ? `；表頭須在第一個非空白列，但第 ${p.row} 列是「${p.cells}」，若上方有標題列請刪除` : ''),
    en: (p) =>
      `No sheet has the required columns (${p.columns})` +
      (p.row
        ? `; the header must be the first non-empty row, but row ${p.row} is "${p.cells}": remove any title rows above it`
        : ''),
  },
  IMPORT_UNKNOWN_KIND: {
    status: 404,
    'zh-TW': (p) => `沒有「${p.kind}」這種匯入資料`,
    en: (p) => `There is no import of kind "${p.kind}"`,
  },
  IMPORT_HAS_PROBLEMS: {
    status: 422,
    'zh-TW': (p) => `檔案有 ${p.count} 個問題，未匯入任何資料；請修正後重新上傳`,
    en: (p) => `The file has ${p.count} problem(s); nothing was imported. Fix them and upload again`,
  },
  IMPORT_ALREADY_COMMITTED: {
    status: 409,
    'zh-TW': '這個匯入批次已經確認匯入過了',
    en: 'This import batch has already been committed',
  },
  FILE_TOO_LARGE: {
    status: 413,
    'zh-TW': (p) => `檔案超過 ${p.limitMb} MB（1 MB = 1,048,576 位元組）`,
    en: (p) => `The file is larger than ${p.limitMb} MB (1 MB = 1,048,576 bytes)`,
  },
  FILE_EMPTY: {
    status: 400,
    'zh-TW': '檔案是空的',
    en: 'The file is empty',
  },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    'zh-TW': (p) => `檔案格式不符：只接受 ${p.kinds}（依檔案內容判斷，不看副檔名）`,
    en: (p) => `Wrong file type: only ${p.kinds} (judged by the content, not the name)`,
  },
  FILE_CORRUPT: {
    status: 422,
    'zh-TW': '檔案已損毀或不完整，無法開啟；請重新匯出後再上傳',
    en: 'The file is damaged or incomplete and cannot be opened; export it again and re-upload',
  },
  FILE_ENCRYPTED: {
    status: 422,
    'zh-TW': 'PDF 有密碼保護或加密，無法放入備審資料；請移除密碼後再上傳',
    en: 'The PDF is password-protected or encrypted and cannot go into packets; remove the password and re-upload',
  },
  FILE_NAME_INVALID: {
    status: 400,
    'zh-TW': '檔名含有路徑、控制字元或文字方向控制字元，請改名後再上傳',
    en: 'The file name contains path parts, control or text-direction characters; rename it',
  },
  FILE_NAME_TOO_LONG: {
    status: 400,
    'zh-TW': (p) => `檔名超過${p.max}字`,
    en: (p) => `The file name is longer than ${p.max} characters`,
  },
  UPLOAD_PURPOSE_UNKNOWN: {
    status: 400,
    'zh-TW': '未指定或不支援的上傳用途',
    en: 'Missing or unknown upload purpose',
  },
  UPLOAD_LENGTH_REQUIRED: {
    status: 411,
    'zh-TW': '上傳須先告知檔案大小（Content-Length 或 Upload-Length）',
    en: 'Uploads must declare their size (Content-Length or Upload-Length)',
  },
  UPLOAD_QUOTA_EXCEEDED: {
    status: 413,
    'zh-TW': (p) => `已達個人上傳空間上限（${p.limit}），請先刪除不需要的檔案`,
    en: (p) => `Your upload quota (${p.limit}) is used up; delete files you no longer need`,
  },
  UPLOAD_INCOMPLETE: {
    status: 400,
    'zh-TW': '上傳中斷，收到的資料與宣告的大小不符；請重新上傳',
    en: 'The upload was cut short: fewer bytes arrived than declared; upload again',
  },
  RANGE_NOT_SATISFIABLE: {
    status: 416,
    'zh-TW': '要求的範圍超出檔案大小',
    en: 'The requested range is outside the file',
  },
  WINDOW_CLOSED: {
    status: 409,
    'zh-TW': (p) => `不在${p.kind}期間內：${p.window}（臺北時間）；逾時無法補件`,
    en: (p) => `Outside the ${p.kindEn} window: ${p.window} (Taipei time)`,
  },
  WINDOW_NOT_SET: {
    status: 409,
    'zh-TW': (p) => `本學期尚未設定${p.kind}期間，請洽教務處`,
    en: (p) => `No ${p.kindEn} window is set for this term; contact academic affairs`,
  },
  OUTCOME_LIMIT_SEMESTER: {
    status: 409,
    'zh-TW': (p) => `每學期最多上傳${p.max}件課程學習成果`,
    en: (p) => `At most ${p.max} course outcomes per semester`,
  },
  OUTCOME_LIMIT_COURSE: {
    status: 409,
    'zh-TW': (p) => `每門課程最多上傳${p.max}件課程學習成果`,
    en: (p) => `At most ${p.max} course outcomes per course`,
  },
  OUTCOME_NOT_ENROLLED: {
    status: 403,
    'zh-TW': '只能為自己修習的課程上傳成果',
    en: 'Outcomes can only be uploaded for courses you are enrolled in',
  },
  OUTCOME_FILE_INVALID: {
    status: 400,
    'zh-TW': '附加的檔案不是你為此用途上傳的檔案',
    en: 'The attached file is not one you uploaded for this purpose',
  },
  OUTCOME_NOT_EDITABLE: {
    status: 409,
    'zh-TW': (p) => `此成果目前為「${p.status}」，不能修改`,
    en: (p) => `This outcome is ${p.statusEn} and cannot be changed`,
  },
  FAIL_REASON_REQUIRED: {
    status: 400,
    'zh-TW': '認證不通過時必須填寫理由',
    en: 'A reason is required when failing an outcome',
  },
  SUMMARY_REQUIRED: {
    status: 400,
    'zh-TW': '請填寫簡述',
    en: 'A summary is required',
  },
  ...PERFORMANCE_ERRORS,
  ...WINDOW_ERRORS,
  ...CALENDAR_ERRORS,
  ...SUBMISSION_ERRORS,
  ...AUTHZ_ERRORS,
  ...SIGNIN_ERRORS,
  ...INPUT_ERRORS,
  ...AUDIT_ERRORS,
  ...TIME_ERRORS,
  ...SELECTION_ERRORS,
  ...PROVENANCE_ERRORS,
  ...CODES_ERRORS,
  ...STUDENT_ERRORS,
  ...OFFICES_ERRORS,
  ...RECEIPT_ERRORS,
  SUMMARY_TOO_LONG: {
    status: 400,
    'zh-TW': (p) => `簡述超過${p.max}字`,
    en: (p) => `The summary is longer than ${p.max} characters`,
  },
  TIME_RANGE_INVALID: {
    status: 400,
    'zh-TW': '結束時間須晚於開始時間',
    en: 'The end time must be after the start time',
  },
  COUNSELLING_PARTICIPANTS: {
    status: 400,
    'zh-TW': '個人諮詢須有 1 位學生，團體諮詢須有 2 位以上學生',
    en: 'An individual session has exactly 1 student; a group session 2 or more',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    'zh-TW': '資料庫暫時無法使用，請稍後再試',
    en: 'The database is unavailable; try again later',
  },
  INTERNAL: {
    status: 500,
    'zh-TW': '系統發生錯誤，請稍後再試；若持續發生請提供錯誤代號給學校',
    en: 'Something went wrong; if it persists, give the request id to your school',
  },
} satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

/** An expected failure with a code from the table. Anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly params: Params = {},
    public readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

/** The message of an error code in a language. */
export function errorMessage(code: ErrorCode, lang: Lang, params: Params = {}): string {
  const m: Message = ERRORS[code][lang];
  return typeof m === 'function' ? m(params) : m;
}

/** Picks zh-TW unless the client prefers English (Accept-Language). */
export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-TW';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-TW';
}
