import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTerm } from '../../domain/calendar.js';
import { formatTaipei } from '../../domain/time-format.js';
import { api } from '../api/client.js';
import { Loading } from '../components/Loading.js';
import { useMe } from '../session.js';
import { AnnouncementList } from './calendar/Announcements.js';
import type { Announcement } from './calendar/types.js';

/** GET /api/v1/schedule (windows module): the windows that concern the caller. */
interface Schedule {
  now: string;
  entries: {
    windowId: string;
    kind: string;
    opensAt: string;
    effectiveClosesAt: string;
    extendedTo: string | null;
    state: 'upcoming' | 'open' | 'grace' | 'closed';
    studentId: string | null;
    studentName: string | null;
    as: string;
  }[];
}
interface Home {
  todos: { key: string; count: number; link: string; name: string | null }[];
}

/** A closed window stays on the home page for a week (so "it closed yesterday" is still seen). */
const RECENTLY_CLOSED_MS = 7 * 86_400_000;

/**
 * Every role's home: the deadlines that concern the user (soonest first) and the to-dos as counts that
 * link to the work. What the roles can do is the menu.
 */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const hasSchool = !!me?.school;
  const schedule = useQuery({
    queryKey: ['schedule'],
    queryFn: () => api<Schedule>('/api/v1/schedule'),
    enabled: hasSchool,
    refetchOnWindowFocus: true,
  });
  const home = useQuery({
    queryKey: ['home'],
    queryFn: () => api<Home>('/api/v1/home'),
    enabled: hasSchool,
    refetchOnWindowFocus: true,
  });
  const announcements = useQuery({
    queryKey: ['announcements'],
    queryFn: () => api<{ announcements: Announcement[] }>('/api/v1/announcements'),
    enabled: hasSchool,
  });
  if (!me) return null;
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
      {hasSchool && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Card withBorder data-testid="home-todos">
            <Title order={3} size="h4" mb="xs">
              {t('homePage.todos')}
            </Title>
            <Loading query={home}>
              {(h) =>
                h.todos.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t('homePage.noTodos')}
                  </Text>
                ) : (
                  <Stack gap="xs">
                    {h.todos.map((x) => (
                      <Anchor
                        key={`${x.key}-${x.link}-${x.name}`}
                        component={Link}
                        to={x.link}
                        data-testid={`todo-${x.key}`}
                      >
                        <Group gap="xs" wrap="nowrap">
                          <Badge variant="filled" color={x.key.endsWith('Failed') ? 'red' : 'teal'}>
                            {x.count}
                          </Badge>
                          <Text size="sm">{t(`homePage.todo.${x.key}`, { name: x.name ?? '' })}</Text>
                        </Group>
                      </Anchor>
                    ))}
                  </Stack>
                )
              }
            </Loading>
          </Card>
          <Card withBorder data-testid="home-deadlines">
            <Title order={3} size="h4" mb="xs">
              {t('homePage.deadlines')}
            </Title>
            <Loading query={schedule}>
              {(s) => {
                const now = new Date(s.now).getTime();
                const shown = s.entries
                  .filter(
                    (e) =>
                      e.state !== 'closed' ||
                      now - new Date(e.effectiveClosesAt).getTime() < RECENTLY_CLOSED_MS,
                  )
                  .sort(
                    (a, b) =>
                      new Date(a.effectiveClosesAt).getTime() - new Date(b.effectiveClosesAt).getTime(),
                  );
                if (shown.length === 0)
                  return (
                    <Text size="sm" c="dimmed">
                      {t('homePage.noDeadlines')}
                    </Text>
                  );
                return (
                  <Stack gap="xs">
                    {shown.map((e) => (
                      <Stack
                        key={`${e.windowId}-${e.studentId ?? ''}`}
                        gap={0}
                        data-testid={`deadline-${e.kind}`}
                      >
                        <Text size="sm" fw={600} c={e.state === 'closed' ? 'dimmed' : undefined}>
                          {e.as === 'parent' && e.studentName
                            ? t('homePage.forChild', { name: e.studentName })
                            : ''}
                          {t(`homePage.kind.${e.kind}`)}
                        </Text>
                        <Text size="sm" c={e.state === 'open' ? 'teal.8' : 'dimmed'}>
                          {t(`homePage.state.${e.state}`, {
                            from: formatTaipei(e.opensAt),
                            to: formatTaipei(e.effectiveClosesAt),
                          })}
                          {e.extendedTo ? t('homePage.extended') : ''}
                        </Text>
                      </Stack>
                    ))}
                  </Stack>
                );
              }}
            </Loading>
          </Card>
        </SimpleGrid>
      )}
      {hasSchool && (
        <Card withBorder data-testid="home-announcements">
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4">
              {t('announcements.title')}
            </Title>
            <Anchor component={Link} to="/calendar" size="sm" data-testid="home-calendar-link">
              {t('calendar.nav')}
            </Anchor>
          </Group>
          <Loading query={announcements}>
            {(a) => <AnnouncementList items={a.announcements.slice(0, 5)} />}
          </Loading>
        </Card>
      )}
      <Anchor component={Link} to="/password" size="sm">
        {t('home.changePassword')}
      </Anchor>
    </Stack>
  );
}
