import type { Role } from '../domain/roles.js';

/** Pages in the menu, and who sees them (the server checks every request regardless). */
export const NAV: { path: string; label: string; roles: Role[] }[] = [
  { path: '/portfolio', label: 'nav.portfolio', roles: ['student'] },
  { path: '/record', label: 'nav.record', roles: ['student'] },
  { path: '/outcomes', label: 'nav.outcomes', roles: ['student'] },
  { path: '/performances', label: 'nav.performances', roles: ['student'] },
  { path: '/files', label: 'nav.files', roles: ['student'] },
  { path: '/selection', label: 'selection.nav', roles: ['student'] },
  { path: '/certification', label: 'nav.certification', roles: ['teacher', 'substitute'] },
  { path: '/windows', label: 'nav.windows', roles: ['academicAdmin', 'studentAffairs'] },
  { path: '/progress', label: 'nav.progress', roles: ['academicAdmin'] },
  { path: '/performance-admin', label: 'nav.performanceAdmin', roles: ['studentAffairs'] },
  { path: '/children', label: 'nav.children', roles: ['parent'] },
  { path: '/students', label: 'nav.students', roles: ['academicAdmin', 'studentAffairs', 'counselor'] },
  {
    path: '/classes',
    label: 'nav.classes',
    roles: ['academicAdmin', 'studentAffairs', 'homeroom', 'accountAdmin'],
  },
  { path: '/courses', label: 'nav.courses', roles: ['academicAdmin'] },
  { path: '/imports', label: 'nav.imports', roles: ['academicAdmin', 'studentAffairs', 'accountAdmin'] },
  { path: '/accounts', label: 'nav.accounts', roles: ['accountAdmin'] },
  { path: '/counselling', label: 'nav.counselling', roles: ['counselor'] },
  { path: '/counselling/assignments', label: 'nav.assignments', roles: ['academicAdmin', 'counselor'] },
  { path: '/audit', label: 'audit.title', roles: ['academicAdmin'] },
  { path: '/school-settings', label: 'schoolSettings.nav', roles: ['academicAdmin'] },
  { path: '/codes', label: 'codes.title', roles: ['academicAdmin', 'studentAffairs'] },
  { path: '/submissions', label: 'submissions.nav', roles: ['academicAdmin', 'studentAffairs'] },
];

export const navFor = (roles: Role[]) => NAV.filter((n) => n.roles.some((r) => roles.includes(r)));
