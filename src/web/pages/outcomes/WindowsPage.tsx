import { Alert, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { api } from '../../api/client.js';
import type { Terms } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { WindowExtensionCard } from '../../components/WindowExtensionCard.js';

/** 教務處 sets a term's upload and certification windows (server time; entered in Taipei time). */
export function WindowsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const terms = useQuery({ queryKey: ['terms'], queryFn: () => api<Terms>('/api/v1/terms') });
  const [termId, setTermId] = useState<string | null>(null);
  const [kind, setKind] = useState<'upload' | 'certification'>('upload');
  const [opensAt, setOpens] = useState('');
  const [closesAt, setCloses] = useState('');
  const [ceremony, setCeremony] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api<{ warning: boolean }>(`/api/v1/terms/${termId}/windows/${kind}`, {
        method: 'PUT',
        body: {
          opensAt: new Date(`${opensAt}:00+08:00`).toISOString(),
          closesAt: new Date(`${closesAt}:59+08:00`).toISOString(),
          closingCeremony: ceremony || null,
        },
      }),
  });
  return (
    <Stack maw={700} mx="auto">
      <Title order={2}>{t('nav.windows')}</Title>
      <Card withBorder>
        <Stack>
          <Select
            label={t('courses.term')}
            data={(terms.data ?? []).map((x) => ({
              value: x.id,
              label: formatTerm({ academicYear: x.academicYear, semester: x.semester as 1 | 2 }, lang),
            }))}
            value={termId}
            onChange={setTermId}
          />
          <Select
            label={t('windows.kind')}
            allowDeselect={false}
            data={[
              { value: 'upload', label: t('windows.upload') },
              { value: 'certification', label: t('windows.certification') },
            ]}
            value={kind}
            onChange={(v) => setKind(v as typeof kind)}
          />
          <Group grow wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('windows.opens')}
              value={opensAt}
              onChange={(e) => setOpens(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              label={t('windows.closes')}
              value={closesAt}
              onChange={(e) => setCloses(e.currentTarget.value)}
            />
          </Group>
          {kind === 'upload' && (
            <TextInput
              type="date"
              label={t('windows.ceremony')}
              value={ceremony}
              onChange={(e) => setCeremony(e.currentTarget.value)}
            />
          )}
          <Text size="xs" c="dimmed">
            {t('windows.taipei')}
          </Text>
          <ErrorAlert error={save.error} />
          {save.data &&
            (save.data.warning ? (
              <Alert color="yellow">{t('windows.tooShort')}</Alert>
            ) : (
              <Alert color="teal">{t('windows.saved')}</Alert>
            ))}
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!termId || !opensAt || !closesAt}
          >
            {t('windows.save')}
          </Button>
        </Stack>
      </Card>
      {termId && <WindowExtensionCard url={`/api/v1/terms/${termId}/windows/${kind}/extensions`} />}
      <SubstitutesCard />
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
