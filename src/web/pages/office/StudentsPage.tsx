import {
  Badge,
  Button,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { STUDENT_STATUSES } from '../../../domain/codes.js';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import type { Classes, StudentList } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useMe } from '../../session.js';

type Sort = 'studentNo' | 'name' | 'class';
const PAGE_SIZE = 50;

/** Server-side search, filters, sorting and paging: stays fast at 3,000 students. */
export function StudentsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [classId, setClassId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>('class');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<unknown>(null);
  const classes = useQuery({ queryKey: ['classes'], queryFn: () => api<Classes>('/api/v1/classes') });
  const params = new URLSearchParams({ sort, order, page: String(page), pageSize: String(PAGE_SIZE) });
  if (debouncedQ) params.set('q', debouncedQ);
  if (classId) params.set('classId', classId);
  if (status) params.set('status', status);
  const list = useQuery({
    queryKey: ['students', params.toString()],
    queryFn: () => api<StudentList>(`/api/v1/students?${params}`),
    placeholderData: keepPreviousData,
  });
  const sortBy = (s: Sort) => {
    if (sort === s) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(s);
      setOrder('asc');
    }
    setPage(1);
  };
  const header = (s: Sort, label: string) => (
    <Table.Th>
      <UnstyledButton onClick={() => sortBy(s)} fw={600} fz="sm">
        {label} {sort === s ? (order === 'asc' ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );
  const canExport = me?.roles.includes('academicAdmin');
  const data = list.data;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('nav.students')}</Title>
        {canExport && (
          <Button variant="light" onClick={() => download('/api/v1/exports/students').catch(setExportError)}>
            {t('students.export')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={exportError} />
      <Group grow preventGrowOverflow={false} wrap="wrap">
        <TextInput
          label={t('students.search')}
          placeholder={t('students.searchHint')}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          miw={200}
        />
        <Select
          label={t('students.class')}
          clearable
          searchable
          data={(classes.data ?? []).map((c) => ({ value: c.id, label: `${c.academicYear} ${c.name}` }))}
          value={classId}
          onChange={(v) => {
            setClassId(v);
            setPage(1);
          }}
          miw={160}
        />
        <Select
          label={t('students.status')}
          clearable
          data={STUDENT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          miw={120}
        />
      </Group>
      <ErrorAlert error={list.error} />
      <Text size="sm" c="dimmed">
        {t('students.count', { count: data?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              {header('class', t('students.class'))}
              <Table.Th>{t('record.seatNo')}</Table.Th>
              {header('studentNo', t('record.studentNo'))}
              {header('name', t('record.name'))}
              <Table.Th>{t('record.nationalId')}</Table.Th>
              <Table.Th>{t('students.status')}</Table.Th>
              <Table.Th>{t('students.account')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(data?.items ?? []).map((s) => (
              <Table.Tr
                key={s.id}
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(`/students/${s.id}`)}
              >
                <Table.Td>{s.className ?? '—'}</Table.Td>
                <Table.Td>{s.seatNo ?? ''}</Table.Td>
                <Table.Td ff="monospace">{s.studentNo}</Table.Td>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td ff="monospace">{s.nationalId}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={s.status === '在學' ? 'teal' : 'gray'}>
                    {t(`status.${s.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{s.hasAccount ? '✓' : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
