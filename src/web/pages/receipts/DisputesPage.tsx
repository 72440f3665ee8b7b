import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

interface Dispute {
  receiptId: string;
  student: { id: string; name: string; studentNo: string; className: string | null; seatNo: number | null };
  roster: number;
  academicYear: number;
  semester: number;
  reason: string;
  respondedAt: string;
  dueAt: string;
  state: 'open' | 'answered' | 'corrected';
  msLeft: number;
  overdue: boolean;
  answerNote: string | null;
  answerRelayStatus: 'pending' | 'sent' | 'failed' | null;
}
interface Sync {
  status: 'queued' | 'running' | 'ok' | 'failed' | null;
  finishedAt: string | null;
  received: number;
  unmatched: number;
  error: string | null;
}

const hours = (ms: number) => Math.max(0, Math.round(Math.abs(ms) / 3_600_000));

function AnswerForm({ receiptId, onDone }: { receiptId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: () => api(`/api/v1/receipts/${receiptId}/answer`, { method: 'POST', body: { note } }),
    onSuccess: onDone,
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" wrap="nowrap">
        <TextInput
          size="xs"
          placeholder={t('receipts.disputes.note')}
          aria-label={t('receipts.disputes.note')}
          data-testid="dispute-note"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Button size="xs" data-testid="dispute-answer" loading={save.isPending} onClick={() => save.mutate()}>
          {t('receipts.disputes.save')}
        </Button>
      </Group>
      <ErrorAlert error={save.error} />
    </Stack>
  );
}

/** 教務處 / 學務處: the disputes of the office's rosters with the 3-day clock; fetch receipts now. */
export function DisputesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const sync = useQuery({
    queryKey: ['receipt-sync'],
    queryFn: () => api<Sync>('/api/v1/receipts/sync'),
    refetchInterval: (q) =>
      q.state.data?.status === 'queued' || q.state.data?.status === 'running' ? 1000 : false,
  });
  const list = useQuery({
    queryKey: ['receipt-disputes', sync.data?.finishedAt],
    queryFn: () => api<{ at: string; disputes: Dispute[] }>('/api/v1/receipts/disputes'),
  });
  const fetchNow = useMutation({
    mutationFn: () => api<Sync>('/api/v1/receipts/sync', { method: 'POST' }),
    onSuccess: (s) => qc.setQueryData(['receipt-sync'], s),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['receipt-disputes'] });
  const s = sync.data;
  return (
    <Stack>
      <Title order={2}>{t('receipts.disputes.title')}</Title>
      <Text c="dimmed">{t('receipts.disputes.intro')}</Text>
      <Card withBorder>
        <Group>
          <Button data-testid="receipt-sync" loading={fetchNow.isPending} onClick={() => fetchNow.mutate()}>
            {t('receipts.disputes.sync')}
          </Button>
          <Text data-testid="receipt-sync-status">
            {t('receipts.disputes.syncStatus', {
              status: t(`receipts.disputes.syncStates.${s?.status ?? 'never'}`),
            })}
          </Text>
          {s?.finishedAt && (
            <Text size="sm" c="dimmed">
              {t('receipts.disputes.syncResult', {
                at: formatTaipei(s.finishedAt),
                received: s.received,
                unmatched: s.unmatched,
              })}
            </Text>
          )}
        </Group>
        {s?.status === 'failed' && s.error && (
          <Text c="red" size="sm">
            {s.error}
          </Text>
        )}
        <ErrorAlert error={fetchNow.error} />
      </Card>
      <ErrorAlert error={list.error} />
      {list.data?.disputes.length === 0 && <Text c="dimmed">{t('receipts.disputes.none')}</Text>}
      {(list.data?.disputes.length ?? 0) > 0 && (
        <Table withTableBorder data-testid="dispute-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('receipts.disputes.student')}</Table.Th>
              <Table.Th>{t('receipts.disputes.roster')}</Table.Th>
              <Table.Th>{t('receipts.disputes.reason')}</Table.Th>
              <Table.Th>{t('receipts.disputes.raisedAt')}</Table.Th>
              <Table.Th>{t('receipts.disputes.clock')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.disputes.map((d) => (
              <Table.Tr key={d.receiptId} data-testid={`dispute-${d.receiptId}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/students/${d.student.id}/receipts`}>
                    {d.student.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {d.student.className ?? ''} {d.student.studentNo}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {d.roster}（{d.academicYear}-{d.semester}）
                </Table.Td>
                <Table.Td>{d.reason}</Table.Td>
                <Table.Td>{formatTaipei(d.respondedAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTaipei(d.dueAt)}</Text>
                  {d.state === 'open' ? (
                    <Badge color={d.overdue ? 'red' : 'yellow'} data-testid="dispute-clock">
                      {d.overdue
                        ? t('receipts.disputes.overdue', { hours: hours(d.msLeft) })
                        : t('receipts.disputes.left', { hours: hours(d.msLeft) })}
                    </Badge>
                  ) : (
                    <Badge color="green" data-testid="dispute-state">
                      {t(`receipts.disputes.state.${d.state}`)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {d.state === 'open' && (
                    <Stack gap={4}>
                      <Anchor component={Link} to="/submissions" size="sm">
                        {t('receipts.disputes.rebuild')}
                      </Anchor>
                      <AnswerForm receiptId={d.receiptId} onDone={refresh} />
                    </Stack>
                  )}
                  {d.answerNote && <Text size="sm">{d.answerNote}</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
