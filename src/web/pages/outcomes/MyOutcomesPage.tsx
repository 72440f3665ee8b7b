import { Alert, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { charCount, SUMMARY_MAX } from '../../../domain/limits.js';
import { api } from '../../api/client.js';
import { BetweenTerms } from '../../components/BetweenTerms.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FileUpload } from '../../components/FileUpload.js';
import { Loading } from '../../components/Loading.js';
import { OutcomeTimeline, StatusBadge } from './OutcomeTimeline.js';

interface Outcome {
  id: string;
  courseId: string;
  title: string;
  summary: string;
  status: 'pending' | 'passed' | 'failed' | 'withdrawn';
  createdAt: string;
}
interface Overview {
  /** null between terms (the current term is not set up yet). */
  term: { id: string; academicYear: number; semester: number } | null;
  currentTerm: { academicYear: number; semester: number };
  window: { opensAt: string; closesAt: string | null; state: string } | null;
  limits: { perSemester: number; perCourse: number };
  courses: { id: string; code: string; name: string; count: number }[];
  outcomes: Outcome[];
}

/** Title, 簡述 (with the characters left), a document and optionally media: create or resubmit. */
function OutcomeForm({
  courses,
  outcome,
  onDone,
}: {
  courses?: Overview['courses'];
  outcome?: Outcome;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [courseId, setCourseId] = useState<string | null>(null);
  const [title, setTitle] = useState(outcome?.title ?? '');
  const [summary, setSummary] = useState(outcome?.summary ?? '');
  const [documentFileId, setDocument] = useState<string | null>(null);
  const [mediaFileId, setMedia] = useState<string | null>(null);
  const left = SUMMARY_MAX - charCount(summary);
  const save = useMutation({
    mutationFn: () =>
      outcome
        ? api(`/api/v1/outcomes/${outcome.id}`, {
            method: 'PUT',
            body: { title, summary, documentFileId, mediaFileId },
          })
        : api('/api/v1/outcomes', {
            method: 'POST',
            body: { courseId, title, summary, documentFileId, mediaFileId },
          }),
    onSuccess: onDone,
  });
  return (
    <Stack>
      {courses && (
        <Select
          label={t('outcomes.course')}
          data-testid="outcome-course"
          allowDeselect={false}
          data={courses.map((c) => ({ value: c.id, label: `${c.name}（${c.count}）` }))}
          value={courseId}
          onChange={setCourseId}
        />
      )}
      <TextInput
        label={t('outcomes.title')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <Textarea
        label={t('outcomes.summary')}
        description={t('counselling.remaining', { count: left })}
        error={left < 0 ? t('counselling.summaryTooLong', { max: SUMMARY_MAX }) : undefined}
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <Text size="sm" fw={600}>
        {t('outcomes.document')}
      </Text>
      <FileUpload purpose="outcomeDocument" onUploaded={setDocument} />
      <Text size="sm" fw={600}>
        {t('outcomes.media')}
      </Text>
      <FileUpload purpose="outcomeMedia" onUploaded={setMedia} />
      <ErrorAlert error={save.error} />
      <Button
        onClick={() => save.mutate()}
        loading={save.isPending}
        disabled={!documentFileId || !title || !summary || left < 0 || (!outcome && !courseId)}
      >
        {outcome ? t('outcomes.resubmit') : t('outcomes.submit')}
      </Button>
    </Stack>
  );
}

/** The student's course outcomes of the current term: submit, follow certification, resubmit. */
export function MyOutcomesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['outcomes', 'overview'],
    queryFn: () => api<Overview>('/api/v1/outcomes/overview'),
  });
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const refresh = () => {
    setAdding(false);
    setOpen(null);
    void qc.invalidateQueries({ queryKey: ['outcomes'] });
    void qc.invalidateQueries({ queryKey: ['outcome'] });
  };
  const withdraw = useMutation({
    mutationFn: (id: string) => api(`/api/v1/outcomes/${id}/withdraw`, { method: 'POST' }),
    onSuccess: refresh,
  });
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('nav.outcomes')}</Title>
      <Loading query={query}>
        {(o) => {
          if (!o.term) return <BetweenTerms term={o.currentTerm} />;
          const active = o.outcomes.filter((x) => x.status !== 'withdrawn').length;
          const course = (id: string) => o.courses.find((c) => c.id === id)?.name ?? '';
          return (
            <>
              <Text c="dimmed">
                {formatTerm({ academicYear: o.term.academicYear, semester: o.term.semester as 1 | 2 }, lang)}{' '}
                ·{' '}
                {t('outcomes.count', {
                  count: active,
                  max: o.limits.perSemester,
                  perCourse: o.limits.perCourse,
                })}
              </Text>
              {o.window ? (
                <Alert color={o.window.state === 'open' ? 'teal' : 'gray'}>
                  {t(`outcomes.window.${o.window.state === 'open' ? 'open' : 'closed'}`, {
                    from: new Date(o.window.opensAt).toLocaleString(lang),
                    to: o.window.closesAt ? new Date(o.window.closesAt).toLocaleString(lang) : '',
                  })}
                </Alert>
              ) : (
                <Alert color="gray">{t('outcomes.window.unset')}</Alert>
              )}
              {o.window?.state === 'open' && (
                <Card withBorder>
                  {adding ? (
                    <OutcomeForm courses={o.courses} onDone={refresh} />
                  ) : (
                    <Button onClick={() => setAdding(true)}>{t('outcomes.add')}</Button>
                  )}
                </Card>
              )}
              {o.outcomes.map((x) => (
                <Card withBorder key={x.id} data-testid="outcome-card">
                  <Group justify="space-between">
                    <Stack gap={0}>
                      <Text fw={600}>{x.title}</Text>
                      <Text size="xs" c="dimmed">
                        {course(x.courseId)}
                      </Text>
                    </Stack>
                    <StatusBadge status={x.status} />
                  </Group>
                  <Text size="sm" mt="xs">
                    {x.summary}
                  </Text>
                  <Group gap="xs" mt="xs">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setOpen(open === x.id ? null : x.id)}
                    >
                      {t('outcomes.history')}
                    </Button>
                    {(x.status === 'pending' || x.status === 'failed') && o.window?.state === 'open' && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => withdraw.mutate(x.id)}
                      >
                        {t('outcomes.withdraw')}
                      </Button>
                    )}
                  </Group>
                  {open === x.id && <OutcomeTimeline id={x.id} />}
                  {x.status === 'failed' && o.window?.state === 'open' && (
                    <Card withBorder mt="sm">
                      <Text size="sm" fw={600} mb="xs">
                        {t('outcomes.revise')}
                      </Text>
                      <OutcomeForm outcome={x} onDone={refresh} />
                    </Card>
                  )}
                </Card>
              ))}
            </>
          );
        }}
      </Loading>
    </Stack>
  );
}
