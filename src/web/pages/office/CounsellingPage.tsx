import {
  Anchor,
  Button,
  Card,
  FileInput,
  Group,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { charCount, SUMMARY_MAX } from '../../../domain/limits.js';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import type { CounsellingRecord } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';

const ATTACHMENT_MAX = 2 * 1_048_576;

interface AssignedStudent {
  id: string;
  studentNo: string;
  name: string;
  className: string | null;
}

/** 課程諮詢紀錄: record individual or group sessions; kept at school only. */
export function CounsellingPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'individual' | 'group'>('individual');
  const [picked, setPicked] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [summary, setSummary] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const records = useQuery({
    queryKey: ['counselling'],
    queryFn: () => api<CounsellingRecord[]>('/api/v1/counselling'),
  });
  // Sessions are recorded only for the students assigned to the counsellor (the server checks it too).
  const mine = useQuery({
    queryKey: ['counselling', 'students'],
    queryFn: () => api<AssignedStudent[]>('/api/v1/counselling/students'),
  });
  const options = (mine.data ?? []).map((s) => ({
    value: s.id,
    label: `${s.className ?? ''} ${s.name} ${s.studentNo}`,
  }));
  const remaining = SUMMARY_MAX - charCount(summary);
  // The attachment is uploaded (and checked by content) first; the record is then saved with it in one
  // transaction. A refused attachment saves nothing and keeps the form; an accepted one is not sent again.
  const [uploaded, setUploaded] = useState<{ file: File; id: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      let attachmentFileId: string | undefined;
      if (file) {
        if (file.size > ATTACHMENT_MAX) throw new Error(t('counselling.tooLarge'));
        if (uploaded?.file === file) attachmentFileId = uploaded.id;
        else {
          try {
            const params = new URLSearchParams({ purpose: 'counsellingAttachment', filename: file.name });
            const { id } = await api<{ id: string }>(`/api/v1/uploads?${params}`, {
              method: 'POST',
              raw: file,
            });
            setUploaded({ file, id });
            attachmentFileId = id;
          } catch (e) {
            throw new Error(
              `${e instanceof Error ? e.message : ''} ${t('offices.counselling.attachmentRefused')}`,
            );
          }
        }
      }
      await api<{ id: string }>('/api/v1/counselling', {
        method: 'POST',
        body: {
          kind,
          studentIds: picked,
          startsAt: new Date(startsAt).toISOString(),
          endsAt: new Date(endsAt).toISOString(),
          title,
          place,
          summary,
          ...(attachmentFileId ? { attachmentFileId } : {}),
        },
      });
    },
    onMutate: () => setSaved(false),
    onSuccess: () => {
      setPicked([]);
      setTitle('');
      setSummary('');
      setFile(null);
      setUploaded(null);
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ['counselling'] });
    },
  });
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('nav.counselling')}</Title>
      <Text size="sm" c="dimmed">
        {t('counselling.intro')}
      </Text>
      <Card withBorder>
        <Stack>
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v as 'individual' | 'group')}
            data={[
              { value: 'individual', label: t('counselling.individual') },
              { value: 'group', label: t('counselling.group') },
            ]}
          />
          {mine.data?.length === 0 && <Text size="sm">{t('counsellingAssigned.noStudents')}</Text>}
          <MultiSelect
            label={t('counsellingAssigned.students')}
            searchable
            data={options}
            value={picked}
            onChange={setPicked}
            maxValues={kind === 'individual' ? 1 : undefined}
          />
          <Group grow wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('counselling.from')}
              value={startsAt}
              onChange={(e) => setStartsAt(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              label={t('counselling.to')}
              value={endsAt}
              onChange={(e) => setEndsAt(e.currentTarget.value)}
            />
          </Group>
          <Group grow wrap="wrap">
            <TextInput
              label={t('counselling.title')}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <TextInput
              label={t('counselling.place')}
              value={place}
              onChange={(e) => setPlace(e.currentTarget.value)}
            />
          </Group>
          <Textarea
            label={t('counselling.summary')}
            description={t('counselling.remaining', { count: remaining })}
            error={remaining < 0 ? t('counselling.summaryTooLong', { max: SUMMARY_MAX }) : undefined}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <FileInput
            label={t('counselling.attachment')}
            description={t('counselling.attachmentHint')}
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            value={file}
            onChange={(f) => {
              setFile(f);
              setSaved(false);
            }}
            clearable
          />
          <ErrorAlert error={save.error} />
          {saved && <Text c="teal">{t('offices.counselling.saved')}</Text>}
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!startsAt || !endsAt || !title || !place || !summary || picked.length === 0}
          >
            {t('counselling.save')}
          </Button>
        </Stack>
      </Card>
      <Loading query={records}>
        {(rows) =>
          rows.map((r) => (
            <Card withBorder key={r.id}>
              <Group justify="space-between">
                <Text fw={600}>{r.title}</Text>
                <Text size="xs" c="dimmed">
                  {formatTaipei(r.startsAt)} · {r.place}
                </Text>
              </Group>
              <Text size="sm">{r.summary}</Text>
              <Text size="xs" c="dimmed">
                {r.students.map((s) => s.name).join(t('offices.punct.list'))} ·{' '}
                {r.own ? t('counsellingAssigned.own') : r.counselorName}
              </Text>
              {r.attachmentName && (
                <Anchor size="sm" onClick={() => download(`/api/v1/counselling/${r.id}/attachment`)}>
                  {r.attachmentName}
                </Anchor>
              )}
            </Card>
          ))
        }
      </Loading>
    </Stack>
  );
}
