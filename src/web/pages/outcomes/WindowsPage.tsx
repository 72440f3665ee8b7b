import { Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { api } from '../../api/client.js';
import type { Terms } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { WindowsAdmin } from '../../components/windows/WindowsAdmin.js';
import { useMe } from '../../session.js';

/**
 * 各項期間 (教務處 and 學務處): the windows of the chosen term and its academic year with their dates,
 * states and every extension; each office changes its own kinds (windows/WindowsAdmin).
 */
export function WindowsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const terms = useQuery({ queryKey: ['terms'], queryFn: () => api<Terms>('/api/v1/terms') });
  const [chosen, setTermId] = useState<string | null>(null);
  const current = (terms.data ?? []).find(
    (x) => x.academicYear === me?.currentTerm.academicYear && x.semester === me?.currentTerm.semester,
  );
  const termId = chosen ?? current?.id ?? terms.data?.[0]?.id ?? null;
  const term = (terms.data ?? []).find((x) => x.id === termId);
  const termLabel = (x: { academicYear: number; semester: number }) =>
    formatTerm({ academicYear: x.academicYear, semester: x.semester as 1 | 2 }, lang);
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('nav.windows')}</Title>
      <Select
        label={t('courses.term')}
        data={(terms.data ?? []).map((x) => ({ value: x.id, label: termLabel(x) }))}
        value={termId}
        onChange={setTermId}
        allowDeselect={false}
        w={260}
        data-testid="windows-term"
      />
      {termId && term && <WindowsAdmin termId={termId} termLabel={termLabel(term)} />}
      {me?.roles.includes('academicAdmin') && <SubstitutesCard />}
    </Stack>
  );
}

/** 代理人: a substitute certifier for an absent teacher's courses, for a date range. */
function SubstitutesCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['substitutes'],
    queryFn: () =>
      api<
        {
          id: string;
          startsOn: string;
          endsOn: string;
          substitute: string;
          absentTeacher: string | null;
          courseName: string | null;
        }[]
      >('/api/v1/substitutes'),
  });
  const [substituteStaffNo, setSub] = useState('');
  const [absentStaffNo, setAbsent] = useState('');
  const [startsOn, setStarts] = useState('');
  const [endsOn, setEnds] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api('/api/v1/substitutes', {
        method: 'POST',
        body: { substituteStaffNo, absentStaffNo, startsOn, endsOn },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['substitutes'] }),
  });
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{t('windows.substitutes')}</Text>
        {(list.data ?? []).map((s) => (
          <Text key={s.id} size="sm">
            {s.startsOn} – {s.endsOn}：{s.substitute}{' '}
            {t('windows.substitutesFor', { name: s.absentTeacher ?? s.courseName ?? '' })}
          </Text>
        ))}
        <Group grow wrap="wrap">
          <TextInput
            label={t('windows.absentStaffNo')}
            value={absentStaffNo}
            onChange={(e) => setAbsent(e.currentTarget.value)}
          />
          <TextInput
            label={t('windows.substituteStaffNo')}
            value={substituteStaffNo}
            onChange={(e) => setSub(e.currentTarget.value)}
          />
        </Group>
        <Group grow wrap="wrap">
          <TextInput
            type="date"
            label={t('windows.from')}
            value={startsOn}
            onChange={(e) => setStarts(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('windows.to')}
            value={endsOn}
            onChange={(e) => setEnds(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert error={save.error} />
        <Button
          variant="light"
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!substituteStaffNo || !absentStaffNo || !startsOn || !endsOn}
        >
          {t('windows.assign')}
        </Button>
      </Stack>
    </Card>
  );
}
