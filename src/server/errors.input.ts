/** Error codes for bad input to uploads (bombs, a full disk) and tus's own refusals, part of the one table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const INPUT_ERRORS = {
  FILE_TOO_COMPLEX: {
    status: 422,
    'zh-TW': (p) =>
      `檔案內容過於複雜，解壓縮或解碼後超過 ${p.limit} 上限，系統無法處理；請重新匯出（例如降低圖片解析度）後再上傳`,
    en: (p) =>
      `The file is too complex: decompressed or decoded it exceeds ${p.limit}; export it again (e.g. with smaller images) and re-upload`,
  },
  STORAGE_FULL: {
    status: 507,
    'zh-TW': '伺服器儲存空間已滿，檔案未能儲存（不是您的檔案有問題）；請稍後再試，並通知學校',
    en: 'The server is out of storage space and could not keep the file (nothing is wrong with it); try again later and tell your school',
  },
  UPLOAD_NOT_FOUND: {
    status: 404,
    'zh-TW': '找不到這個上傳（可能已逾期或已取消），請重新上傳',
    en: 'No such upload (it may have expired or been cancelled); upload again',
  },
  UPLOAD_OFFSET_MISMATCH: {
    status: 409,
    'zh-TW': '續傳位置與伺服器收到的資料不符，請重新整理後繼續上傳',
    en: 'The resume position does not match what the server has; refresh and continue',
  },
  UPLOAD_PROTOCOL_ERROR: {
    status: 400,
    'zh-TW': (p) => `續傳請求不符合 tus 協定（${p.reason}）`,
    en: (p) => `The resumable-upload request does not follow the tus protocol (${p.reason})`,
  },
} satisfies Record<string, ErrorDef>;
