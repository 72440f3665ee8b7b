import {
  Alert,
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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WINDOW_KIND_RULES, type WindowKindAny } from '../../../domain/windows.js';
import { api } from '../../api/client.js';
import type { StudentList, WindowList } from '../../api/types.js';
import { ErrorAlert } from '../ErrorAlert.js';

type Row = WindowList['windows'][number];

/** "2027/2/3 23:59" in Taipei time, no seconds. */
export function taipeiTime(iso: string, lang: string) {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-CA' : 'zh-TW', {
    timeZone: 'Asia/Taipei',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .format(new Date(iso))
    .replace(',', '');
}

/** An instant as the value of a datetime-local input in Taipei time. */
const toInput = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
const fromInput = (value: string, seconds: '00' | '59') =>
  new Date(`${value}:${seconds}+08:00`).toISOString();

const STATE_COLOR = { upcoming: 'gray', open: 'teal', grace: 'yellow', closed: 'red' } as const;

/**
 * The one admin form of windows: the windows of a term (with its year's) or of an academic year with
 * their dates, state and close after extensions; one date changes without retyping the other; a new
 * window of a kind the caller's office sets; every extension with who granted it and why; the card that
 * grants one, for the whole school or a named student. `kinds` narrows what is shown (e.g. 學務處's page).
 */
export function WindowsAdmin({
  termId,
  academicYear,
  termLabel,
  kinds,
}: {
  termId?: string | null;
  academicYear?: number;
  termLabel?: string;
  kinds?: readonly WindowKindAny[];
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const query = termId ? `termId=${termId}` : `academicYear=${academicYear ?? ''}`;
  const key = ['windows', query];
  const list = useQuery({ queryKey: key, queryFn: () => api<WindowList>(`/api/v1/windows?${query}`) });
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: ['windows'] });
  const [editing, setEditing] = useState<Row | null>(null);
  const shown = (list.data?.windows ?? []).filter((w) => !kinds || kinds.includes(w.kind));
  const label = (w: { kind: WindowKindAny }) => t(`windowAdmin.kindLabel.${w.kind}`);
  const scope = (w: Row) =>
    [
      w.semester ? t('windowAdmin.semester', { semester: w.semester }) : t('windowAdmin.wholeYear'),
      w.grade ? t('windowAdmin.grade', { grade: w.grade }) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  const year = list.data?.academicYear ?? academicYear;
  const extensions = shown.flatMap((w) => w.extensions.map((e) => ({ ...e, window: w })));
  return (
    <Stack>
      <Card withBorder>
        <Stack>
          <Title order={3} size="h5">
            {termId && termLabel
              ? t('windowAdmin.termTitle', { term: termLabel, year })
              : t('windowAdmin.title', { year })}
          </Title>
          <ErrorAlert error={list.error} />
          {list.data && shown.length === 0 && <Text c="dimmed">{t('windowAdmin.none')}</Text>}
          {shown.length > 0 && (
            <Table.ScrollContainer minWidth={720}>
              <Table data-testid="windows-table" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('windowAdmin.kind')}</Table.Th>
                    <Table.Th>{t('windowAdmin.opens')}</Table.Th>
                    <Table.Th>{t('windowAdmin.closes')}</Table.Th>
                    <Table.Th>{t('windowAdmin.effective')}</Table.Th>
                    <Table.Th>{t('windowAdmin.status')}</Table.Th>
                    <Table.Th>{t('windowAdmin.setBy')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((w) => (
                    <Table.Tr key={w.id} data-testid={`window-row-${w.kind}${w.grade ? `-${w.grade}` : ''}`}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {label(w)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {scope(w)}
                        </Text>
                      </Table.Td>
                      <Table.Td data-testid="window-opens">{taipeiTime(w.opensAt, lang)}</Table.Td>
                      <Table.Td data-testid="window-closes">{taipeiTime(w.closesAt, lang)}</Table.Td>
                      <Table.Td data-testid="window-effective">
                        {w.extendedTo ? taipeiTime(w.effectiveClosesAt, lang) : '—'}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATE_COLOR[w.state]} variant="light">
                          {t(`windowAdmin.state.${w.state}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs">{w.updatedByName ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        {w.editable ? (
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => setEditing(w)}
                            data-testid="window-change"
                          >
                            {t('windowAdmin.change')}
                          </Button>
                        ) : (
                          <Text size="xs" c="dimmed">
                            {t('windowAdmin.readOnly')}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
      {editing && (
        <ChangeDates
          window={editing}
          title={t('windowAdmin.changeTitle', { kind: label(editing) })}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      )}
      {list.data && (
        <NewWindow
          termId={termId ?? null}
          academicYear={year}
          kinds={list.data.settableKinds.filter(
            (k) => (!kinds || kinds.includes(k)) && (termId || WINDOW_KIND_RULES[k].scope === 'year'),
          )}
          onSaved={refresh}
        />
      )}
      <Card withBorder>
        <Stack>
          <Title order={3} size="h5">
            {t('windowAdmin.extensions')}
          </Title>
          {extensions.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('windowAdmin.noExtensions')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={720}>
              <Table data-testid="extensions-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('windowAdmin.kind')}</Table.Th>
                    <Table.Th>{t('windowAdmin.target')}</Table.Th>
                    <Table.Th>{t('windowAdmin.extendedTo')}</Table.Th>
                    <Table.Th>{t('windowAdmin.reason')}</Table.Th>
                    <Table.Th>{t('windowAdmin.grantedBy')}</Table.Th>
                    <Table.Th>{t('windowAdmin.grantedAt')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {extensions.map((e) => (
                    <Table.Tr key={e.id} data-testid="extension-row">
                      <Table.Td>
                        {label(e.window)}
                        <Text size="xs" c="dimmed">
                          {scope(e.window)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {e.studentId ? `${e.studentNo} ${e.studentName}` : t('windowAdmin.wholeSchool')}
                      </Table.Td>
                      <Table.Td>{taipeiTime(e.closesAt, lang)}</Table.Td>
                      <Table.Td>{e.reason}</Table.Td>
                      <Table.Td>{e.createdByName ?? '—'}</Table.Td>
                      <Table.Td>{taipeiTime(e.createdAt, lang)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>
      <ExtendCard
        windows={shown.filter((w) => w.editable)}
        label={(w) => `${label(w)}（${scope(w)}）`}
        onSaved={refresh}
      />
    </Stack>
  );
}

/** Changes one or both dates of a window: both fields start at the current values; only changes are sent. */
function ChangeDates({
  window: w,
  title,
  onClose,
  onSaved,
}: {
  window: Row;
  title: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [opensAt, setOpens] = useState(toInput(w.opensAt));
  const [closesAt, setCloses] = useState(toInput(w.closesAt));
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/windows/${w.id}`, {
        method: 'PATCH',
        body: {
          ...(opensAt !== toInput(w.opensAt) ? { opensAt: fromInput(opensAt, '00') } : {}),
          ...(closesAt !== toInput(w.closesAt) ? { closesAt: fromInput(closesAt, '59') } : {}),
        },
      }),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('windowAdmin.changeHint')}
        </Text>
        <TextInput
          type="datetime-local"
          label={t('windowAdmin.opens')}
          value={opensAt}
          onChange={(e) => setOpens(e.currentTarget.value)}
          data-testid="change-opens"
        />
        <TextInput
          type="datetime-local"
          label={t('windowAdmin.closes')}
          value={closesAt}
          onChange={(e) => setCloses(e.currentTarget.value)}
          data-testid="change-closes"
        />
        <Text size="xs" c="dimmed">
          {t('windowAdmin.taipei')}
        </Text>
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('windowAdmin.cancel')}
          </Button>
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!opensAt || !closesAt}
            data-testid="change-save"
          >
            {t('windowAdmin.saveChange')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Sets a window of a kind the caller's office sets, for the term (term kinds) or the year. */
function NewWindow({
  termId,
  academicYear,
  kinds,
  onSaved,
}: {
  termId: string | null;
  academicYear?: number;
  kinds: WindowKindAny[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<WindowKindAny | null>(null);
  const [grade, setGrade] = useState<string>('all');
  const [opensAt, setOpens] = useState('');
  const [closesAt, setCloses] = useState('');
  const [ceremony, setCeremony] = useState('');
  const save = useMutation({
    mutationFn: () => {
      if (!kind) throw new Error('kind');
      const term = WINDOW_KIND_RULES[kind].scope === 'term';
      return api<{ warning: boolean }>('/api/v1/windows', {
        method: 'PUT',
        body: {
          kind,
          ...(term ? { termId } : { academicYear }),
          grade: grade === 'all' ? null : Number(grade),
          opensAt: fromInput(opensAt, '00'),
          closesAt: fromInput(closesAt, '59'),
          ...(kind === 'upload' ? { closingCeremony: ceremony || null } : {}),
        },
      });
    },
    onSuccess: onSaved,
  });
  if (kinds.length === 0) return null;
  return (
    <Card withBorder>
      <Stack>
        <Title order={3} size="h5">
          {t('windowAdmin.newTitle')}
        </Title>
        <Group grow wrap="wrap">
          <Select
            label={t('windowAdmin.newKind')}
            data={kinds.map((k) => ({ value: k, label: t(`windowAdmin.kindLabel.${k}`) }))}
            value={kind}
            onChange={(v) => setKind(v as WindowKindAny | null)}
            data-testid="new-window-kind"
          />
          <Select
            label={t('windowAdmin.newGrade')}
            allowDeselect={false}
            data={[
              { value: 'all', label: t('windowAdmin.allGrades') },
              ...[10, 11, 12].map((g) => ({ value: String(g), label: t('windowAdmin.grade', { grade: g }) })),
            ]}
            value={grade}
            onChange={(v) => setGrade(v ?? 'all')}
          />
        </Group>
        <Group grow wrap="wrap">
          <TextInput
            type="datetime-local"
            label={t('windowAdmin.opens')}
            value={opensAt}
            onChange={(e) => setOpens(e.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label={t('windowAdmin.closes')}
            value={closesAt}
            onChange={(e) => setCloses(e.currentTarget.value)}
          />
        </Group>
        {kind === 'upload' && (
          <TextInput
            type="date"
            label={t('windowAdmin.ceremony')}
            value={ceremony}
            onChange={(e) => setCeremony(e.currentTarget.value)}
          />
        )}
        <Text size="xs" c="dimmed">
          {t('windowAdmin.taipei')}
        </Text>
        <ErrorAlert error={save.error} />
        {save.data &&
          (save.data.warning ? (
            <Alert color="yellow">{t('windowAdmin.tooShort')}</Alert>
          ) : (
            <Alert color="teal">{t('windowAdmin.saved')}</Alert>
          ))}
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!kind || !opensAt || !closesAt}
        >
          {t('windowAdmin.save')}
        </Button>
      </Stack>
    </Card>
  );
}

/**
 * Grants an extension of one window, for the whole school or (by 學號) one student (e.g. illness); its
 * title says which. The server audits it.
 */
function ExtendCard({
  windows,
  label,
  onSaved,
}: {
  windows: Row[];
  label: (w: Row) => string;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [windowId, setWindowId] = useState<string | null>(null);
  const [target, setTarget] = useState<'school' | 'student'>('school');
  const [closesAt, setCloses] = useState('');
  const [reason, setReason] = useState('');
  const [studentNo, setStudentNo] = useState('');
  const save = useMutation({
    mutationFn: async () => {
      let studentId: string | undefined;
      if (target === 'student') {
        const no = studentNo.trim();
        const found = await api<StudentList>(`/api/v1/students?q=${encodeURIComponent(no)}&pageSize=20`);
        studentId = found.items.find((s) => s.studentNo === no)?.id;
        if (!studentId) throw new Error(t('windowAdmin.noSuchStudent'));
      }
      return api(`/api/v1/windows/${windowId}/extensions`, {
        method: 'POST',
        body: { closesAt: fromInput(closesAt, '59'), reason, ...(studentId ? { studentId } : {}) },
      });
    },
    onSuccess: () => {
      setReason('');
      setStudentNo('');
      onSaved();
    },
  });
  if (windows.length === 0) return null;
  return (
    <Card withBorder data-testid="extend-card">
      <Stack>
        <Title order={3} size="h5" data-testid="extend-title">
          {target === 'student' ? t('windowAdmin.extendStudent') : t('windowAdmin.extendSchool')}
        </Title>
        <Select
          label={t('windowAdmin.extendWhich')}
          data={windows.map((w) => ({ value: w.id, label: label(w) }))}
          value={windowId}
          onChange={setWindowId}
          data-testid="extend-window"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('windowAdmin.forWhom')}
          </Text>
          <SegmentedControl
            value={target}
            onChange={(v) => setTarget(v as typeof target)}
            data={[
              { value: 'school', label: t('windowAdmin.forSchool') },
              { value: 'student', label: t('windowAdmin.forStudent') },
            ]}
            data-testid="extend-target"
          />
        </Stack>
        <Group grow wrap="wrap">
          {target === 'student' && (
            <TextInput
              label={t('windowAdmin.studentNo')}
              value={studentNo}
              onChange={(e) => setStudentNo(e.currentTarget.value)}
              data-testid="extend-student-no"
            />
          )}
          <TextInput
            type="datetime-local"
            label={t('windowAdmin.extendedTo')}
            value={closesAt}
            onChange={(e) => setCloses(e.currentTarget.value)}
            data-testid="extend-closes"
          />
          <TextInput
            label={t('windowAdmin.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-testid="extend-reason"
          />
        </Group>
        <ErrorAlert error={save.error} />
        {save.isSuccess && <Alert color="teal">{t('windowAdmin.saved')}</Alert>}
        <Button
          variant="light"
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!windowId || !closesAt || !reason.trim() || (target === 'student' && !studentNo.trim())}
          data-testid="extend-save"
        >
          {t('windowAdmin.extendSave')}
        </Button>
      </Stack>
    </Card>
  );
}
