import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { FailReasonForm } from './certification/DecisionControls.js';
import { DocumentViewer } from './certification/DocumentViewer.js';
import { QueueCard } from './certification/QueueCard.js';
import type { Decision, Queue, QueueItem, QueueStatus } from './certification/types.js';

interface CertifierCourse {
  id: string;
  name: string;
  code: string;
  academicYear: number;
  semester: number;
  classes: string;
  onBehalfOf: string | null;
  inCurrentTerm: boolean;
}

/**
 * The teacher's certification queue: read the work in the viewer, pass, or fail with a reason; one or
 * many at once (with a confirmation naming the count); change a decision while the window is open.
 */
export function CertificationPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<QueueStatus>('pending');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [failing, setFailing] = useState<string | null>(null);
  const [courseId, setCourseId] = useState<string | null>(null);
  const [classId, setClassId] = useState<string | null>(null);
  const [viewing, setViewing] = useState<string | null>(null);
  const [bulk, setBulk] = useState<'pass' | 'fail' | null>(null);
  const cards = useRef(new Map<string, HTMLDivElement>());
  const courses = useQuery({
    queryKey: ['certification', 'courses'],
    queryFn: () => api<CertifierCourse[]>('/api/v1/certification/courses'),
  });
  const scope = `status=${status}${courseId ? `&courseId=${courseId}` : ''}`;
  const query = useQuery({
    queryKey: ['certification', scope, classId],
    queryFn: () =>
      api<Queue>(`/api/v1/certification/queue?${scope}&pageSize=200${classId ? `&classId=${classId}` : ''}`),
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
  const items = query.data?.items ?? [];
  const chosen = items.filter((i) => selected.has(i.id));

  const mutation = useMutation({
    mutationFn: (d: Decision) => api('/api/v1/certification/decisions', { method: 'POST', body: d }),
  });
  const settle = () => {
    setSelected(new Set());
    setFailing(null);
    void qc.invalidateQueries({ queryKey: ['certification'] });
    void qc.invalidateQueries({ queryKey: ['outcome'] });
  };
  /**
   * One decision. The item leaves this list (or changes tab), so the focus goes to the item after it
   * (before it, for the last one): in the list its card, in the viewer the next item is shown.
   */
  const decideOne = (item: QueueItem, decision: 'pass' | 'fail', reason?: string) => {
    const at = items.findIndex((i) => i.id === item.id);
    const next = items[at + 1] ?? items[at - 1] ?? null;
    mutation.mutate(
      { outcomeIds: [item.id], decision, reason },
      {
        onSuccess: () => {
          settle();
          if (viewing) setViewing(next?.id ?? null);
          else if (next) cards.current.get(next.id)?.focus();
        },
      },
    );
  };
  const decideMany = (decision: 'pass' | 'fail', reason?: string) =>
    mutation.mutate(
      { outcomeIds: chosen.map((i) => i.id), decision, reason },
      {
        onSuccess: () => {
          settle();
          setBulk(null);
        },
      },
    );
  const closeViewer = useCallback(() => {
    const last = viewing;
    setViewing(null);
    setFailing(null);
    if (last) setTimeout(() => cards.current.get(last)?.focus(), 0);
  }, [viewing]);

  const courseLabel = (c: CertifierCourse) =>
    [
      !c.inCurrentTerm ? t('certify.otherTerm', { year: c.academicYear, semester: c.semester }) : '',
      t('certify.courseLabel', { name: c.name, classes: c.classes || '—', code: c.code }),
      c.onBehalfOf ? t('certify.courseForTeacher', { name: c.onBehalfOf }) : '',
    ]
      .filter(Boolean)
      .join(' ');
  const viewIndex = viewing ? items.findIndex((i) => i.id === viewing) : -1;
  const reset = () => {
    setSelected(new Set());
    setFailing(null);
  };
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('nav.certification')}</Title>
      <Alert color="blue">{t('certification.note')}</Alert>
      <Text size="xs" c="dimmed">
        {t('certify.keys')}
      </Text>
      <Group align="flex-end">
        <Select
          label={t('students.class')}
          placeholder={t('certification.allClasses')}
          clearable
          data={classOptions}
          value={classId}
          onChange={(v) => {
            setClassId(v);
            reset();
          }}
          w={220}
        />
        <Select
          label={t('certification.course')}
          placeholder={t('certification.allCourses')}
          clearable
          searchable
          data-testid="course-filter"
          data={(courses.data ?? []).map((c) => ({ value: c.id, label: courseLabel(c) }))}
          value={courseId}
          onChange={(v) => {
            setCourseId(v);
            reset();
          }}
          style={{ flex: 1 }}
          miw={320}
        />
      </Group>
      <Loading query={query}>
        {(q) => (
          <>
            <SegmentedControl
              value={status}
              onChange={(v) => {
                setStatus(v as QueueStatus);
                reset();
              }}
              data={(['pending', 'passed', 'failed'] as const).map((s) => ({
                value: s,
                label: `${t(`outcomes.status.${s}`)} ${q.counts[s]}`,
              }))}
              data-testid="queue-counts"
            />
            {q.items.length > 0 && (
              <Group>
                <Checkbox
                  label={t('certify.selectAll', { count: q.items.length })}
                  checked={chosen.length === q.items.length}
                  indeterminate={chosen.length > 0 && chosen.length < q.items.length}
                  onChange={() =>
                    setSelected(
                      chosen.length === q.items.length ? new Set() : new Set(q.items.map((i) => i.id)),
                    )
                  }
                />
                {status !== 'passed' && (
                  <Button disabled={chosen.length === 0} onClick={() => setBulk('pass')}>
                    {t('certify.passSelected', { count: chosen.length })}
                  </Button>
                )}
                {status !== 'failed' && (
                  <Button
                    color="red"
                    variant="light"
                    disabled={chosen.length === 0}
                    onClick={() => setBulk('fail')}
                  >
                    {t('certify.failSelected', { count: chosen.length })}
                  </Button>
                )}
              </Group>
            )}
            <ErrorAlert error={mutation.error} />
            {q.items.length === 0 && <Text c="dimmed">{t('certification.empty')}</Text>}
            {q.items.map((i) => (
              <QueueCard
                key={i.id}
                ref={(el) => {
                  if (el) cards.current.set(i.id, el);
                  else cards.current.delete(i.id);
                }}
                item={i}
                selected={selected.has(i.id)}
                onToggle={() => {
                  const next = new Set(selected);
                  if (next.has(i.id)) next.delete(i.id);
                  else next.add(i.id);
                  setSelected(next);
                }}
                onOpen={() => setViewing(i.id)}
                failing={failing === i.id && !viewing}
                setFailing={(open) => {
                  setFailing(open ? i.id : null);
                  // Escape or cancel in the reason: back to the card, not to the page.
                  if (!open) cards.current.get(i.id)?.focus();
                }}
                decide={(decision, reason) => decideOne(i, decision, reason)}
                busy={mutation.isPending}
              />
            ))}
          </>
        )}
      </Loading>
      {viewIndex >= 0 && (
        <DocumentViewer
          items={items}
          index={viewIndex}
          onIndex={(n) => {
            setFailing(null);
            setViewing(items[n]?.id ?? null);
          }}
          onClose={closeViewer}
          decide={decideOne}
          busy={mutation.isPending}
          failing={failing === viewing}
          setFailing={(open) => setFailing(open ? viewing : null)}
        />
      )}
      <Modal
        opened={bulk !== null}
        onClose={() => setBulk(null)}
        title={bulk === 'fail' ? t('certify.confirmFailTitle') : t('certify.confirmPassTitle')}
        data-testid="bulk-confirm"
      >
        <Stack>
          <Text data-testid="bulk-confirm-text">
            {bulk === 'fail'
              ? t('certify.confirmFailBody', { count: chosen.length })
              : t('certify.confirmPassBody', { count: chosen.length })}
          </Text>
          <ErrorAlert error={mutation.error} />
          {bulk === 'fail' ? (
            <FailReasonForm
              busy={mutation.isPending}
              confirmLabel={t('certify.confirmFailButton', { count: chosen.length })}
              onCancel={() => setBulk(null)}
              onConfirm={(reason) => decideMany('fail', reason)}
            />
          ) : (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setBulk(null)}>
                {t('certify.cancel')}
              </Button>
              <Button color="teal" loading={mutation.isPending} onClick={() => decideMany('pass')}>
                {t('certify.confirmPassButton', { count: chosen.length })}
              </Button>
            </Group>
          )}
        </Stack>
      </Modal>
    </Stack>
  );
}
