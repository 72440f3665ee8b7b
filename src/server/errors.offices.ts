/** Error codes of the offices' work (substitute assignments, counselling attachments), part of errors.ts's table. */
import type { ErrorDef } from './errors.js';

export const OFFICES_ERRORS = {
  SUBSTITUTE_DUPLICATE: {
    status: 409,
    'zh-TW': (p) => `同一代理人已登錄同一課程或請假教師的代理（${p.startsOn}～${p.endsOn}），日期不能重疊`,
    en: (p) =>
      `This substitute is already assigned for the same course or absent teacher (${p.startsOn} to ${p.endsOn}); dates cannot overlap`,
  },
  SUBSTITUTE_END_INVALID: {
    status: 400,
    'zh-TW': (p) => `提前結束的日期須介於${p.from}與${p.to}之間`,
    en: (p) => `An assignment can only be ended early on a date from ${p.from} to ${p.to}`,
  },
  SUBSTITUTE_ALREADY_ENDED: {
    status: 409,
    'zh-TW': (p) => `此代理已於${p.endsOn}結束，不能再提前結束`,
    en: (p) => `This assignment already ended on ${p.endsOn} and cannot be ended early`,
  },
  SUBSTITUTE_SELF: {
    status: 400,
    'zh-TW': '代理人不能是請假教師本人',
    en: 'The substitute cannot be the absent teacher',
  },
  COUNSELLING_ATTACHMENT_FILE: {
    status: 400,
    'zh-TW': '附件須為您上傳的諮詢紀錄附件（pdf、jpg 或 png，2 MB 以內）',
    en: 'The attachment must be a counselling attachment you uploaded (pdf, jpg or png, up to 2 MB)',
  },
} satisfies Record<string, ErrorDef>;
