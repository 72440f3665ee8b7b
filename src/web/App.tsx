import { Anchor, Center, Loader, Stack, Title } from '@mantine/core';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.js';
import { ErrorAlert } from './components/ErrorAlert.js';
import { PageRefused } from './components/PageRefused.js';
import { mayOpen, PAGES, type PagePath } from './nav.js';
import { LoginPage } from './pages/LoginPage.js';
import { useMe } from './session.js';

/** A page loaded with its route (one chunk per page file): `page(() => import(file), 'ExportName')`. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

// One line per page; which roles open it is the table in nav.ts.
const HomePage = page(() => import('./pages/HomePage.js'), 'HomePage');
const ChangePasswordPage = page(() => import('./pages/ChangePasswordPage.js'), 'ChangePasswordPage');
const AuditPage = page(() => import('./pages/audit/AuditPage.js'), 'AuditPage');
const AccountsPage = page(() => import('./pages/office/AccountsPage.js'), 'AccountsPage');
const ClassesPage = page(() => import('./pages/office/ClassesPages.js'), 'ClassesPage');
const RosterPage = page(() => import('./pages/office/ClassesPages.js'), 'RosterPage');
const CounsellingPage = page(() => import('./pages/office/CounsellingPage.js'), 'CounsellingPage');
const AssignmentsPage = page(
  () => import('./pages/office/CounsellorAssignmentsPage.js'),
  'CounsellorAssignmentsPage',
);
const CoursesPage = page(() => import('./pages/office/CoursesPage.js'), 'CoursesPage');
const ImportsPage = page(() => import('./pages/office/ImportsPage.js'), 'ImportsPage');
const StudentsPage = page(() => import('./pages/office/StudentsPage.js'), 'StudentsPage');
const SubstitutesPage = page(() => import('./pages/office/SubstitutesPage.js'), 'SubstitutesPage');
const CertificationPage = page(() => import('./pages/outcomes/CertificationPage.js'), 'CertificationPage');
const MyOutcomesPage = page(() => import('./pages/outcomes/MyOutcomesPage.js'), 'MyOutcomesPage');
const ProgressPage = page(() => import('./pages/outcomes/ProgressPage.js'), 'ProgressPage');
const WindowsPage = page(() => import('./pages/outcomes/WindowsPage.js'), 'WindowsPage');
const PerformanceAdminPage = page(
  () => import('./pages/performances/PerformanceAdminPage.js'),
  'PerformanceAdminPage',
);
const MyPerformancesPage = page(
  () => import('./pages/performances/PerformancePages.js'),
  'MyPerformancesPage',
);
const PortfolioPage = page(() => import('./pages/performances/PortfolioPage.js'), 'PortfolioPage');
const FilesPage = page(() => import('./pages/records/FilesPage.js'), 'FilesPage');
const ChildrenPage = page(() => import('./pages/calendar/ChildPage.js'), 'ChildrenPage');
const CalendarPage = page(() => import('./pages/calendar/CalendarPage.js'), 'CalendarPage');
const MyRecordPage = page(() => import('./pages/records/RecordPages.js'), 'MyRecordPage');
const StudentRecordPage = page(() => import('./pages/records/RecordPages.js'), 'StudentRecordPage');
const CadreRecordsPage = page(() => import('./pages/records/CadreRecordsPage.js'), 'CadreRecordsPage');
const CodeTablesPage = page(() => import('./pages/office/CodeTablesPage.js'), 'CodeTablesPage');
const MySelectionPage = page(() => import('./pages/selection/SelectionPages.js'), 'MySelectionPage');
const ClassSelectionPage = page(() => import('./pages/selection/SelectionPages.js'), 'ClassSelectionPage');
const SchoolSettingsPage = page(
  () => import('./pages/selection/SchoolSettingsPage.js'),
  'SchoolSettingsPage',
);
const SubmissionsPage = page(() => import('./pages/submissions/SubmissionsPage.js'), 'SubmissionsPage');
const MyReceiptsPage = page(() => import('./pages/receipts/ReceiptsPages.js'), 'MyReceiptsPage');
const StudentReceiptsPage = page(() => import('./pages/receipts/ReceiptsPages.js'), 'StudentReceiptsPage');
const DisputesPage = page(() => import('./pages/receipts/DisputesPage.js'), 'DisputesPage');
const DisputeStatsPage = page(() => import('./pages/central/DisputeStatsPage.js'), 'DisputeStatsPage');
const ScoreCalculatorPage = page(
  () => import('./pages/provenance/ScoreCalculatorPage.js'),
  'ScoreCalculatorPage',
);
/** Public: anyone verifies a packet PDF, signed in or not. */
const VerifyPage = page(() => import('./pages/provenance/VerifyPage.js'), 'VerifyPage');

/** The component of every page of nav.ts's table (the type makes a page without one a compile error). */
const COMPONENTS: Record<PagePath, ComponentType> = {
  '/': HomePage,
  '/record': MyRecordPage,
  '/files': FilesPage,
  '/outcomes': MyOutcomesPage,
  '/portfolio': PortfolioPage,
  '/performances': MyPerformancesPage,
  '/performance-admin': PerformanceAdminPage,
  '/students/:id/portfolio': PortfolioPage,
  '/certification': CertificationPage,
  '/windows': WindowsPage,
  '/substitutes': SubstitutesPage,
  '/progress': ProgressPage,
  '/children': ChildrenPage,
  '/calendar': CalendarPage,
  '/students': StudentsPage,
  '/students/:id': StudentRecordPage,
  '/classes': ClassesPage,
  '/classes/:id': RosterPage,
  '/courses': CoursesPage,
  '/imports': ImportsPage,
  '/accounts': AccountsPage,
  '/counselling': CounsellingPage,
  '/counselling/assignments': AssignmentsPage,
  '/audit': AuditPage,
  '/students/:id/cadre': CadreRecordsPage,
  '/codes': CodeTablesPage,
  '/selection': MySelectionPage,
  '/classes/:id/selection': ClassSelectionPage,
  '/school-settings': SchoolSettingsPage,
  '/submissions': SubmissionsPage,
  '/receipts': MyReceiptsPage,
  '/students/:id/receipts': StudentReceiptsPage,
  '/receipt-disputes': DisputesPage,
  '/central/disputes': DisputeStatsPage,
  '/score-calculator': ScoreCalculatorPage,
};

const spinner = (
  <Center mih="50vh">
    <Loader />
  </Center>
);

/**
 * Signed-in pages: sends signed-out users to /login and pending password changes to /password; a page
 * the user's roles cannot open shows the refusal at once instead of asking the server for it.
 */
function RequireSession({
  children,
  passwordPage = false,
  page: p,
}: {
  children: ReactNode;
  passwordPage?: boolean;
  page?: (typeof PAGES)[number];
}) {
  const { data: me, isLoading, error } = useMe();
  if (isLoading) return spinner;
  if (error) return <ErrorAlert error={error} />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.user.mustChangePassword && !passwordPage) return <Navigate to="/password" replace />;
  if (p && !mayOpen(p, me.roles)) return <PageRefused status={403} />;
  return <Suspense fallback={spinner}>{children}</Suspense>;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="center" mt="xl">
      <Title order={2}>{t('notFound.title')}</Title>
      <Anchor component={Link} to="/">
        {t('notFound.back')}
      </Anchor>
    </Stack>
  );
}

export function App() {
  return (
    <AppLayout>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/verify"
          element={
            <Suspense fallback={spinner}>
              <VerifyPage />
            </Suspense>
          }
        />
        <Route
          path="/password"
          element={
            <RequireSession passwordPage>
              <ChangePasswordPage />
            </RequireSession>
          }
        />
        {PAGES.map((p) => {
          const Page = COMPONENTS[p.path];
          return (
            <Route
              key={p.path}
              path={p.path}
              element={
                <RequireSession page={p}>
                  <Page />
                </RequireSession>
              }
            />
          );
        })}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AppLayout>
  );
}
