/**
 * Roles of SPEC.md §3. A person may hold several; school-scoped roles carry the school they apply to.
 */
export const ROLES = [
  'student',
  'teacher',
  'substitute',
  'homeroom',
  'academicAdmin',
  'studentAffairs',
  'counselor',
  'accountAdmin',
  'parent',
  'centralAdmin',
  'reviewer',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that belong to the central repository or review face and are not bound to one school. */
export const PLATFORM_ROLES: readonly Role[] = ['centralAdmin', 'reviewer'];

/** Staff roles: every access by these to someone else's portfolio is audited (DESIGN.md §5). */
export const STAFF_ROLES: readonly Role[] = [
  'teacher',
  'substitute',
  'homeroom',
  'academicAdmin',
  'studentAffairs',
  'counselor',
  'accountAdmin',
  'centralAdmin',
  'reviewer',
];

/** Office roles: granting one is told to the school's academic admins (notice + audit). */
export const OFFICE_ROLES: readonly Role[] = ['academicAdmin', 'studentAffairs', 'counselor', 'accountAdmin'];

/** Names of the office roles in notices (zh-TW, English). */
export const OFFICE_ROLE_NAMES: Partial<Record<Role, [string, string]>> = {
  academicAdmin: ['教務處', 'academic office'],
  studentAffairs: ['學務處', 'student affairs'],
  counselor: ['輔導室／課程諮詢教師', 'counsellor'],
  accountAdmin: ['帳號管理', 'account administration'],
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
