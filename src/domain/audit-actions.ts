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
  'read.accounts',
  'read.counselling_list',
  'read.counselling_attachment',
  'read.audit_log',
  'read.audit_log_export',
] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

/** Changes and sign-ins already written by the services (plus codes older rows may carry). */
export const CHANGE_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.logout',
  'auth.password_changed',
  'accounts.provisioned',
  'accounts.password_reset',
  'user.disabled',
  'user.enabled',
  'user.roles_changed',
  'user.roles_granted',
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
  'performance.created',
  'performance.edited',
  'performance.deleted',
  'performance_window.set',
  'performance_window.extended',
  'portfolio.viewed',
  'roster.viewed',
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
  | { type: 'school' };
