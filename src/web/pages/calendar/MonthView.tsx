import { ActionIcon, Badge, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taipeiDateOf, toIsoDate } from '../../../domain/calendar.js';
import type { Announcement, CalendarEntry } from './types.js';

const dayOf = (iso: string) => toIsoDate(taipeiDateOf(new Date(iso)));
const pad = (n: number) => String(n).padStart(2, '0');

interface Mark {
  key: string;
  label: string;
  color: string;
}

/**
 * A month grid (Taipei dates): on each day the windows that open or close then, and the dated
 * announcements. Sunday first, as printed school calendars in Taiwan.
 */
export function MonthView({
  entries,
  announcements,
  now,
  showChild,
}: {
  entries: CalendarEntry[];
  announcements: Announcement[];
  now: string;
  showChild: boolean;
}) {
  const { t, i18n } = useTranslation();
  const today = taipeiDateOf(new Date(now));
  const [ym, setYm] = useState({ year: today.year, month: today.month });
  const first = new Date(Date.UTC(ym.year, ym.month - 1, 1));
  const days = new Date(Date.UTC(ym.year, ym.month, 0)).getUTCDate();
  const lead = first.getUTCDay();
  const weekday = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-TW', {
    weekday: 'narrow',
    timeZone: 'UTC',
  });
  const marks = new Map<string, Mark[]>();
  const add = (day: string, m: Mark) => marks.set(day, [...(marks.get(day) ?? []), m]);
  for (const e of entries) {
    const kind = `${showChild && e.studentName ? t('homePage.forChild', { name: e.studentName }) : ''}${t(`homePage.kind.${e.kind}`)}`;
    const id = `${e.windowId}-${e.studentId ?? ''}`;
    add(dayOf(e.opensAt), { key: `o-${id}`, label: t('calendar.opens', { kind }), color: 'blue' });
    add(dayOf(e.effectiveClosesAt), {
      key: `c-${id}`,
      label: t('calendar.closes', { kind }),
      color: e.state === 'closed' ? 'gray' : 'red',
    });
  }
  for (const a of announcements)
    if (a.onDate) add(a.onDate, { key: `a-${a.id}`, label: a.title, color: 'grape' });
  const prefix = `${ym.year}-${pad(ym.month)}-`;
  const shift = (by: number) =>
    setYm(({ year, month }) => {
      const m = month - 1 + by;
      return { year: year + Math.floor(m / 12), month: (((m % 12) + 12) % 12) + 1 };
    });
  const anything = [...marks.keys()].some((d) => d.startsWith(prefix));
  return (
    <Stack gap="xs" data-testid="calendar-month">
      <Group justify="space-between">
        <ActionIcon variant="subtle" aria-label={t('calendar.prev')} onClick={() => shift(-1)}>
          ‹
        </ActionIcon>
        <Text fw={600} data-testid="calendar-month-title">
          {t('calendar.month', { year: ym.year, month: ym.month })}
        </Text>
        <ActionIcon variant="subtle" aria-label={t('calendar.next')} onClick={() => shift(1)}>
          ›
        </ActionIcon>
      </Group>
      <SimpleGrid cols={7} spacing={4} verticalSpacing={4}>
        {[0, 1, 2, 3, 4, 5, 6].map((d) => (
          <Text key={`w${d}`} size="xs" ta="center" c="dimmed">
            {weekday.format(new Date(Date.UTC(2023, 0, 1 + d)))}
          </Text>
        ))}
        {lead > 0 && <div style={{ gridColumn: `span ${lead}` }} />}
        {Array.from({ length: days }, (_, i) => {
          const day = `${prefix}${pad(i + 1)}`;
          const isToday = day === toIsoDate(today);
          return (
            <Paper
              key={day}
              withBorder
              p={4}
              mih={64}
              bg={isToday ? 'teal.0' : undefined}
              data-testid={`day-${day}`}
            >
              <Text size="xs" fw={isToday ? 700 : 400}>
                {i + 1}
              </Text>
              <Stack gap={2}>
                {(marks.get(day) ?? []).map((m) => (
                  <Badge
                    key={m.key}
                    color={m.color}
                    variant="light"
                    size="xs"
                    radius="sm"
                    fullWidth
                    title={m.label}
                  >
                    {m.label}
                  </Badge>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      {!anything && (
        <Text size="sm" c="dimmed">
          {t('calendar.noneThisMonth')}
        </Text>
      )}
    </Stack>
  );
}
