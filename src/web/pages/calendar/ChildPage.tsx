import {
  Anchor,
  Badge,
  Card,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import type { Children } from '../../api/types.js';
import { Loading } from '../../components/Loading.js';
import { STATUS_COLOR } from '../outcomes/OutcomeTimeline.js';
import { useCalendar } from './CalendarPage.js';
import { DeadlineList } from './Deadlines.js';

interface Status {
  student: { id: string; name: string };
  outcomes: Record<'pending' | 'passed' | 'failed' | 'withdrawn', number>;
  selections: { outcomes: number; performances: number };
  performances: number;
}
interface TimelineData {
  events: {
    outcomeId: string;
    title: string;
    course: string;
    at: string;
    action: string;
    reason: string | null;
    actor: string | null;
  }[];
}

/**
 * The parents' view (SPEC.md §8): a switcher between the linked children, and for the chosen child the
 * statuses, the deadlines with what is left, and the outcome history. Read-only: nothing here writes,
 * and the server checks the parent link on every read.
 */
export function ChildrenPage() {
  const { t } = useTranslation();
  const children = useQuery({
    queryKey: ['me', 'children'],
    queryFn: () => api<Children>('/api/v1/me/children'),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('child.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('child.readOnly')}
      </Text>
      <Loading query={children}>
        {(list) => {
          if (list.length === 0) return <Text c="dimmed">{t('child.none')}</Text>;
          const id = list.some((c) => c.id === chosen) ? (chosen as string) : (list[0]?.id as string);
          return (
            <Stack>
              {list.length > 1 && (
                <SegmentedControl
                  aria-label={t('child.switcher')}
                  value={id}
                  onChange={setChosen}
                  data={list.map((c) => ({ value: c.id, label: c.name }))}
                  data-testid="child-switcher"
                />
              )}
              <ChildView key={id} id={id} />
            </Stack>
          );
        }}
      </Loading>
    </Stack>
  );
}

function ChildView({ id }: { id: string }) {
  const { t } = useTranslation();
  const status = useQuery({
    queryKey: ['student', id, 'status'],
    queryFn: () => api<Status>(`/api/v1/students/${id}/status`),
  });
  const timeline = useQuery({
    queryKey: ['student', id, 'timeline'],
    queryFn: () => api<TimelineData>(`/api/v1/students/${id}/timeline`),
  });
  const calendar = useCalendar();
  return (
    <Stack data-testid="child-view">
      <Loading query={status}>
        {(s) => (
          <Card withBorder data-testid="child-status">
            <Group justify="space-between">
              <Title order={3} size="h4" data-testid="child-name">
                {s.student.name}
              </Title>
              <Group gap="md">
                <Anchor component={Link} to={`/students/${id}`}>
                  {t('child.record')}
                </Anchor>
                <Anchor component={Link} to={`/calendar?child=${id}`}>
                  {t('child.calendar')}
                </Anchor>
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('child.outcomes')}
                </Text>
                <Group gap={4}>
                  {(['pending', 'passed', 'failed', 'withdrawn'] as const).map((k) => (
                    <Badge
                      key={k}
                      color={STATUS_COLOR[k]}
                      variant="light"
                      data-testid={`child-outcomes-${k}`}
                    >
                      {t(`outcomes.status.${k}`)} {s.outcomes[k]}
                    </Badge>
                  ))}
                </Group>
              </Stack>
              <Stack gap={4} data-testid="child-selections">
                <Text size="sm" fw={600}>
                  {t('child.selections')}
                </Text>
                <Text size="sm">{t('child.selectedOutcomes', { count: s.selections.outcomes })}</Text>
                <Text size="sm">{t('child.selectedPerformances', { count: s.selections.performances })}</Text>
              </Stack>
              <Text size="sm" fw={600} data-testid="child-performances">
                {t('child.performances', { count: s.performances })}
              </Text>
            </SimpleGrid>
          </Card>
        )}
      </Loading>
      <Card withBorder data-testid="child-deadlines">
        <Title order={3} size="h4" mb="xs">
          {t('child.deadlines')}
        </Title>
        <Loading query={calendar}>
          {(c) => {
            const mine = c.entries.filter((e) => e.studentId === id && e.state !== 'closed');
            return mine.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('child.noDeadlines')}
              </Text>
            ) : (
              <DeadlineList entries={mine} showChild={false} />
            );
          }}
        </Loading>
      </Card>
      <Card withBorder data-testid="child-timeline">
        <Title order={3} size="h4" mb="xs">
          {t('child.timeline')}
        </Title>
        <Loading query={timeline}>
          {(tl) =>
            tl.events.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('child.noEvents')}
              </Text>
            ) : (
              <Timeline bulletSize={14} lineWidth={2} active={tl.events.length}>
                {tl.events.map((e) => (
                  <Timeline.Item
                    key={`${e.outcomeId}-${e.at}-${e.action}`}
                    title={`${t(`outcomes.action.${e.action}`)}：${e.title}`}
                  >
                    <Text size="xs" c="dimmed">
                      {formatTaipei(e.at)} · {e.course}
                      {e.actor ? ` · ${e.actor}` : ''}
                    </Text>
                    {e.reason && <Text size="sm">{t('outcomes.reason', { reason: e.reason })}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            )
          }
        </Loading>
      </Card>
    </Stack>
  );
}
