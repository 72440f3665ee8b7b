import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
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
import { useParams } from 'react-router';
import { type CodeTables, findCode } from '../../../domain/code-tables.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';

interface CadreRecord {
  id: string;
  academicYear: number;
  semester: number;
  unit: string;
  startsOn: string;
  endsOn: string | null;
  position: string;
  level: number;
}
interface CadreList {
  student: { id: string; name: string; studentNo: string; className: string | null };
  records: CadreRecord[];
}
type Draft = Omit<CadreRecord, 'id'>;

/** The form of one record: the same rules as the cadre import, checked again by the server. */
function CadreForm({
  initial,
  tables,
  onSave,
  onCancel,
  saving,
  error,
}: {
  initial: Draft;
  tables?: CodeTables;
  onSave: (d: Draft) => void;
  onCancel: () => void;
  saving: boolean;
  error: unknown;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const [d, setD] = useState<Draft>(initial);
  const levels = (tables?.cadreLevel ?? []).filter((c) => !c.disabled || Number(c.code) === d.level);
  return (
    <Card withBorder data-testid="cadre-form">
      <Stack>
        <Group grow wrap="wrap">
          <NumberInput
            label={t('cadreForm.academicYear')}
            data-field="academicYear"
            min={100}
            max={200}
            value={d.academicYear}
            onChange={(v) => setD({ ...d, academicYear: Number(v) })}
          />
          <Select
            label={t('cadreForm.semester')}
            data-field="semester"
            allowDeselect={false}
            data={['1', '2']}
            value={String(d.semester)}
            onChange={(v) => setD({ ...d, semester: Number(v) })}
          />
          <Select
            label={t('cadreForm.level')}
            data-field="level"
            allowDeselect={false}
            data={levels.map((c) => ({ value: c.code, label: `${c.code} ${c.label[lang]}` }))}
            value={String(d.level)}
            onChange={(v) => setD({ ...d, level: Number(v) })}
          />
        </Group>
        <Group grow wrap="wrap">
          <TextInput
            label={t('cadreForm.unit')}
            required
            data-field="unit"
            value={d.unit}
            onChange={(e) => setD({ ...d, unit: e.currentTarget.value })}
          />
          <TextInput
            label={t('cadreForm.position')}
            required
            data-field="position"
            value={d.position}
            onChange={(e) => setD({ ...d, position: e.currentTarget.value })}
          />
        </Group>
        <Group grow wrap="wrap">
          <TextInput
            type="date"
            label={t('cadreForm.startsOn')}
            required
            data-field="startsOn"
            value={d.startsOn}
            onChange={(e) => setD({ ...d, startsOn: e.currentTarget.value })}
          />
          <TextInput
            type="date"
            label={t('cadreForm.endsOn')}
            data-field="endsOn"
            value={d.endsOn ?? ''}
            onChange={(e) => setD({ ...d, endsOn: e.currentTarget.value || null })}
          />
        </Group>
        <ErrorAlert error={error} />
        <Group>
          <Button
            onClick={() => onSave(d)}
            loading={saving}
            disabled={!d.unit.trim() || !d.position.trim() || !d.startsOn}
            data-testid="cadre-save"
          >
            {t('cadreForm.save')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('cadreForm.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** 學務處: one student's school cadre records, added, corrected or deleted one at a time (audited). */
export function CadreRecordsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { id } = useParams();
  const qc = useQueryClient();
  const me = useMe();
  const [editing, setEditing] = useState<CadreRecord | 'new' | null>(null);
  const list = useQuery({
    queryKey: ['student', id, 'cadre'],
    queryFn: () => api<CadreList>(`/api/v1/students/${id}/cadre`),
  });
  const tables = useQuery({ queryKey: ['codes'], queryFn: () => api<CodeTables>('/api/v1/codes') });
  const refresh = () => {
    setEditing(null);
    void qc.invalidateQueries({ queryKey: ['student', id] });
  };
  const save = useMutation({
    mutationFn: (d: Draft) => {
      const body: Draft = {
        academicYear: d.academicYear,
        semester: d.semester,
        unit: d.unit,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        position: d.position,
        level: d.level,
      };
      return editing && editing !== 'new'
        ? api(`/api/v1/cadre/${editing.id}`, { method: 'PUT', body })
        : api(`/api/v1/students/${id}/cadre`, { method: 'POST', body });
    },
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (recordId: string) => api(`/api/v1/cadre/${recordId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const term = me.data?.currentTerm;
  const blank: Draft = {
    academicYear: term?.academicYear ?? 0,
    semester: term?.semester ?? 1,
    unit: '',
    startsOn: '',
    endsOn: null,
    position: '',
    level: 2,
  };
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>
        {t('cadreForm.title')}
        {list.data ? `：${list.data.student.name}（${list.data.student.studentNo}）` : ''}
      </Title>
      <Text size="sm" c="dimmed">
        {t('cadreForm.intro')}
      </Text>
      {editing === null && (
        <Group>
          <Button
            onClick={() => {
              save.reset();
              setEditing('new');
            }}
            data-testid="cadre-add"
          >
            {t('cadreForm.add')}
          </Button>
        </Group>
      )}
      {editing !== null && (
        <CadreForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? blank : editing}
          tables={tables.data}
          onSave={(d) => save.mutate(d)}
          onCancel={() => setEditing(null)}
          saving={save.isPending}
          error={save.error}
        />
      )}
      <ErrorAlert error={remove.error} />
      <Loading query={list}>
        {(l) =>
          l.records.length === 0 ? (
            <Alert color="gray">{t('cadreForm.none')}</Alert>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="cadre-records">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('cadreForm.academicYear')}</Table.Th>
                    <Table.Th>{t('cadreForm.unit')}</Table.Th>
                    <Table.Th>{t('cadreForm.position')}</Table.Th>
                    <Table.Th>{t('cadreForm.level')}</Table.Th>
                    <Table.Th>{t('cadreForm.startsOn')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {l.records.map((r) => (
                    <Table.Tr key={r.id} data-testid="cadre-row">
                      <Table.Td>
                        {r.academicYear}-{r.semester}
                      </Table.Td>
                      <Table.Td>{r.unit}</Table.Td>
                      <Table.Td>{r.position}</Table.Td>
                      <Table.Td>
                        {tables.data
                          ? (findCode(tables.data, 'cadreLevel', String(r.level))?.label[lang] ?? r.level)
                          : r.level}
                      </Table.Td>
                      <Table.Td>
                        {r.startsOn} – {r.endsOn ?? ''}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="xs"
                            variant="light"
                            onClick={() => {
                              save.reset();
                              setEditing(r);
                            }}
                          >
                            {t('cadreForm.edit')}
                          </Button>
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            onClick={() => {
                              if (
                                window.confirm(
                                  t('cadreForm.confirmDelete', { unit: r.unit, position: r.position }),
                                )
                              )
                                remove.mutate(r.id);
                            }}
                          >
                            {t('cadreForm.delete')}
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
    </Stack>
  );
}
