import { Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';
import { AnnouncementForm, AnnouncementList } from './Announcements.js';
import { CalendarFeed } from './CalendarFeed.js';
import { DeadlineList } from './Deadlines.js';
import { MonthView } from './MonthView.js';
import type { CalendarData } from './types.js';

/** The caller's calendar (GET /api/v1/calendar), shared by the page and the parents' child view. */
export function useCalendar(enabled = true) {
  return useQuery({
    queryKey: ['calendar'],
    queryFn: () => api<CalendarData>('/api/v1/calendar'),
    enabled,
    refetchOnWindowFocus: true,
  });
}

/**
 * 期程 for every role: the windows that concern the caller as a month grid or a list, each with what is
 * left to do; the announcements for them (offices publish here); the personal ICS subscription.
 * Parents see each child's windows (`?child=` narrows to one).
 */
export function CalendarPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [params] = useSearchParams();
  const child = params.get('child');
  const [view, setView] = useState<'month' | 'list'>('list');
  const query = useCalendar(!!me?.school);
  if (!me) return null;
  const parent = me.roles.includes('parent');
  return (
    <Stack maw={1100} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('calendar.title')}</Title>
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as 'month' | 'list')}
          data={[
            { value: 'list', label: t('calendar.views.list') },
            { value: 'month', label: t('calendar.views.month') },
          ]}
          data-testid="calendar-view"
        />
      </Group>
      <Loading query={query}>
        {(c) => {
          const entries = child ? c.entries.filter((e) => e.studentId === child) : c.entries;
          return (
            <Stack>
              <Text c="dimmed">{t('calendar.year', { year: c.academicYear })}</Text>
              {view === 'month' ? (
                <MonthView entries={entries} announcements={c.announcements} now={c.now} showChild={parent} />
              ) : (
                <DeadlineList entries={entries} showChild={parent} />
              )}
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Card withBorder>
                  <Title order={3} size="h4" mb="xs">
                    {t('announcements.title')}
                  </Title>
                  <AnnouncementList items={c.announcements} />
                </Card>
                <Stack>
                  <AnnouncementForm roles={me.roles} />
                  <CalendarFeed />
                </Stack>
              </SimpleGrid>
            </Stack>
          );
        }}
      </Loading>
    </Stack>
  );
}
