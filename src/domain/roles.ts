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

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
