import { AppShell, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { navFor } from '../nav.js';
import { useLogout, useMe } from '../session.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { NotificationBell } from './NotificationBell.js';

/** Page frame: app name, language switch, the role's menu and, when signed in, the user and sign-out. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me } = useMe({ enabled: location.pathname !== '/login' });
  const logout = useLogout();
  const navigate = useNavigate();
  const [opened, { toggle, close }] = useDisclosure();
  const items = me && !me.user.mustChangePassword ? navFor(me.roles) : [];
  const withNav = items.length > 0;
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={withNav ? { width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            {withNav && (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            )}
            <Title
              order={1}
              size="h4"
              style={{
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                cursor: 'pointer',
              }}
              onClick={() => navigate('/')}
            >
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            {me && (
              <>
                {!me.user.mustChangePassword && <NotificationBell />}
                <Text size="sm" visibleFrom="sm" data-testid="header-user">
                  {me.user.displayName}
                </Text>
                <Button
                  size="xs"
                  variant="light"
                  loading={logout.isPending}
                  onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}
                >
                  {t('logout')}
                </Button>
              </>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {withNav && (
        <AppShell.Navbar p="xs">
          <NavLink
            component={Link}
            to="/"
            label={t('nav.home')}
            active={location.pathname === '/'}
            onClick={close}
          />
          {items.map((n) => (
            <NavLink
              key={n.path}
              component={Link}
              to={n.path}
              label={t(n.label)}
              active={location.pathname.startsWith(n.path)}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
