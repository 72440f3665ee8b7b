import { Button, Card, Group, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import type { Classes, StudentList } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';

interface Assignments {
  assignments: {
    id: string;
    counselorName: string;
    className: string | null;
    studentNo: string | null;
    studentName: string | null;
    assignedByName: string | null;
    assignedAt: string;
  }[];
  counselors: { id: string; name: string }[];
}

/** 教務處 / 輔導室: which counsellor serves which class or student (the server refuses self-assignment). */
export function CounsellorAssignmentsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const me = useMe().data;
  const [counselor, setCounselor] = useState<string | null>(null);
  const [by, setBy] = useState<'class' | 'student'>('class');
  const [classId, setClassId] = useState<string | null>(null);
  const [studentId, setStudentId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const list = useQuery({
    queryKey: ['counselling', 'assignments'],
    queryFn: () => api<Assignments>('/api/v1/counselling/assignments'),
  });
  const classes = useQuery({ queryKey: ['classes'], queryFn: () => api<Classes>('/api/v1/classes') });
  const found = useQuery({
    queryKey: ['students', 'pick', debounced],
    queryFn: () => api<StudentList>(`/api/v1/students?pageSize=20&q=${encodeURIComponent(debounced)}`),
    enabled: by === 'student' && debounced.length > 0,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['counselling'] });
  const add = useMutation({
    mutationFn: () =>
      api('/api/v1/counselling/assignments', {
        method: 'POST',
        body: { counselorUserId: counselor, ...(by === 'class' ? { classId } : { studentId }) },
      }),
    onSuccess: () => {
      setClassId(null);
      setStudentId(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/counselling/assignments/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const counselors = (list.data?.counselors ?? []).filter((c) => c.id !== me?.user.id);
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('assignments.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('assignments.intro')}
      </Text>
      <Card withBorder>
        <Stack>
          {list.data && counselors.length === 0 && <Text size="sm">{t('assignments.noCounselors')}</Text>}
          <Select
            label={t('assignments.counselor')}
            data={counselors.map((c) => ({ value: c.id, label: c.name }))}
            value={counselor}
            onChange={setCounselor}
            searchable
          />
          <SegmentedControl
            value={by}
            onChange={(v) => setBy(v as 'class' | 'student')}
            data={[
              { value: 'class', label: t('assignments.byClass') },
              { value: 'student', label: t('assignments.byStudent') },
            ]}
          />
          {by === 'class' ? (
            <Select
              label={t('assignments.class')}
              data={(classes.data ?? []).map((c) => ({ value: c.id, label: `${c.academicYear} ${c.name}` }))}
              value={classId}
              onChange={setClassId}
              searchable
            />
          ) : (
            <Select
              label={t('assignments.student')}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              data={(found.data?.items ?? []).map((s) => ({
                value: s.id,
                label: `${s.className ?? ''} ${s.name} ${s.studentNo}`,
              }))}
              value={studentId}
              onChange={setStudentId}
              filter={({ options }) => options}
            />
          )}
          <ErrorAlert error={add.error ?? remove.error} />
          <Group>
            <Button
              onClick={() => add.mutate()}
              loading={add.isPending}
              disabled={!counselor || (by === 'class' ? !classId : !studentId)}
            >
              {t('assignments.add')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Loading query={list}>
        {(data) =>
          data.assignments.length === 0 ? (
            <Text c="dimmed">{t('assignments.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('assignments.counselor')}</Table.Th>
                    <Table.Th>{t('assignments.target')}</Table.Th>
                    <Table.Th>{t('assignments.assignedBy')}</Table.Th>
                    <Table.Th>{t('assignments.assignedAt')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.assignments.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>{a.counselorName}</Table.Td>
                      <Table.Td>
                        {a.className
                          ? `${t('assignments.byClass')} ${a.className}`
                          : `${t('assignments.byStudent')} ${a.studentName ?? ''} ${a.studentNo ?? ''}`}
                      </Table.Td>
                      <Table.Td>{a.assignedByName}</Table.Td>
                      <Table.Td>{formatTaipei(a.assignedAt)}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => remove.mutate(a.id)}
                          loading={remove.isPending && remove.variables === a.id}
                        >
                          {t('assignments.remove')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loading>
    </Stack>
  );
}
