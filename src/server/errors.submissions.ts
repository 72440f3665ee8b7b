/** The error codes of 送件 (SPEC.md §5), part of the one error table in errors.ts. */
import type { ErrorDef } from './errors.js';

export const SUBMISSION_ERRORS = {
  SUBMISSION_ROSTER_UNKNOWN: {
    status: 400,
    'zh-TW': (p) => `沒有名冊別 ${p.roster} 的名冊格式`,
    en: (p) => `There is no roster format for 名冊別 ${p.roster}`,
  },
  SUBMISSION_SEMESTER_REQUIRED: {
    status: 400,
    'zh-TW': (p) => `名冊別 ${p.roster} 為學期名冊，須指定學期（1 或 2）`,
    en: (p) => `Roster ${p.roster} is submitted per semester: give the semester (1 or 2)`,
  },
  SUBMISSION_ROSTER_NOT_YOURS: {
    status: 403,
    'zh-TW': (p) => `名冊別 ${p.roster} 由${p.office}送件`,
    en: (p) => `Roster ${p.roster} is submitted by ${p.officeEn}`,
  },
  SUBMISSION_ROSTER_UNAVAILABLE: {
    status: 409,
    'zh-TW': (p) => `名冊別 ${p.roster} 尚無資料來源（${p.sources}），無法產生送件檔`,
    en: (p) => `Roster ${p.roster} has no data source yet (${p.sources}); it cannot be built`,
  },
  SUBMISSION_PRECHECK_FAILED: {
    status: 409,
    'zh-TW': (p) => `預檢未通過：尚有 ${p.count} 項問題，請修正後再產生送件檔`,
    en: (p) => `The pre-check found ${p.count} problem(s); fix them before building the package`,
  },
  SUBMISSION_NOT_BUILT: {
    status: 409,
    'zh-TW': '送件檔尚未產生完成',
    en: 'The package has not been built yet',
  },
} satisfies Record<string, ErrorDef>;
