/** Error codes of access control (roles, parent links, counsellor assignments), part of errors.ts's table. */
import type { ErrorDef } from './errors.js';

export const AUTHZ_ERRORS = {
  ACCOUNT_OWN_ROLES: {
    status: 403,
    'zh-TW': '不能變更自己的角色，請由另一位帳號管理者處理',
    en: 'You cannot change your own roles; ask another account administrator',
  },
  GUARDIAN_LINK_SELF: {
    status: 403,
    'zh-TW': '不能把自己的帳號連結為學生家長',
    en: 'You cannot link your own account to a student',
  },
  GUARDIAN_LINK_NOT_PARENT: {
    status: 409,
    'zh-TW': '只有不具教職員或學生角色的家長帳號可以連結為學生家長',
    en: 'Only a parent account without staff or student roles can be linked to a student',
  },
  ROLES_STAFF_FOR_PARENT: {
    status: 409,
    'zh-TW': '此帳號已連結為學生家長，不能再授予教職員角色',
    en: 'This account is linked to a student as a parent and cannot also hold a staff role',
  },
  COUNSELLING_SELF_ASSIGNMENT: {
    status: 403,
    'zh-TW': '輔導教師不能指派自己，請由教務處或輔導室其他同仁指派',
    en: 'A counsellor cannot assign themselves; ask the academic office or a colleague',
  },
  COUNSELLING_NOT_COUNSELOR: {
    status: 409,
    'zh-TW': '只能指派具有輔導教師角色的帳號',
    en: 'Only an account with the counsellor role can be assigned',
  },
  COUNSELLING_NOT_ASSIGNED: {
    status: 403,
    'zh-TW': '只能為指派給您的學生記錄課程諮詢',
    en: 'You can record counselling only for students assigned to you',
  },
  COUNSELLING_ALREADY_ASSIGNED: {
    status: 409,
    'zh-TW': '這位輔導教師已指派給此班級或學生',
    en: 'This counsellor is already assigned to this class or student',
  },
} satisfies Record<string, ErrorDef>;
