import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import type { CourseList } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';

interface Substitute {
  id: string;
  startsOn: string;
  endsOn: string;
  substitute: string;
  substituteStaffNo: string;
  absentTeacher: string | null;
  absentStaffNo: string | null;
  courseName: string | null;
  courseCode: string | null;
  courseClasses: string | null;
}

/** Today in Taiwan (YYYY-MM-DD); the server judges the dates again. */
const taipeiToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Taipei' }).format(new Date());

/** 代理人: 教務處 assigns substitute certifiers, ends an assignment early or removes one (audited). */
export function SubstitutesPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['substitutes'],
    queryFn: () => api<Substitute[]>('/api/v1/substitutes'),
  });
  const [ending, setEnding] = useState<Substitute | null>(null);
  const [removing, setRemoving] = useState<Substitute | null>(null);
  const today = taipeiToday();
  const state = (s: Substitute) => (s.startsOn > today ? 'upcoming' : s.endsOn < today ? 'ended' : 'active');
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('offices.nav.substitutes')}</Title>
      <Text size="sm" c="dimmed">
        {t('offices.substitutes.intro')}
      </Text>
      <AssignCard />
      <Text fw={600}>{t('offices.substitutes.list')}</Text>
      <Loading query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <Text size="sm">{t('offices.substitutes.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table striped data-testid="substitutes">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('offices.substitutes.period')}</Table.Th>
                    <Table.Th>{t('offices.substitutes.substitute')}</Table.Th>
                    <Table.Th>{t('offices.substitutes.for')}</Table.Th>
                    <Table.Th>{t('offices.substitutes.state')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {s.startsOn.replaceAll('-', '/')} – {s.endsOn.replaceAll('-', '/')}
                      </Table.Td>
                      <Table.Td>
                        {s.substitute}{' '}
                        <Text span size="xs" c="dimmed">
                          {s.substituteStaffNo}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {s.courseName
                          ? `${s.courseName} ${s.courseClasses ?? ''} ${s.courseCode ?? ''}`
                          : t('offices.substitutes.forTeacher', {
                              name: s.absentTeacher,
                              no: s.absentStaffNo,
                            })}
                      </Table.Td>
                      <Table.Td>
                        <Badge
                          variant="light"
                          color={{ upcoming: 'blue', active: 'teal', ended: 'gray' }[state(s)]}
                        >
                          {t(`offices.substitutes.${state(s)}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          {state(s) !== 'ended' && s.endsOn > today && (
                            <Button size="compact-xs" variant="subtle" onClick={() => setEnding(s)}>
                              {t('offices.substitutes.end')}
                            </Button>
                          )}
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setRemoving(s)}
                          >
                            {t('offices.substitutes.remove')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </Loading>
      {ending && <EndModal row={ending} today={today} onClose={() => setEnding(null)} />}
      {removing && <RemoveModal row={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}

function AssignCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [target, setTarget] = useState<'teacher' | 'course'>('teacher');
  const [substituteStaffNo, setSub] = useState('');
  const [absentStaffNo, setAbsent] = useState('');
  const [courseId, setCourseId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const [startsOn, setStarts] = useState('');
  const [endsOn, setEnds] = useState('');
  const [saved, setSaved] = useState(false);
  const courses = useQuery({
    queryKey: ['courses', 'substitutes', q],
    queryFn: () => api<CourseList>(`/api/v1/courses?${new URLSearchParams({ q, pageSize: '50' })}`),
    enabled: target === 'course',
  });
  const save = useMutation({
    mutationFn: () =>
      api('/api/v1/substitutes', {
        method: 'POST',
        body: {
          substituteStaffNo,
          ...(target === 'teacher' ? { absentStaffNo } : { courseId }),
          startsOn,
          endsOn,
        },
      }),
    onMutate: () => setSaved(false),
    onSuccess: () => {
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ['substitutes'] });
    },
  });
  const ready = substituteStaffNo && startsOn && endsOn && (target === 'teacher' ? absentStaffNo : courseId);
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{t('offices.substitutes.add')}</Text>
        <SegmentedControl
          value={target}
          onChange={(v) => setTarget(v as 'teacher' | 'course')}
          data={[
            { value: 'teacher', label: t('offices.substitutes.byTeacher') },
            { value: 'course', label: t('offices.substitutes.byCourse') },
          ]}
        />
        <Group grow wrap="wrap" align="start">
          {target === 'teacher' ? (
            <TextInput
              label={t('offices.substitutes.absentStaffNo')}
              value={absentStaffNo}
              onChange={(e) => setAbsent(e.currentTarget.value)}
            />
          ) : (
            <Select
              label={t('offices.substitutes.course')}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options }) => options}
              data={(courses.data?.items ?? []).map((c) => ({
                value: c.id,
                label: `${c.academicYear}-${c.semester} ${c.name} ${c.code} ${c.teachers.join(t('offices.punct.list'))}`,
              }))}
              value={courseId}
              onChange={setCourseId}
            />
          )}
          <TextInput
            label={t('offices.substitutes.substituteStaffNo')}
            value={substituteStaffNo}
            onChange={(e) => setSub(e.currentTarget.value)}
          />
        </Group>
        <Group grow wrap="wrap">
          <TextInput
            type="date"
            label={t('offices.substitutes.from')}
            value={startsOn}
            onChange={(e) => setStarts(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('offices.substitutes.to')}
            value={endsOn}
            onChange={(e) => setEnds(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert error={save.error} />
        {saved && <Text c="teal">{t('offices.substitutes.saved')}</Text>}
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!ready}>
          {t('offices.substitutes.assign')}
        </Button>
      </Stack>
    </Card>
  );
}

function EndModal({ row, today, onClose }: { row: Substitute; today: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [endsOn, setEndsOn] = useState(row.startsOn > today ? row.startsOn : today);
  const end = useMutation({
    mutationFn: () => api(`/api/v1/substitutes/${row.id}`, { method: 'PATCH', body: { endsOn } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['substitutes'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('offices.substitutes.endTitle')}>
      <Stack>
        <Text size="sm">
          {row.substitute} · {row.startsOn} – {row.endsOn}
        </Text>
        <TextInput
          type="date"
          label={t('offices.substitutes.endDate')}
          description={t('offices.substitutes.endHint')}
          value={endsOn}
          onChange={(e) => setEndsOn(e.currentTarget.value)}
        />
        <ErrorAlert error={end.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('offices.substitutes.cancel')}
          </Button>
          <Button onClick={() => end.mutate()} loading={end.isPending} disabled={!endsOn}>
            {t('offices.substitutes.endConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function RemoveModal({ row, onClose }: { row: Substitute; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/substitutes/${row.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['substitutes'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('offices.substitutes.removeTitle')}>
      <Stack>
        <Text size="sm">
          {t('offices.substitutes.removeText', { name: row.substitute, from: row.startsOn, to: row.endsOn })}
        </Text>
        <ErrorAlert error={remove.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('offices.substitutes.cancel')}
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('offices.substitutes.removeConfirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
