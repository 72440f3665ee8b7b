import { Alert, Badge, Button, Card, Group, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CATEGORIES } from '../../../domain/performances.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from '../outcomes/OutcomeTimeline.js';

/** Windows are Taiwan's: shown in Taipei time whatever the browser's zone. */
const TAIPEI = { timeZone: 'Asia/Taipei' } as const;

type Kind = 'outcome' | 'performance';
interface Window {
  opensAt: string;
  closesAt: string;
  state: 'open' | 'not-yet' | 'closed';
}
export interface SelectionView {
  access: string;
  student: { id: string; name: string; studentNo: string };
  academicYear: number;
  windowMode: 'shared' | 'perOffice';
  limits: { outcomes: number; performances: number };
  counts: { outcomes: number; performances: number };
  windows: { outcome: Window | null; performance: Window | null };
  outcomes: {
    id: string;
    title: string;
    summary: string;
    status: 'pending' | 'passed' | 'failed' | 'withdrawn';
    semester: number;
    courseName: string;
    selected: boolean;
  }[];
  performances: {
    id: string;
    category: keyof typeof CATEGORIES;
    summary: string;
    startsOn: string | null;
    endsOn: string | null;
    selected: boolean;
  }[];
}

/** The window of one kind in words: open until when, not yet, closed (locked), or not set. */
function WindowNote({ v, kind }: { v: SelectionView; kind: Kind }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const w = v.windows[kind];
  const kindLabel = v.windowMode === 'shared' ? '' : `${t(`selection.${kind}s`)}${lang === 'en' ? ' ' : ''}`;
  const office = v.windowMode === 'shared' || kind === 'outcome' ? '教務處' : '學務處';
  if (!w)
    return (
      <Alert color="gray" data-testid={`selection-window-${kind}`}>
        {t('selection.window.unset', { year: v.academicYear, kind: kindLabel, office })}
      </Alert>
    );
  const key = w.state === 'not-yet' ? 'notYet' : w.state;
  return (
    <Alert color={w.state === 'open' ? 'teal' : 'gray'} data-testid={`selection-window-${kind}`}>
      {t(`selection.window.${key}`, {
        kind: kindLabel,
        from: new Date(w.opensAt).toLocaleString(lang, TAIPEI),
        to: new Date(w.closesAt).toLocaleString(lang, TAIPEI),
      })}
    </Alert>
  );
}

/** One student's selection: counters, candidates with status, select / unselect when it is theirs. */
export function SelectionBoard({ v, editable }: { v: SelectionView; editable: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: ({ kind, id, on }: { kind: Kind; id: string; on: boolean }) =>
      api(`/api/v1/selection/${kind}s/${id}`, { method: on ? 'POST' : 'DELETE' }),
    onSettled: () => void qc.invalidateQueries({ queryKey: ['selection'] }),
  });
  const open = (kind: Kind) => editable && v.windows[kind]?.state === 'open';
  const toggle = (kind: Kind, id: string, selected: boolean) => (
    <Button
      size="xs"
      variant={selected ? 'light' : 'filled'}
      loading={change.isPending && change.variables?.id === id}
      onClick={() => change.mutate({ kind, id, on: !selected })}
    >
      {selected ? t('selection.unselect') : t('selection.select')}
    </Button>
  );
  const showWindows =
    v.windowMode === 'shared' ? (['outcome'] as const) : (['outcome', 'performance'] as const);
  return (
    <Stack>
      <Group>
        <Badge size="xl" variant="light" data-testid="selection-counter-outcomes">
          {t('selection.counterOutcomes', { count: v.counts.outcomes, max: v.limits.outcomes })}
        </Badge>
        <Badge size="xl" variant="light" color="grape" data-testid="selection-counter-performances">
          {t('selection.counterPerformances', { count: v.counts.performances, max: v.limits.performances })}
        </Badge>
      </Group>
      {showWindows.map((k) => (
        <WindowNote key={k} v={v} kind={k} />
      ))}
      <Text size="sm" c="dimmed">
        {t('selection.intro', { outcomes: v.limits.outcomes, performances: v.limits.performances })}{' '}
        {t('selection.lockedNote')}
      </Text>
      <ErrorAlert error={change.error} />
      <Title order={3} size="h4">
        {t('selection.outcomes')}
      </Title>
      {v.outcomes.length === 0 && <Text c="dimmed">{t('selection.noOutcomes')}</Text>}
      {v.outcomes.map((o) => (
        <Card withBorder key={o.id} data-testid="selection-outcome">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={600}>{o.title}</Text>
                <StatusBadge status={o.status} />
                {o.selected && (
                  <Badge color="teal" data-testid="selection-selected">
                    {t('selection.selected')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {o.courseName} · {t('selection.semester', { semester: o.semester })}
              </Text>
            </Stack>
            {o.status === 'passed'
              ? open('outcome') && toggle('outcome', o.id, o.selected)
              : open('outcome') && (
                  <Text size="xs" c="dimmed">
                    {t('selection.notSelectable')}
                  </Text>
                )}
          </Group>
        </Card>
      ))}
      <Title order={3} size="h4">
        {t('selection.performances')}
      </Title>
      {v.performances.length === 0 && <Text c="dimmed">{t('selection.noPerformances')}</Text>}
      {v.performances.map((p) => (
        <Card withBorder key={p.id} data-testid="selection-performance">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2}>
              <Group gap="xs">
                <Badge variant="light">{CATEGORIES[p.category]?.label[lang] ?? p.category}</Badge>
                <Text fw={600}>{p.summary}</Text>
                {p.selected && <Badge color="teal">{t('selection.selected')}</Badge>}
              </Group>
              <Text size="xs" c="dimmed">
                {[p.startsOn, p.endsOn].filter(Boolean).join(' – ')}
              </Text>
            </Stack>
            {open('performance') && toggle('performance', p.id, p.selected)}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}

/** The student's own selection of this academic year. */
export function MySelectionPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['selection', 'mine'],
    queryFn: () => api<SelectionView>('/api/v1/selection'),
  });
  return (
    <Stack maw={900} mx="auto">
      <Loading query={query}>
        {(v) => (
          <>
            <Title order={2}>{t('selection.title', { year: v.academicYear })}</Title>
            <SelectionBoard v={v} editable />
          </>
        )}
      </Loading>
    </Stack>
  );
}

/** A student's selection, read-only (parents, homeroom, offices, counsellor); the server decides. */
export function StudentSelection({ studentId }: { studentId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['selection', 'student', studentId],
    queryFn: () => api<SelectionView>(`/api/v1/students/${studentId}/selection`),
    retry: false,
  });
  if (query.error || !query.data) return null;
  const v = query.data;
  return (
    <Stack data-testid="student-selection">
      <Title order={3} size="h4">
        {t('selection.title', { year: v.academicYear })}
      </Title>
      {v.access !== 'self' && (
        <Text size="sm" c="dimmed">
          {t(`selection.access.${v.access}`)}
        </Text>
      )}
      <SelectionBoard v={v} editable={false} />
    </Stack>
  );
}

interface ClassSelection {
  academicYear: number;
  className: string;
  limits: { outcomes: number; performances: number };
  students: {
    id: string;
    seatNo: number | null;
    studentNo: string;
    name: string;
    outcomesSelected: number;
    performancesSelected: number;
    outcomesPassed: number;
    performancesRecorded: number;
    notSelected: boolean;
  }[];
}

/** A class's selection progress for its homeroom teacher (and the offices): who has not selected yet. */
export function ClassSelectionPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [onlyMissing, setOnlyMissing] = useState(false);
  const query = useQuery({
    queryKey: ['selection', 'class', id],
    queryFn: () => api<ClassSelection>(`/api/v1/classes/${id}/selection`),
  });
  return (
    <Stack maw={900} mx="auto">
      <Loading query={query}>
        {(c) => {
          const missing = c.students.filter((s) => s.notSelected);
          const rows = onlyMissing ? missing : c.students;
          return (
            <>
              <Title order={2}>
                {t('selection.class.title', { name: c.className, year: c.academicYear })}
              </Title>
              <Text data-testid="class-not-selected-count">
                {t('selection.class.notSelectedCount', { count: missing.length })}
              </Text>
              <Switch
                label={t('selection.class.notSelectedOnly')}
                checked={onlyMissing}
                onChange={(e) => setOnlyMissing(e.currentTarget.checked)}
              />
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('record.seatNo')}</Table.Th>
                    <Table.Th>{t('record.studentNo')}</Table.Th>
                    <Table.Th>{t('record.name')}</Table.Th>
                    <Table.Th>{t('selection.class.outcomes')}</Table.Th>
                    <Table.Th>{t('selection.class.performances')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id} data-testid={`class-selection-${s.studentNo}`}>
                      <Table.Td>{s.seatNo}</Table.Td>
                      <Table.Td ff="monospace">{s.studentNo}</Table.Td>
                      <Table.Td>
                        {s.name}{' '}
                        {s.notSelected && (
                          <Badge color="orange" variant="light">
                            {t('selection.class.notSelected')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {s.outcomesSelected} / {Math.min(s.outcomesPassed, c.limits.outcomes)}
                      </Table.Td>
                      <Table.Td>
                        {s.performancesSelected} / {s.performancesRecorded}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          );
        }}
      </Loading>
    </Stack>
  );
}
