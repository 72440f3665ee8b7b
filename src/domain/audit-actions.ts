/**
 * The audit log's action codes, shared by the server (which writes them) and the web (which shows each
 * as words, never as a code). Reads of another person's data all start with `read.`.
 */

/** Reads of another person's data; each request writes one row (see docs/SECURITY.md). */
export const READ_ACTIONS = [
  'read.student_record',
  'read.portfolio',
  'read.student_outcomes',
  'read.student_performances',
  'read.file',
  'read.student_list',
  'read.class_roster',
  'read.children',
  'read.class_progress',
  'read.class_missing_export',
  'read.school_progress',
  'read.school_progress_export',
  'read.certification_queue',
  'read.outcome',
  'read.performance_overview',
  'read.performance_overview_export',
  'read.performance_window',
  'read.windows',
  'read.schedule',
  'read.home_counts',
  'read.accounts',
  'read.counselling_list',
  'read.counselling_attachment',
  'read.audit_log',
  'read.audit_log_export',
  'read.student_selection',
  'read.class_selection',
  'read.student_cadre',
  'read.submission_precheck',
  'read.submission_package',
] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

/** Changes and sign-ins already written by the services (plus codes older rows may carry). */
export const CHANGE_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_changed',
  'auth.password_change_failed',
  'accounts.provisioned',
  'accounts.password_reset',
  'user.disabled',
  'user.enabled',
  'user.roles_changed',
  'user.roles_granted',
  'user.office_roles_granted',
  'counselling.assigned',
  'counselling.unassigned',
  'guardian.linked',
  'import.committed',
  'export.downloaded',
  'outcome.uploaded',
  'outcome.edited',
  'outcome.resubmitted',
  'outcome.withdrawn',
  'certification.passed',
  'certification.failed',
  'window.set',
  'window.extended',
  'substitute.assigned',
  'substitute.ended',
  'substitute.removed',
  'performance.created',
  'performance.edited',
  'performance.deleted',
  'performance_window.set',
  'performance_window.extended',
  'portfolio.viewed',
  'roster.viewed',
  'school_settings.changed',
  'selection.selected',
  'selection.unselected',
  'code.added',
  'code.disabled',
  'code.enabled',
  'cadre.created',
  'cadre.edited',
  'cadre.deleted',
  'submission.requested',
] as const;

export const AUDIT_ACTIONS = [...READ_ACTIONS, ...CHANGE_ACTIONS] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a read row names as its scope: one student, or the list it showed. */
export type ReadScope =
  | { type: 'student'; id: string }
  | { type: 'class'; id: string }
  | { type: 'course'; id: string }
  | { type: 'file'; id: string }
  | { type: 'outcome'; id: string }
  | { type: 'counsellingRecord'; id: string }
  | { type: 'school' };

/** Each action in words, zh-TW first (the audit page, its xlsx). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, { 'zh-TW': string; en: string }> = {
  'read.student_record': { 'zh-TW': '檢視學生基本資料與修課紀錄', en: "Viewed a student's record" },
  'read.portfolio': { 'zh-TW': '檢視學生學習歷程總覽', en: "Viewed a student's portfolio" },
  'read.student_outcomes': { 'zh-TW': '檢視學生課程學習成果', en: "Viewed a student's course outcomes" },
  'read.student_performances': { 'zh-TW': '檢視學生多元表現', en: "Viewed a student's performances" },
  'read.file': { 'zh-TW': '開啟學生上傳的檔案', en: "Opened a student's file" },
  'read.student_list': { 'zh-TW': '檢視學生名單', en: 'Viewed the student list' },
  'read.class_roster': { 'zh-TW': '檢視班級名冊', en: 'Viewed a class roster' },
  'read.children': { 'zh-TW': '家長檢視子女名單', en: "Parent viewed their children's list" },
  'read.class_progress': { 'zh-TW': '檢視班級課程學習成果進度', en: "Viewed a class's outcome progress" },
  'read.class_missing_export': { 'zh-TW': '下載班級尚未上傳名單', en: "Downloaded a class's missing list" },
  'read.school_progress': { 'zh-TW': '檢視全校課程學習成果進度', en: 'Viewed school-wide outcome progress' },
  'read.school_progress_export': {
    'zh-TW': '下載全校課程學習成果進度',
    en: 'Downloaded school-wide outcome progress',
  },
  'read.certification_queue': { 'zh-TW': '檢視待認證清單', en: 'Viewed the certification queue' },
  'read.outcome': { 'zh-TW': '檢視一件課程學習成果', en: 'Viewed a course outcome' },
  'read.performance_overview': { 'zh-TW': '檢視全校多元表現總覽', en: 'Viewed the performance overview' },
  'read.performance_overview_export': {
    'zh-TW': '下載全校多元表現總覽',
    en: 'Downloaded the performance overview',
  },
  'read.performance_window': {
    'zh-TW': '檢視多元表現登錄期間與個別延長',
    en: 'Viewed the performance window and extensions',
  },
  'read.windows': {
    'zh-TW': '檢視各項期間與個別延長',
    en: 'Viewed the windows and their extensions',
  },
  'read.schedule': { 'zh-TW': '檢視子女的期程', en: "Viewed a child's schedule" },
  'read.home_counts': { 'zh-TW': '檢視子女的待辦統計（首頁）', en: "Viewed a child's to-do counts (home)" },
  'read.accounts': { 'zh-TW': '檢視帳號清單', en: 'Viewed the account list' },
  'read.counselling_list': { 'zh-TW': '檢視課程諮詢紀錄', en: 'Viewed counselling records' },
  'read.counselling_attachment': { 'zh-TW': '開啟課程諮詢紀錄附件', en: 'Opened a counselling attachment' },
  'read.audit_log': { 'zh-TW': '查詢稽核紀錄', en: 'Searched the audit log' },
  'read.audit_log_export': { 'zh-TW': '下載稽核紀錄', en: 'Downloaded the audit log' },
  'read.student_cadre': { 'zh-TW': '檢視學生校內幹部紀錄', en: "Viewed a student's school cadre records" },
  'read.submission_precheck': { 'zh-TW': '執行送件預檢', en: 'Ran a submission pre-check' },
  'read.submission_package': { 'zh-TW': '下載送件檔', en: 'Downloaded a submission package' },
  'auth.login': { 'zh-TW': '登入', en: 'Signed in' },
  'auth.login_failed': { 'zh-TW': '登入失敗', en: 'Failed sign-in' },
  'auth.locked': { 'zh-TW': '帳號鎖定', en: 'Account locked' },
  'auth.logout': { 'zh-TW': '登出', en: 'Signed out' },
  'auth.password_changed': { 'zh-TW': '變更密碼', en: 'Changed password' },
  'auth.password_change_failed': {
    'zh-TW': '變更密碼失敗（目前密碼錯誤）',
    en: 'Failed password change (wrong current password)',
  },
  'accounts.provisioned': { 'zh-TW': '建立帳號', en: 'Created accounts' },
  'accounts.password_reset': { 'zh-TW': '重設密碼', en: 'Reset a password' },
  'user.disabled': { 'zh-TW': '停用帳號', en: 'Disabled an account' },
  'user.enabled': { 'zh-TW': '啟用帳號', en: 'Enabled an account' },
  'user.roles_changed': { 'zh-TW': '變更角色', en: 'Changed roles' },
  'user.roles_granted': { 'zh-TW': '授予角色', en: 'Granted roles' },
  'user.office_roles_granted': { 'zh-TW': '授予處室角色', en: 'Granted office roles' },
  'counselling.assigned': { 'zh-TW': '指派輔導老師', en: 'Assigned a counsellor' },
  'counselling.unassigned': { 'zh-TW': '取消輔導老師指派', en: 'Removed a counsellor assignment' },
  'guardian.linked': { 'zh-TW': '連結家長與學生', en: 'Linked a parent to a student' },
  'import.committed': { 'zh-TW': '匯入資料', en: 'Imported data' },
  'export.downloaded': { 'zh-TW': '匯出資料', en: 'Exported data' },
  'outcome.uploaded': { 'zh-TW': '上傳課程學習成果', en: 'Uploaded a course outcome' },
  'outcome.edited': { 'zh-TW': '修改課程學習成果', en: 'Edited a course outcome' },
  'outcome.resubmitted': { 'zh-TW': '重新提交課程學習成果', en: 'Resubmitted a course outcome' },
  'outcome.withdrawn': { 'zh-TW': '撤回課程學習成果', en: 'Withdrew a course outcome' },
  'certification.passed': { 'zh-TW': '認證通過', en: 'Certified (passed)' },
  'certification.failed': { 'zh-TW': '認證未通過', en: 'Certified (failed)' },
  'window.set': {
    'zh-TW': '設定期間（上傳、認證、多元表現、勾選等）',
    en: 'Set a window (upload, certification, performance, selection …)',
  },
  'window.extended': {
    'zh-TW': '延長期間（全校或個別學生）',
    en: 'Extended a window (school-wide or for a student)',
  },
  'substitute.assigned': { 'zh-TW': '指派代理認證教師', en: 'Assigned a substitute certifier' },
  'substitute.ended': { 'zh-TW': '提前結束代理認證', en: 'Ended a substitute assignment early' },
  'substitute.removed': { 'zh-TW': '刪除代理認證指派', en: 'Removed a substitute assignment' },
  'performance.created': { 'zh-TW': '新增多元表現', en: 'Added a performance' },
  'performance.edited': { 'zh-TW': '修改多元表現', en: 'Edited a performance' },
  'performance.deleted': { 'zh-TW': '刪除多元表現', en: 'Deleted a performance' },
  'performance_window.set': { 'zh-TW': '設定多元表現登錄期間', en: 'Set the performance window' },
  'performance_window.extended': { 'zh-TW': '延長多元表現登錄期間', en: 'Extended the performance window' },
  'portfolio.viewed': { 'zh-TW': '檢視學生資料（舊紀錄）', en: "Viewed a student's data (older entry)" },
  'roster.viewed': { 'zh-TW': '檢視班級名冊（舊紀錄）', en: 'Viewed a class roster (older entry)' },
  'read.student_selection': { 'zh-TW': '檢視學生的勾選', en: "Viewed a student's selection" },
  'read.class_selection': { 'zh-TW': '檢視班級勾選進度', en: "Viewed a class's selection progress" },
  'school_settings.changed': { 'zh-TW': '變更學校設定', en: 'Changed the school settings' },
  'selection.selected': { 'zh-TW': '勾選項目', en: 'Selected an item' },
  'selection.unselected': { 'zh-TW': '取消勾選', en: 'Unselected an item' },
  'code.added': { 'zh-TW': '新增學校代碼', en: 'Added a school code' },
  'code.disabled': { 'zh-TW': '停用學校代碼', en: 'Disabled a school code' },
  'code.enabled': { 'zh-TW': '啟用學校代碼', en: 'Enabled a school code' },
  'cadre.created': { 'zh-TW': '新增校內幹部紀錄', en: 'Added a school cadre record' },
  'cadre.edited': { 'zh-TW': '修改校內幹部紀錄', en: 'Edited a school cadre record' },
  'cadre.deleted': { 'zh-TW': '刪除校內幹部紀錄', en: 'Deleted a school cadre record' },
  'submission.requested': { 'zh-TW': '產生送件檔', en: 'Built a submission package' },
};

/** An action in words; a code this version does not know (a newer one's) is shown as it is. */
export function auditActionLabel(action: string, lang: 'zh-TW' | 'en'): string {
  return (AUDIT_ACTION_LABELS as Record<string, { 'zh-TW': string; en: string }>)[action]?.[lang] ?? action;
}
