import { Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { api } from '../../api/client.js';
import type { CourseList, Terms } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

const PAGE_SIZE = 50;

/** Courses per term with the decoded 23-character course code. */
export function CoursesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const [termId, setTermId] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [page, setPage] = useState(1);
  const terms = useQuery({ queryKey: ['terms'], queryFn: () => api<Terms>('/api/v1/terms') });
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (termId) params.set('termId', termId);
  if (debouncedQ) params.set('q', debouncedQ);
  const list = useQuery({
    queryKey: ['courses', params.toString()],
    queryFn: () => api<CourseList>(`/api/v1/courses?${params}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Title order={2}>{t('nav.courses')}</Title>
      <Group wrap="wrap">
        <Select
          label={t('courses.term')}
          clearable
          data={(terms.data ?? []).map((x) => ({
            value: x.id,
            label: formatTerm({ academicYear: x.academicYear, semester: x.semester as 1 | 2 }, lang),
          }))}
          value={termId}
          onChange={(v) => {
            setTermId(v);
            setPage(1);
          }}
        />
        <TextInput label={t('courses.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      </Group>
      <ErrorAlert error={list.error} />
      <Text size="sm" c="dimmed">
        {t('courses.count', { count: list.data?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('courses.term')}</Table.Th>
              <Table.Th>{t('courses.code')}</Table.Th>
              <Table.Th>{t('courses.name')}</Table.Th>
              <Table.Th>{t('courses.category')}</Table.Th>
              <Table.Th>{t('record.creditsShort')}</Table.Th>
              <Table.Th>{t('record.teachers')}</Table.Th>
              <Table.Th>{t('courses.enrolled')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{`${c.academicYear}-${c.semester}`}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {c.code}
                </Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>
                  {t(`offices.courseCategory.${c.category}`, { defaultValue: c.category })} ·{' '}
                  {t(`offices.courseCategory.${c.attribute}`, { defaultValue: c.attribute })}
                </Table.Td>
                <Table.Td>{c.credits}</Table.Td>
                <Table.Td>{c.teachers.join(t('offices.punct.list'))}</Table.Td>
                <Table.Td>{c.enrolled}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && list.data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(list.data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
