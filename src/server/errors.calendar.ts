/** The error codes of announcements and the calendar feed (SPEC.md §7), part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const CALENDAR_ERRORS = {
  ANNOUNCEMENT_TITLE_TOO_LONG: {
    status: 400,
    'zh-TW': (p) => `公告標題超過${p.max}字（目前${p.length}字）`,
    en: (p) => `The announcement's title is longer than ${p.max} characters (${p.length})`,
  },
  ANNOUNCEMENT_BODY_TOO_LONG: {
    status: 400,
    'zh-TW': (p) => `公告內容超過${p.max}字（目前${p.length}字）`,
    en: (p) => `The announcement's text is longer than ${p.max} characters (${p.length})`,
  },
  ANNOUNCEMENT_EMPTY: {
    status: 400,
    'zh-TW': '公告須有標題與內容',
    en: 'An announcement needs a title and a text',
  },
  ANNOUNCEMENT_AUDIENCE_INVALID: {
    status: 400,
    'zh-TW': (p) =>
      p.audience === 'grade' ? '對象為年級的公告須指定年級（10–12）' : '對象為班級的公告須指定班級',
    en: (p) =>
      p.audience === 'grade'
        ? 'An announcement to a grade needs the grade (10–12)'
        : 'An announcement to a class needs the class',
  },
  ANNOUNCEMENT_OFFICE_NOT_YOURS: {
    status: 403,
    'zh-TW': '只能以自己所屬處室（教務處、學務處、輔導室）的名義發布或刪除公告',
    en: 'Announcements are published and deleted only in the name of your own office',
  },
} satisfies Record<string, ErrorDef>;
