import { Badge, Card, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import type { CalendarEntry } from './types.js';

const STATE_COLOR = { upcoming: 'blue', open: 'teal', grace: 'yellow', closed: 'gray' } as const;

/** One deadline: the window, whom it is for, its dates and state, and what is left to do for it. */
export function DeadlineCard({ entry: e, showChild }: { entry: CalendarEntry; showChild: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid={`calendar-entry-${e.kind}`}>
      <Group justify="space-between" wrap="nowrap" align="start">
        <Stack gap={2}>
          <Text fw={600} c={e.state === 'closed' ? 'dimmed' : undefined}>
            {showChild && e.studentName ? t('homePage.forChild', { name: e.studentName }) : ''}
            {t(`homePage.kind.${e.kind}`)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('calendar.range', { from: formatTaipei(e.opensAt), to: formatTaipei(e.effectiveClosesAt) })}
            {e.extendedTo ? t('homePage.extended') : ''}
          </Text>
        </Stack>
        <Badge color={STATE_COLOR[e.state]} variant="light" style={{ flexShrink: 0 }}>
          {t(`windowAdmin.state.${e.state}`)}
        </Badge>
      </Group>
      {e.state !== 'closed' &&
        (e.todos.length === 0 ? (
          <Text size="sm" c="teal.8" mt={4} data-testid="calendar-nothing-left">
            {t('calendar.nothingLeft')}
          </Text>
        ) : (
          <List size="sm" mt={4} c="red.8">
            {e.todos.map((x) => (
              <List.Item key={x.key} data-testid={`calendar-todo-${x.key}`}>
                {t(`calendar.todo.${x.key}`, { count: x.count })}
              </List.Item>
            ))}
          </List>
        ))}
    </Card>
  );
}

/** The deadlines soonest first; closed ones last. */
export function DeadlineList({ entries, showChild }: { entries: CalendarEntry[]; showChild: boolean }) {
  const { t } = useTranslation();
  const order = [...entries].sort(
    (a, b) =>
      Number(a.state === 'closed') - Number(b.state === 'closed') ||
      new Date(a.effectiveClosesAt).getTime() - new Date(b.effectiveClosesAt).getTime(),
  );
  if (order.length === 0) return <Text c="dimmed">{t('calendar.none')}</Text>;
  return (
    <Stack gap="xs" data-testid="calendar-list">
      {order.map((e) => (
        <DeadlineCard key={`${e.windowId}-${e.studentId ?? ''}`} entry={e} showChild={showChild} />
      ))}
    </Stack>
  );
}
