import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { charCount, SUMMARY_MAX } from '../../../domain/limits.js';
import { formatTaipei } from '../../../domain/time-format.js';
import { ApiError, api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FileUpload } from '../../components/FileUpload.js';

export interface MyOutcome {
  id: string;
  courseId: string;
  title: string;
  summary: string;
  status: 'pending' | 'passed' | 'failed' | 'withdrawn';
  documentFileId: string;
  mediaFileId: string | null;
  failReason: string | null;
  documentName: string | null;
  mediaName: string | null;
  createdAt: string;
}
export interface Draft {
  id: string;
  outcomeId: string | null;
  courseId: string | null;
  title: string;
  summary: string;
  documentFileId: string | null;
  documentName: string | null;
  mediaFileId: string | null;
  mediaName: string | null;
  updatedAt: string;
}
export interface CourseOption {
  id: string;
  code: string;
  name: string;
  count: number;
}

interface Attached {
  id: string;
  name: string;
}

/** Answers that mean the window moved: the page's banner is fetched again. */
const WINDOW_CODES = new Set(['WINDOW_CLOSED', 'WINDOW_NOT_SET']);

/**
 * Title, 簡述 (with the characters left), a document and optionally media: a new outcome, or an edit
 * (pending) or resubmission (failed) of one. What is typed and uploaded is autosaved as a server-side
 * draft and brought back on return; until the outcome is submitted the form says it is not sent.
 */
export function OutcomeForm({
  courses,
  perCourse,
  outcome,
  draft,
  onDone,
  onCancel,
  onDirty,
}: {
  courses?: CourseOption[];
  perCourse: number;
  outcome?: MyOutcome;
  draft?: Draft;
  onDone: () => void;
  onCancel?: () => void;
  onDirty: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [courseId, setCourseId] = useState<string | null>(draft?.courseId ?? null);
  const [title, setTitle] = useState(draft?.title ?? outcome?.title ?? '');
  const [summary, setSummary] = useState(draft?.summary ?? outcome?.summary ?? '');
  const fromDraft = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  const [document, setDocument] = useState<Attached | null>(
    fromDraft(draft?.documentFileId ?? null, draft?.documentName ?? null),
  );
  const [media, setMedia] = useState<Attached | null>(
    fromDraft(draft?.mediaFileId ?? null, draft?.mediaName ?? null),
  );
  const [savedAt, setSavedAt] = useState<string | null>(draft?.updatedAt ?? null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const left = SUMMARY_MAX - charCount(summary);

  // Unsent work: anything entered that the submitted outcome (or an empty form) does not have.
  const dirty = outcome
    ? title !== outcome.title || summary !== outcome.summary || !!document || !!media
    : !!(courseId || title || summary || document || media);
  const onDirtyRef = useRef(onDirty);
  onDirtyRef.current = onDirty;
  useEffect(() => onDirtyRef.current(dirty), [dirty]);
  useEffect(() => () => onDirtyRef.current(false), []);

  // What the draft holds; autosaved shortly after the student stops typing (and soon after an upload).
  const draftBody = JSON.stringify({
    outcomeId: outcome?.id ?? null,
    courseId: outcome ? null : courseId,
    title: title.slice(0, 100),
    summary: summary.slice(0, 2000),
    documentFileId: document?.id ?? null,
    mediaFileId: media?.id ?? null,
  });
  const saveDraft = useMutation({
    mutationFn: (body: string) =>
      api<{ updatedAt: string }>('/api/v1/outcome-drafts', { method: 'PUT', body: JSON.parse(body) }),
    onSuccess: (r) => setSavedAt(r.updatedAt),
  });
  const { mutate: saveDraftNow } = saveDraft;
  const initialBody = useRef(draftBody);
  // Once the outcome is being submitted no autosave may follow (it would bring the draft back).
  const submitting = useRef(false);
  useEffect(() => {
    if (!dirty || draftBody === initialBody.current) return;
    const timer = setTimeout(() => {
      if (!submitting.current) saveDraftNow(draftBody);
    }, 600);
    return () => clearTimeout(timer);
  }, [draftBody, dirty, saveDraftNow]);

  const save = useMutation({
    mutationFn: () => {
      const body = {
        title,
        summary,
        // Left out on an edit: the submitted file is kept (a 簡述 fix needs no new file).
        ...(document || !outcome ? { documentFileId: document?.id ?? null } : {}),
        ...(media || !outcome ? { mediaFileId: media?.id ?? null } : {}),
      };
      return outcome
        ? api(`/api/v1/outcomes/${outcome.id}`, { method: 'PUT', body })
        : api('/api/v1/outcomes', { method: 'POST', body: { courseId, ...body } });
    },
    onMutate: () => {
      submitting.current = true;
    },
    onSuccess: () => {
      onDirtyRef.current(false);
      onDone();
    },
    onError: (e) => {
      submitting.current = false;
      if (e instanceof ApiError && WINDOW_CODES.has(e.code))
        void qc.invalidateQueries({ queryKey: ['outcomes', 'overview'] });
    },
  });
  const discard = useMutation({
    mutationFn: () =>
      api(`/api/v1/outcome-drafts${outcome ? `?outcomeId=${outcome.id}` : ''}`, { method: 'DELETE' }),
    onSuccess: () => {
      setConfirmDiscard(false);
      onDirtyRef.current(false);
      void qc.invalidateQueries({ queryKey: ['outcome-drafts'] });
      onCancel?.();
    },
  });

  return (
    <Stack data-testid="outcome-form">
      {draft && (
        <Alert color="yellow" data-testid="draft-restored">
          {t('student.draftRestored', { at: formatTaipei(draft.updatedAt) })}
        </Alert>
      )}
      {courses && (
        <Select
          label={t('outcomes.course')}
          data-testid="outcome-course"
          allowDeselect={false}
          // A full course is shown but cannot be chosen: the limit is known before anything is typed.
          data={courses.map((c) => ({
            value: c.id,
            label: `${c.name}（${c.count}）${c.count >= perCourse ? t('student.courseFull', { max: perCourse }) : ''}`,
            disabled: c.count >= perCourse,
          }))}
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
      {outcome && !document && outcome.documentName && (
        <Text size="xs" c="dimmed">
          {t('student.keepFile', { name: outcome.documentName })}
        </Text>
      )}
      {document && (
        <Text size="xs" c="orange.8" data-testid="attached-document">
          {document.name}：{t('student.uploadedNotSent')}
        </Text>
      )}
      <FileUpload
        purpose="outcomeDocument"
        doneLabel={t('student.uploadedNotSent')}
        onUploaded={(id, name) => setDocument({ id, name })}
      />
      <Text size="sm" fw={600}>
        {t('outcomes.media')}
      </Text>
      {media && (
        <Text size="xs" c="orange.8">
          {media.name}：{t('student.uploadedNotSent')}
        </Text>
      )}
      <FileUpload
        purpose="outcomeMedia"
        doneLabel={t('student.uploadedNotSent')}
        onUploaded={(id, name) => setMedia({ id, name })}
      />
      <ErrorAlert error={save.error} />
      {dirty && (
        <Text size="xs" c="dimmed" data-testid="draft-state">
          {saveDraft.isPending || !savedAt
            ? t('student.draftSaving')
            : t('student.draftSaved', { at: formatTaipei(savedAt) })}
        </Text>
      )}
      <Group>
        <Button onClick={() => save.mutate()} loading={save.isPending}>
          {outcome ? t('outcomes.resubmit') : t('outcomes.submit')}
        </Button>
        {onCancel && (
          <Button variant="default" onClick={() => (dirty ? setConfirmDiscard(true) : onCancel())}>
            {t('student.cancel')}
          </Button>
        )}
      </Group>
      <Modal
        opened={confirmDiscard}
        onClose={() => setConfirmDiscard(false)}
        title={t('student.discardTitle')}
        centered
      >
        <Text size="sm">{t('student.discardBody')}</Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirmDiscard(false)}>
            {t('student.keepEditing')}
          </Button>
          <Button color="red" loading={discard.isPending} onClick={() => discard.mutate()}>
            {t('student.discard')}
          </Button>
        </Group>
      </Modal>
      {outcome && (
        <Anchor size="xs" href={`/api/v1/files/${outcome.documentFileId}/content`} target="_blank">
          {t('student.submittedFile')}
          {outcome.documentName}
        </Anchor>
      )}
    </Stack>
  );
}
