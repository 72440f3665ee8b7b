import { Alert, Anchor, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { formatTaipei } from '../../../domain/time-format.js';
import { ApiError, api } from '../../api/client.js';
import { BetweenTerms } from '../../components/BetweenTerms.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { UnsentGuard } from '../../components/UnsentGuard.js';
import { type CourseOption, type Draft, type MyOutcome, OutcomeForm } from './OutcomeForm.js';
import { OutcomeTimeline, StatusBadge } from './OutcomeTimeline.js';

interface Overview {
  /** null between terms (the current term is not set up yet). */
  term: { id: string; academicYear: number; semester: number } | null;
  currentTerm: { academicYear: number; semester: number };
  window: { opensAt: string; closesAt: string | null; state: string } | null;
  limits: { perSemester: number; perCourse: number };
  courses: CourseOption[];
  outcomes: MyOutcome[];
}

/** The student's course outcomes of the current term: submit, follow certification, edit, resubmit. */
export function MyOutcomesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const qc = useQueryClient();
  // The window can change while the page is open (an extension, a close): fetched again on focus.
  const query = useQuery({
    queryKey: ['outcomes', 'overview'],
    queryFn: () => api<Overview>('/api/v1/outcomes/overview'),
    refetchOnWindowFocus: true,
  });
  const drafts = useQuery({
    queryKey: ['outcome-drafts'],
    queryFn: () => api<Draft[]>('/api/v1/outcome-drafts'),
  });
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<MyOutcome | null>(null);
  const [dirty, setDirty] = useState<Record<string, boolean>>({});
  const dirtyOf = useCallback(
    (key: string) => (d: boolean) => setDirty((m) => (m[key] === d ? m : { ...m, [key]: d })),
    [],
  );
  const refresh = () => {
    setAdding(false);
    setEditing(null);
    setOpen(null);
    void qc.invalidateQueries({ queryKey: ['outcomes'] });
    void qc.invalidateQueries({ queryKey: ['outcome'] });
    void qc.invalidateQueries({ queryKey: ['outcome-drafts'] });
  };
  const withdraw = useMutation({
    mutationFn: (id: string) => api(`/api/v1/outcomes/${id}/withdraw`, { method: 'POST' }),
    onSuccess: () => {
      setWithdrawing(null);
      refresh();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'WINDOW_CLOSED')
        void qc.invalidateQueries({ queryKey: ['outcomes', 'overview'] });
    },
  });
  const draftFor = (outcomeId: string | null) => drafts.data?.find((d) => d.outcomeId === outcomeId);
  const newDraft = draftFor(null);

  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('nav.outcomes')}</Title>
      <UnsentGuard when={Object.values(dirty).some(Boolean)} />
      <Loading query={query}>
        {(o) => {
          if (!o.term) return <BetweenTerms term={o.currentTerm} />;
          const active = o.outcomes.filter((x) => x.status !== 'withdrawn').length;
          const course = (id: string) => o.courses.find((c) => c.id === id)?.name ?? '';
          const isOpen = o.window?.state === 'open';
          const semesterFull = active >= o.limits.perSemester;
          const allFull = o.courses.every((c) => c.count >= o.limits.perCourse);
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
                <Alert color={isOpen ? 'teal' : 'gray'} data-testid="window-banner">
                  {t(`outcomes.window.${isOpen ? 'open' : 'closed'}`, {
                    from: formatTaipei(o.window.opensAt),
                    to: o.window.closesAt ? formatTaipei(o.window.closesAt) : '',
                  })}
                </Alert>
              ) : (
                <Alert color="gray" data-testid="window-banner">
                  {t('outcomes.window.unset')}
                </Alert>
              )}
              {isOpen && drafts.isSuccess && (
                <Card withBorder>
                  {semesterFull ? (
                    <Text size="sm">{t('student.semesterFull', { max: o.limits.perSemester })}</Text>
                  ) : allFull ? (
                    <Text size="sm">{t('student.allCoursesFull', { max: o.limits.perCourse })}</Text>
                  ) : adding || newDraft ? (
                    <OutcomeForm
                      key={newDraft?.id ?? 'new'}
                      courses={o.courses}
                      perCourse={o.limits.perCourse}
                      draft={newDraft}
                      onDone={refresh}
                      onCancel={() => setAdding(false)}
                      onDirty={dirtyOf('new')}
                    />
                  ) : (
                    <Button onClick={() => setAdding(true)}>{t('outcomes.add')}</Button>
                  )}
                </Card>
              )}
              {o.outcomes.map((x) => {
                const revisionDraft = draftFor(x.id);
                const editable = isOpen && (x.status === 'failed' || x.status === 'pending');
                const showForm = editable && (x.status === 'failed' || editing === x.id || !!revisionDraft);
                return (
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
                    {x.status === 'failed' && x.failReason && (
                      <Alert color="red" mt="xs" data-testid="fail-reason">
                        {t('student.failReason', { reason: x.failReason })}
                      </Alert>
                    )}
                    <Text size="sm" mt="xs">
                      {x.summary}
                    </Text>
                    <Group gap="xs" mt="xs">
                      <Anchor
                        size="xs"
                        href={`/api/v1/files/${x.documentFileId}/content`}
                        target="_blank"
                        data-testid="submitted-file"
                      >
                        {t('student.submittedFile')}
                        {x.documentName}
                      </Anchor>
                      {x.mediaFileId && (
                        <Anchor size="xs" href={`/api/v1/files/${x.mediaFileId}/content`} target="_blank">
                          {x.mediaName}
                        </Anchor>
                      )}
                    </Group>
                    <Group gap="xs" mt="xs">
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => setOpen(open === x.id ? null : x.id)}
                      >
                        {t('outcomes.history')}
                      </Button>
                      {editable && x.status === 'pending' && !showForm && (
                        <Button size="compact-xs" variant="subtle" onClick={() => setEditing(x.id)}>
                          {t('student.edit')}
                        </Button>
                      )}
                      {editable && (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setWithdrawing(x)}
                        >
                          {t('outcomes.withdraw')}
                        </Button>
                      )}
                    </Group>
                    {open === x.id && <OutcomeTimeline id={x.id} />}
                    {showForm && drafts.isSuccess && (
                      <Card withBorder mt="sm">
                        <Text size="sm" fw={600} mb="xs">
                          {x.status === 'failed' ? t('outcomes.revise') : t('student.editTitle')}
                        </Text>
                        <OutcomeForm
                          key={revisionDraft?.id ?? x.id}
                          outcome={x}
                          perCourse={o.limits.perCourse}
                          draft={revisionDraft}
                          onDone={refresh}
                          onCancel={x.status === 'pending' ? () => setEditing(null) : undefined}
                          onDirty={dirtyOf(x.id)}
                        />
                      </Card>
                    )}
                  </Card>
                );
              })}
              <Modal
                opened={withdrawing !== null}
                onClose={() => setWithdrawing(null)}
                title={t('student.withdrawTitle', { title: withdrawing?.title ?? '' })}
                centered
              >
                <Text size="sm" data-testid="withdraw-warning">
                  {t('student.withdrawBody')}
                </Text>
                <ErrorAlert error={withdraw.error} />
                <Group justify="flex-end" mt="md">
                  <Button variant="default" onClick={() => setWithdrawing(null)}>
                    {t('student.cancel')}
                  </Button>
                  <Button
                    color="red"
                    loading={withdraw.isPending}
                    onClick={() => withdrawing && withdraw.mutate(withdrawing.id)}
                  >
                    {t('student.withdrawConfirm')}
                  </Button>
                </Group>
              </Modal>
            </>
          );
        }}
      </Loading>
    </Stack>
  );
}
