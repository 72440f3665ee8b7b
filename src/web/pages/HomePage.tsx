import { Anchor, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTerm } from '../../domain/calendar.js';
import type { Role } from '../../domain/roles.js';
import { navFor } from '../nav.js';
import { useMe } from '../session.js';

/**
 * Role-aware home: who you are, your school and term, and for each of your roles what the platform
 * will let you do. Functions appear as links only once their pages exist.
 */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  const links = navFor(me.roles);
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  return (
    <Stack maw={960} mx="auto">
      <Title order={2} data-testid="home-welcome">
        {t('home.welcome', { name: me.user.displayName })}
      </Title>
      <Group gap="xs">
        <Text c="dimmed">
          {me.school ? t('home.school', { name: me.school.name, code: me.school.code }) : t('home.platform')}
        </Text>
        <Text c="dimmed">·</Text>
        <Text c="dimmed">{t('home.term', { term: formatTerm(me.currentTerm, lang) })}</Text>
      </Group>
      <Title order={3} size="h4">
        {t('home.rolesTitle')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {me.roles.map((role: Role) => (
          <Card key={role} withBorder data-testid={`role-card-${role}`}>
            <Badge mb="xs">{t(`roles.${role}.name`)}</Badge>
            <List size="sm" spacing={4}>
              {(t(`roles.${role}.can`, { returnObjects: true }) as string[]).map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Card>
        ))}
      </SimpleGrid>
      {links.length > 0 && (
        <Group gap="xs">
          {links.map((n) => (
            <Button key={n.path} component={Link} to={n.path} variant="light">
              {t(n.label)}
            </Button>
          ))}
        </Group>
      )}
      <Text size="sm" c="dimmed">
        {t('home.upcoming')}
      </Text>
      <Anchor component={Link} to="/password" size="sm">
        {t('home.changePassword')}
      </Anchor>
    </Stack>
  );
}
