import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from './OutcomeTimeline.js';

interface Queue {
  counts: { pending: number; passed: number; failed: number };
  items: {
    id: string;
    title: string;
    summary: string;
    status: 'pending' | 'passed' | 'failed';
    courseName: string;
    studentName: string;
    studentNo: string;
    className: string | null;
    classId: string | null;
    documentFileId: string;
    mediaFileId: string | null;
    documentMime: string;
    documentHasPreview: boolean;
    mediaMime: string | null;
  }[];
}

const PRESET_REASONS = ['unrelated', 'unreadable', 'notOwnWork', 'wrongCourse'] as const;

/** The teacher's certification queue: open the work, pass, or fail with a reason; one or many at once. */
export function CertificationPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'passed' | 'failed'>('pending');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [failing, setFailing] = useState<string | null>(null);
  const [preset, setPreset] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [courseId, setCourseId] = useState<string | null>(null);
  const courses = useQuery({
    queryKey: ['certification', 'courses'],
    queryFn: () => api<{ id: string; name: string; code: string }[]>('/api/v1/certification/courses'),
  });
  const [classId, setClassId] = useState<string | null>(null);
  const scope = `status=${status}${courseId ? `&courseId=${courseId}` : ''}`;
  const query = useQuery({
    queryKey: ['certification', scope, classId],
    queryFn: () =>
      api<Queue>(`/api/v1/certification/queue?${scope}&pageSize=100${classId ? `&classId=${classId}` : ''}`),
  });
  // The classes present in the queue (before the class filter), for the class filter.
  const unfiltered = useQuery({
    queryKey: ['certification', scope, 'classes'],
    queryFn: () => api<Queue>(`/api/v1/certification/queue?${scope}&pageSize=200`),
  });
  const classOptions = [
    ...new Map(
      (unfiltered.data?.items ?? [])
        .filter((i) => i.classId)
        .map((i) => [i.classId as string, i.className ?? '']),
    ),
  ].map(([value, label]) => ({ value, label }));
  const decide = useMutation({
    mutationFn: (d: { outcomeIds: string[]; decision: 'pass' | 'fail'; reason?: string }) =>
      api('/api/v1/certification/decisions', { method: 'POST', body: d }),
    onSuccess: () => {
      setSelected(new Set());
      setFailing(null);
      setPreset(null);
      setNote('');
      void qc.invalidateQueries({ queryKey: ['certification'] });
    },
  });
  const reason = [preset ? t(`certification.reasons.${preset}`) : '', note].filter(Boolean).join('：');
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('nav.certification')}</Title>
      <Alert color="blue">{t('certification.note')}</Alert>
      <Text size="xs" c="dimmed">
        {t('certification.keys')}
      </Text>
      <Loading query={query}>
        {(q) => (
          <>
            <Select
              label={t('students.class')}
              placeholder={t('certification.allClasses')}
              clearable
              data={classOptions}
              value={classId}
              onChange={setClassId}
              maw={360}
            />
            <Select
              label={t('certification.course')}
              placeholder={t('certification.allCourses')}
              clearable
              data={(courses.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              value={courseId}
              onChange={setCourseId}
              maw={360}
            />
            <SegmentedControl
              value={status}
              onChange={(v) => setStatus(v as typeof status)}
              data={(['pending', 'passed', 'failed'] as const).map((s) => ({
                value: s,
                label: `${t(`outcomes.status.${s}`)} ${q.counts[s]}`,
              }))}
              data-testid="queue-counts"
            />
            {status === 'pending' && q.items.length > 0 && (
              <Group>
                <Button
                  disabled={selected.size === 0}
                  loading={decide.isPending}
                  onClick={() => decide.mutate({ outcomeIds: [...selected], decision: 'pass' })}
                >
                  {t('certification.passSelected', { count: selected.size })}
                </Button>
              </Group>
            )}
            <ErrorAlert error={decide.error} />
            {q.items.length === 0 && <Text c="dimmed">{t('certification.empty')}</Text>}
            {q.items.map((i) => (
              <Card
                withBorder
                key={i.id}
                data-testid="queue-item"
                tabIndex={0}
                // Keyboard flow: P certifies, F opens the reason; the next item moves up into place.
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget || status !== 'pending') return;
                  if (e.key === 'p') decide.mutate({ outcomeIds: [i.id], decision: 'pass' });
                  if (e.key === 'f') setFailing(i.id);
                }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <Group wrap="nowrap">
                    {status === 'pending' && (
                      <Checkbox
                        aria-label={i.title}
                        checked={selected.has(i.id)}
                        onChange={() => {
                          const next = new Set(selected);
                          if (next.has(i.id)) next.delete(i.id);
                          else next.add(i.id);
                          setSelected(next);
                        }}
                      />
                    )}
                    <Stack gap={0}>
                      <Text fw={600}>{i.title}</Text>
                      <Text size="xs" c="dimmed">
                        {i.className} {i.studentName}（{i.studentNo}）· {i.courseName}
                      </Text>
                    </Stack>
                  </Group>
                  <StatusBadge status={i.status} />
                </Group>
                <Text size="sm" mt="xs">
                  {i.summary}
                </Text>
                {/* Inline only what is safe: re-encoded images, a PDF's first page as PNG, media elements. */}
                {i.documentHasPreview && (
                  <img
                    src={`/api/v1/files/${i.documentFileId}/preview`}
                    alt=""
                    style={{ maxWidth: '100%', maxHeight: 360, marginTop: 8 }}
                  />
                )}
                {i.mediaFileId && i.mediaMime === 'video/mp4' && (
                  // biome-ignore lint/a11y/useMediaCaption: student work has no captions to offer.
                  <video
                    controls
                    preload="metadata"
                    src={`/api/v1/files/${i.mediaFileId}/content`}
                    style={{ maxWidth: '100%', marginTop: 8 }}
                  />
                )}
                {i.mediaFileId && i.mediaMime === 'audio/mpeg' && (
                  // biome-ignore lint/a11y/useMediaCaption: student work has no captions to offer.
                  <audio
                    controls
                    preload="metadata"
                    src={`/api/v1/files/${i.mediaFileId}/content`}
                    style={{ marginTop: 8 }}
                  />
                )}
                <Group gap="xs" mt="xs">
                  <Anchor href={`/api/v1/files/${i.documentFileId}/content`} target="_blank" size="sm">
                    {t('certification.openDocument')}
                  </Anchor>
                  {i.mediaFileId && (
                    <Anchor href={`/api/v1/files/${i.mediaFileId}/content`} target="_blank" size="sm">
                      {t('certification.openMedia')}
                    </Anchor>
                  )}
                  <Button
                    size="compact-sm"
                    color="teal"
                    onClick={() => decide.mutate({ outcomeIds: [i.id], decision: 'pass' })}
                  >
                    {t('certification.pass')}
                  </Button>
                  <Button
                    size="compact-sm"
                    color="red"
                    variant="light"
                    onClick={() => setFailing(failing === i.id ? null : i.id)}
                  >
                    {t('certification.fail')}
                  </Button>
                </Group>
                {failing === i.id && (
                  <Stack mt="sm" gap="xs">
                    <Select
                      label={t('certification.reason')}
                      data-testid="fail-preset"
                      data={PRESET_REASONS.map((r) => ({ value: r, label: t(`certification.reasons.${r}`) }))}
                      value={preset}
                      onChange={setPreset}
                      clearable
                    />
                    <TextInput
                      label={t('certification.reasonNote')}
                      value={note}
                      onChange={(e) => setNote(e.currentTarget.value)}
                    />
                    <Button
                      color="red"
                      disabled={!reason}
                      onClick={() => decide.mutate({ outcomeIds: [i.id], decision: 'fail', reason })}
                    >
                      {t('certification.confirmFail')}
                    </Button>
                  </Stack>
                )}
              </Card>
            ))}
          </>
        )}
      </Loading>
    </Stack>
  );
}
