import { Button, Group, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS } from '../../../domain/audit-actions.js';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import type { AuditList } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { auditActionKey } from '../../i18n/audit.js';

const PAGE_SIZE = 50;

interface Filters {
  studentNo: string;
  actor: string;
  action: string | null;
  from: string;
  to: string;
}
const EMPTY: Filters = { studentNo: '', actor: '', action: null, from: '', to: '' };

const queryOf = (f: Filters) => {
  const p = new URLSearchParams();
  if (f.studentNo.trim()) p.set('studentNo', f.studentNo.trim());
  if (f.actor.trim()) p.set('actor', f.actor.trim());
  if (f.action) p.set('action', f.action);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  return p;
};

/** 教務處's read-only audit log: who saw or changed what, filtered, paged, exported (each look audited). */
export function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  // Later pages of one search stay where they were although each look adds an audit row.
  const [maxId, setMaxId] = useState<number | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const params = queryOf(filters);
  params.set('page', String(page));
  params.set('pageSize', String(PAGE_SIZE));
  if (page > 1 && maxId !== null) params.set('maxId', String(maxId));
  const list = useQuery({
    queryKey: ['audit', params.toString()],
    queryFn: async () => {
      const data = await api<AuditList>(`/api/v1/audit?${params}`);
      if (page === 1) setMaxId(data.maxId);
      return data;
    },
    placeholderData: keepPreviousData,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setPage(1);
  };
  const actionLabel = (code: string) => t(auditActionKey(code), { defaultValue: code });
  const data = list.data;
  const set = (k: keyof Filters) => (e: { currentTarget: { value: string } }) =>
    setDraft({ ...draft, [k]: e.currentTarget.value });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('audit.title')}</Title>
        <Button
          variant="light"
          onClick={() => download(`/api/v1/audit.xlsx?${queryOf(filters)}`).catch(setExportError)}
        >
          {t('audit.export')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('audit.intro')}
      </Text>
      <ErrorAlert error={exportError} />
      <form onSubmit={submit}>
        <Group align="end" wrap="wrap">
          <TextInput label={t('audit.student')} value={draft.studentNo} onChange={set('studentNo')} w={160} />
          <TextInput label={t('audit.actor')} value={draft.actor} onChange={set('actor')} w={180} />
          <Select
            label={t('audit.action')}
            placeholder={t('audit.anyAction')}
            clearable
            searchable
            data={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
            value={draft.action}
            onChange={(v) => setDraft({ ...draft, action: v })}
            w={280}
          />
          <TextInput type="date" label={t('audit.from')} value={draft.from} onChange={set('from')} w={160} />
          <TextInput type="date" label={t('audit.to')} value={draft.to} onChange={set('to')} w={160} />
          <Button type="submit">{t('audit.search')}</Button>
        </Group>
      </form>
      <ErrorAlert error={list.error} />
      <Text size="sm" c="dimmed">
        {t('audit.count', { count: data?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.what')}</Table.Th>
              <Table.Th>{t('audit.target')}</Table.Th>
              <Table.Th>{t('audit.students')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed">{t('audit.none')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
            {(data?.items ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTaipei(r.at)}</Table.Td>
                <Table.Td>
                  {r.actorName ?? '—'}
                  {r.actorUsername && (
                    <Text span size="xs" c="dimmed" ff="monospace">
                      {' '}
                      {r.actorUsername}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{actionLabel(r.action)}</Table.Td>
                <Table.Td>
                  {r.targetType ? t(`audit.targetTypes.${r.targetType}`, { defaultValue: r.targetType }) : ''}
                  {r.targetLabel ? `${t('offices.punct.colon')}${r.targetLabel}` : ''}
                </Table.Td>
                <Table.Td>
                  {r.studentLabel ??
                    (r.studentCount > 0 ? t('audit.studentsCount', { count: r.studentCount }) : '')}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && data.total > PAGE_SIZE && (
        <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} />
      )}
    </Stack>
  );
}
