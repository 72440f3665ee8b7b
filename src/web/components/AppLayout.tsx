import { AppShell, Button, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useLogout, useMe } from '../session.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/** Page frame: app name, language switch and, when signed in, the user and sign-out. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Title
            order={1}
            size="h4"
            style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
          >
            {t('app.name')}
          </Title>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            {me && (
              <>
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
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
