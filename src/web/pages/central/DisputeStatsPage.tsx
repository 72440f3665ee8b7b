import { Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

interface Stats {
  schools: {
    schoolId: string;
    code: string;
    name: string;
    open: number;
    overdue: number;
    resolved: number;
    medianHours: number | null;
  }[];
  overdue: {
    id: string;
    schoolCode: string;
    schoolName: string;
    roster: number;
    academicYear: number;
    semester: number;
    openedAt: string;
    dueAt: string;
  }[];
}

/** centralAdmin: every school's disputes (open, overdue, resolved, median handling time) and the overdue ones. */
export function DisputeStatsPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['central-dispute-stats'],
    queryFn: () => api<Stats>('/api/v1/central/disputes/stats'),
  });
  const data = query.data;
  return (
    <Stack>
      <Title order={2}>{t('centralDisputes.title')}</Title>
      <ErrorAlert error={query.error} />
      {data && (
        <Table withTableBorder data-testid="dispute-stats">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('centralDisputes.school')}</Table.Th>
              <Table.Th>{t('centralDisputes.open')}</Table.Th>
              <Table.Th>{t('centralDisputes.overdue')}</Table.Th>
              <Table.Th>{t('centralDisputes.resolved')}</Table.Th>
              <Table.Th>{t('centralDisputes.median')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.schools.map((s) => (
              <Table.Tr key={s.schoolId}>
                <Table.Td>
                  {s.code} {s.name}
                </Table.Td>
                <Table.Td>{s.open}</Table.Td>
                <Table.Td c={s.overdue > 0 ? 'red' : undefined}>{s.overdue}</Table.Td>
                <Table.Td>{s.resolved}</Table.Td>
                <Table.Td>{s.medianHours ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={3}>{t('centralDisputes.overdueList')}</Title>
      {data?.overdue.length === 0 && <Text c="dimmed">{t('centralDisputes.none')}</Text>}
      {(data?.overdue.length ?? 0) > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('centralDisputes.school')}</Table.Th>
              <Table.Th>{t('centralDisputes.roster')}</Table.Th>
              <Table.Th>{t('centralDisputes.openedAt')}</Table.Th>
              <Table.Th>{t('centralDisputes.dueAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.overdue.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  {d.schoolCode} {d.schoolName}
                </Table.Td>
                <Table.Td>
                  {d.roster}（{d.academicYear}-{d.semester}）
                </Table.Td>
                <Table.Td>{formatTaipei(d.openedAt)}</Table.Td>
                <Table.Td c="red">{formatTaipei(d.dueAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
