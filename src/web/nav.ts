import type { Role } from '../domain/roles.js';

/** Who reads a student's record or portfolio (the server decides per student: own, child, class, assigned). */
const STUDENT_READERS: Role[] = ['parent', 'academicAdmin', 'studentAffairs', 'homeroom', 'counselor'];

/**
 * The one role table of the signed-in pages: the routes (App.tsx) and the menu are both derived from it.
 * `roles: 'all'` is any signed-in user; a page with a `label` is in the menu of those roles. The roles
 * match the server's route declarations, so a page a role cannot open is neither in its menu nor opened
 * (it shows the refusal at once); the server checks every request regardless.
 */
export const PAGES = [
  { path: '/', roles: 'all' },
  { path: '/portfolio', label: 'nav.portfolio', roles: ['student'] },
  { path: '/record', label: 'nav.record', roles: ['student'] },
  { path: '/outcomes', label: 'nav.outcomes', roles: ['student'] },
  { path: '/performances', label: 'nav.performances', roles: ['student'] },
  { path: '/files', label: 'nav.files', roles: ['student'] },
  { path: '/selection', label: 'selection.nav', roles: ['student'] },
  { path: '/score-calculator', label: 'scoreCalc.nav', roles: ['student'] },
  { path: '/certification', label: 'nav.certification', roles: ['teacher', 'substitute'] },
  { path: '/windows', label: 'nav.windows', roles: ['academicAdmin', 'studentAffairs'] },
  { path: '/substitutes', label: 'offices.nav.substitutes', roles: ['academicAdmin'] },
  { path: '/progress', label: 'nav.progress', roles: ['academicAdmin'] },
  { path: '/performance-admin', label: 'nav.performanceAdmin', roles: ['studentAffairs'] },
  { path: '/children', label: 'nav.children', roles: ['parent'] },
  {
    path: '/calendar',
    label: 'calendar.nav',
    roles: [
      'student',
      'parent',
      'teacher',
      'substitute',
      'homeroom',
      'academicAdmin',
      'studentAffairs',
      'counselor',
      'accountAdmin',
    ],
  },
  { path: '/students', label: 'nav.students', roles: ['academicAdmin', 'studentAffairs', 'counselor'] },
  { path: '/students/:id', roles: STUDENT_READERS },
  { path: '/students/:id/portfolio', roles: STUDENT_READERS },
  { path: '/classes', label: 'nav.classes', roles: ['academicAdmin', 'studentAffairs', 'homeroom'] },
  { path: '/classes/:id', roles: ['academicAdmin', 'studentAffairs', 'homeroom'] },
  { path: '/classes/:id/selection', roles: ['academicAdmin', 'studentAffairs', 'homeroom'] },
  { path: '/students/:id/cadre', roles: ['studentAffairs'] },
  { path: '/courses', label: 'nav.courses', roles: ['academicAdmin'] },
  { path: '/imports', label: 'nav.imports', roles: ['academicAdmin', 'studentAffairs', 'accountAdmin'] },
  { path: '/accounts', label: 'nav.accounts', roles: ['accountAdmin'] },
  { path: '/counselling', label: 'nav.counselling', roles: ['counselor'] },
  { path: '/counselling/assignments', label: 'nav.assignments', roles: ['academicAdmin', 'counselor'] },
  { path: '/audit', label: 'audit.title', roles: ['academicAdmin'] },
  { path: '/school-settings', label: 'schoolSettings.nav', roles: ['academicAdmin'] },
  { path: '/codes', label: 'codes.title', roles: ['academicAdmin', 'studentAffairs'] },
  { path: '/submissions', label: 'submissions.nav', roles: ['academicAdmin', 'studentAffairs'] },
  { path: '/receipts', label: 'receipts.nav', roles: ['student'] },
  { path: '/students/:id/receipts', roles: ['parent', 'homeroom', 'academicAdmin', 'studentAffairs'] },
  { path: '/receipt-disputes', label: 'receipts.disputes.nav', roles: ['academicAdmin', 'studentAffairs'] },
  { path: '/central/disputes', label: 'centralDisputes.nav', roles: ['centralAdmin'] },
] as const satisfies readonly { path: string; label?: string; roles: readonly Role[] | 'all' }[];

export type PagePath = (typeof PAGES)[number]['path'];
type Page = { path: PagePath; label?: string; roles: readonly Role[] | 'all' };

/** Whether a user with these roles may open the page. */
export const mayOpen = (page: Page, roles: readonly Role[]) =>
  page.roles === 'all' || page.roles.some((r) => roles.includes(r));

/** The menu of these roles: the pages with a label that the roles may open. */
export const navFor = (roles: readonly Role[]) =>
  (PAGES as readonly Page[]).filter((p): p is Page & { label: string } => !!p.label && mayOpen(p, roles));
