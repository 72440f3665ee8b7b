import { Alert, Badge, Button, Card, Code, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

export interface Receipt {
  id: string;
  academicYear: number;
  semester: number;
  roster: number;
  issuedAt: string;
  sha256: string;
  content: {
    rows: {
      sheet: string;
      rowNumber: number;
      status: 'accepted' | 'rejected';
      reasonCode?: string;
      data: Record<string, string>;
    }[];
    files: { path: string; sha256: string; size: number }[];
  };
  superseded: boolean;
  supersededBy: string | null;
  response: 'confirmed' | 'disputed' | null;
  responseReason: string | null;
  relayStatus: 'pending' | 'sent' | 'failed' | null;
  disputeDueAt: string | null;
  disputeStatus: 'open' | 'resolved' | null;
  disputeResolution: 'corrected' | 'answered' | null;
  answerNote: string | null;
}
interface Receipts {
  receipts: Receipt[];
  windows: { academicYear: number; opensAt: string | null; closesAt: string | null; open: boolean }[];
}

const RELAY_COLOR = { pending: 'yellow', sent: 'green', failed: 'red' } as const;

/** One receipt: rows as received (status, reason), files with SHA-256, the answer and its relay. */
function ReceiptCard({
  receipt: r,
  canAnswer,
  onAnswered,
}: {
  receipt: Receipt;
  canAnswer: boolean;
  onAnswered?: () => void;
}) {
  const { t } = useTranslation();
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const answer = useMutation({
    mutationFn: (body: { response: 'confirmed' | 'disputed'; reason?: string }) =>
      api<Receipt>(`/api/v1/receipts/${r.id}/response`, { method: 'POST', body }),
    onSuccess: () => {
      setDisputing(false);
      onAnswered?.();
    },
  });
  const semester = r.semester === 0 ? t('receipts.yearly') : t('receipts.semester', { semester: r.semester });
  return (
    <Card withBorder data-testid={`receipt-${r.id}`} opacity={r.superseded ? 0.6 : 1}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>
            {t('receipts.heading', { roster: r.roster, year: r.academicYear, semester })}
          </Title>
          {r.superseded && <Badge color="gray">{t('receipts.superseded')}</Badge>}
        </Group>
        <Text size="sm" c="dimmed">
          {t('receipts.issuedAt')}: {formatTaipei(r.issuedAt)} · {t('receipts.sha256')}:{' '}
          <Code>{r.sha256}</Code>
        </Text>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('receipts.row')}</Table.Th>
              <Table.Th>{t('receipts.rowStatus')}</Table.Th>
              <Table.Th>{t('receipts.data')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.content.rows.map((row) => (
              <Table.Tr key={`${row.sheet}-${row.rowNumber}`}>
                <Table.Td>{row.rowNumber}</Table.Td>
                <Table.Td>
                  <Badge color={row.status === 'accepted' ? 'green' : 'red'}>
                    {t(`receipts.${row.status}`)}
                  </Badge>
                  {row.reasonCode && (
                    <Text size="xs">
                      {t('receipts.reason')}: {row.reasonCode}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {Object.entries(row.data)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join('；')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {r.content.files.length > 0 && (
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('receipts.path')}</Table.Th>
                <Table.Th>{t('receipts.size')}</Table.Th>
                <Table.Th>SHA-256</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.content.files.map((f) => (
                <Table.Tr key={f.path}>
                  <Table.Td>{f.path}</Table.Td>
                  <Table.Td>{f.size}</Table.Td>
                  <Table.Td>
                    <Code>{f.sha256}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {r.response && (
          <Group gap="xs" data-testid="receipt-answer">
            <Text size="sm">{t(`receipts.answered.${r.response}`, { reason: r.responseReason ?? '' })}</Text>
            {r.relayStatus && (
              <Badge color={RELAY_COLOR[r.relayStatus]} data-testid="receipt-relay">
                {t(`receipts.relay.${r.relayStatus}`)}
              </Badge>
            )}
          </Group>
        )}
        {r.response === 'disputed' && r.disputeDueAt && !r.disputeResolution && (
          <Text size="sm">{t('receipts.disputeDue', { due: formatTaipei(r.disputeDueAt) })}</Text>
        )}
        {r.disputeResolution && (
          <Alert color={r.disputeResolution === 'corrected' ? 'green' : 'blue'}>
            {t(`receipts.resolution.${r.disputeResolution}`, { note: r.answerNote ?? '' })}
          </Alert>
        )}
        {canAnswer && !r.response && !r.superseded && !disputing && (
          <Group>
            <Button
              data-testid="receipt-confirm"
              loading={answer.isPending}
              onClick={() => answer.mutate({ response: 'confirmed' })}
            >
              {t('receipts.confirm')}
            </Button>
            <Button
              variant="light"
              color="orange"
              data-testid="receipt-dispute"
              onClick={() => setDisputing(true)}
            >
              {t('receipts.dispute')}
            </Button>
          </Group>
        )}
        {disputing && (
          <Stack gap="xs">
            <Textarea
              label={t('receipts.disputeReason')}
              description={t('receipts.disputeReasonHint')}
              data-testid="receipt-reason"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button
                color="orange"
                data-testid="receipt-send-dispute"
                loading={answer.isPending}
                onClick={() => answer.mutate({ response: 'disputed', reason })}
              >
                {t('receipts.send')}
              </Button>
              <Button variant="subtle" onClick={() => setDisputing(false)}>
                {t('receipts.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
        <ErrorAlert error={answer.error} />
      </Stack>
    </Card>
  );
}

/** The receipts (newest on top, replaced ones marked) and the confirmation window of each year. */
function ReceiptList({ path, canAnswer }: { path: string; canAnswer: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['receipts', path],
    queryFn: () => api<Receipts>(path),
    refetchInterval: (q) =>
      (q.state.data?.receipts ?? []).some((r) => r.relayStatus === 'pending') ? 2000 : false,
  });
  if (query.error) return <ErrorAlert error={query.error} />;
  const data = query.data;
  if (!data) return null;
  return (
    <Stack>
      {data.windows.map((w) => (
        <Alert key={w.academicYear} color={w.open ? 'green' : 'gray'} data-testid="receipt-window">
          {w.opensAt && w.closesAt
            ? `${t('receipts.window', {
                year: w.academicYear,
                span: `${formatTaipei(w.opensAt)} – ${formatTaipei(w.closesAt)}`,
              })}（${w.open ? t('receipts.windowOpen') : t('receipts.windowClosed')}）`
            : t('receipts.windowNotSet', { year: w.academicYear })}
        </Alert>
      ))}
      {data.receipts.length === 0 && <Text c="dimmed">{t('receipts.none')}</Text>}
      {data.receipts.map((r) => (
        <ReceiptCard
          key={r.id}
          receipt={r}
          canAnswer={canAnswer && !!data.windows.find((w) => w.academicYear === r.academicYear)?.open}
          onAnswered={() => void qc.invalidateQueries({ queryKey: ['receipts', path] })}
        />
      ))}
    </Stack>
  );
}

/** The student's own receipts: confirm each, or dispute it with a reason, inside the window. */
export function MyReceiptsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('receipts.title')}</Title>
      <Text c="dimmed">{t('receipts.intro')}</Text>
      <ReceiptList path="/api/v1/receipts/mine" canAnswer />
    </Stack>
  );
}

/** A student's receipts for a parent, the homeroom teacher or an office: read-only (the server audits). */
export function StudentReceiptsPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <Stack>
      <Group>
        <Title order={2}>{t('receipts.title')}</Title>
        <Badge color="gray">{t('receipts.readOnly')}</Badge>
      </Group>
      <ReceiptList path={`/api/v1/students/${id}/receipts`} canAnswer={false} />
    </Stack>
  );
}
