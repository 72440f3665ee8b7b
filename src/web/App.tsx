import { Anchor, Center, Loader, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.js';
import { ErrorAlert } from './components/ErrorAlert.js';
import { AuditPage } from './pages/audit/AuditPage.js';
import { ChangePasswordPage } from './pages/ChangePasswordPage.js';
import { HomePage } from './pages/HomePage.js';
import { LoginPage } from './pages/LoginPage.js';
import { AccountsPage } from './pages/office/AccountsPage.js';
import { ClassesPage, RosterPage } from './pages/office/ClassesPages.js';
import { CodeTablesPage } from './pages/office/CodeTablesPage.js';
import { CounsellingPage } from './pages/office/CounsellingPage.js';
import { CounsellorAssignmentsPage } from './pages/office/CounsellorAssignmentsPage.js';
import { CoursesPage } from './pages/office/CoursesPage.js';
import { ImportsPage } from './pages/office/ImportsPage.js';
import { StudentsPage } from './pages/office/StudentsPage.js';
import { CertificationPage } from './pages/outcomes/CertificationPage.js';
import { MyOutcomesPage } from './pages/outcomes/MyOutcomesPage.js';
import { ProgressPage } from './pages/outcomes/ProgressPage.js';
import { WindowsPage } from './pages/outcomes/WindowsPage.js';
import { PerformanceAdminPage } from './pages/performances/PerformanceAdminPage.js';
import { MyPerformancesPage } from './pages/performances/PerformancePages.js';
import { PortfolioPage } from './pages/performances/PortfolioPage.js';
import { CadreRecordsPage } from './pages/records/CadreRecordsPage.js';
import { FilesPage } from './pages/records/FilesPage.js';
import { ChildrenPage, MyRecordPage, StudentRecordPage } from './pages/records/RecordPages.js';
import { SchoolSettingsPage } from './pages/selection/SchoolSettingsPage.js';
import { ClassSelectionPage, MySelectionPage } from './pages/selection/SelectionPages.js';
import { SubmissionsPage } from './pages/submissions/SubmissionsPage.js';
import { useMe } from './session.js';

/** Signed-in pages: sends signed-out users to /login and pending password changes to /password. */
function RequireSession({ children, passwordPage = false }: { children: ReactNode; passwordPage?: boolean }) {
  const { data: me, isLoading, error } = useMe();
  if (isLoading)
    return (
      <Center mih="50vh">
        <Loader />
      </Center>
    );
  if (error) return <ErrorAlert error={error} />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.user.mustChangePassword && !passwordPage) return <Navigate to="/password" replace />;
  return <>{children}</>;
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

/** Pages behind sign-in; what each shows is authorised by the server per request. */
const SIGNED_IN_PAGES: [string, () => ReactNode][] = [
  ['/', HomePage],
  ['/record', MyRecordPage],
  ['/files', FilesPage],
  ['/outcomes', MyOutcomesPage],
  ['/portfolio', PortfolioPage],
  ['/performances', MyPerformancesPage],
  ['/performance-admin', PerformanceAdminPage],
  ['/students/:id/portfolio', PortfolioPage],
  ['/certification', CertificationPage],
  ['/windows', WindowsPage],
  ['/progress', ProgressPage],
  ['/children', ChildrenPage],
  ['/students', StudentsPage],
  ['/students/:id', StudentRecordPage],
  ['/students/:id/cadre', CadreRecordsPage],
  ['/codes', CodeTablesPage],
  ['/classes', ClassesPage],
  ['/classes/:id', RosterPage],
  ['/courses', CoursesPage],
  ['/imports', ImportsPage],
  ['/accounts', AccountsPage],
  ['/counselling', CounsellingPage],
  ['/counselling/assignments', CounsellorAssignmentsPage],
  ['/audit', AuditPage],
  ['/selection', MySelectionPage],
  ['/classes/:id/selection', ClassSelectionPage],
  ['/school-settings', SchoolSettingsPage],
  ['/submissions', SubmissionsPage],
];

export function App() {
  return (
    <AppLayout>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          path="/password"
          element={
            <RequireSession passwordPage>
              <ChangePasswordPage />
            </RequireSession>
          }
        />
        {SIGNED_IN_PAGES.map(([path, Page]) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireSession>
                <Page />
              </RequireSession>
            }
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Routes>
    </AppLayout>
  );
}
