import { Badge, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import { api } from '../../api/client.js';
import { Loading } from '../../components/Loading.js';

export interface OutcomeDetail {
  id: string;
  title: string;
  summary: string;
  status: 'pending' | 'passed' | 'failed' | 'withdrawn';
  timeline: {
    at: string;
    action: string;
    reason: string | null;
    actor: string | null;
    onBehalfOf: string | null;
  }[];
}

export const STATUS_COLOR = { pending: 'yellow', passed: 'teal', failed: 'red', withdrawn: 'gray' } as const;

export function StatusBadge({ status }: { status: OutcomeDetail['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-testid="outcome-status">
      {t(`outcomes.status.${status}`)}
    </Badge>
  );
}

/** The time-stamped history of an outcome: what makes it trustworthy later. */
export function OutcomeTimeline({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['outcome', id],
    queryFn: () => api<OutcomeDetail>(`/api/v1/outcomes/${id}`),
  });
  return (
    <Loading query={query}>
      {(o) => (
        <Timeline active={o.timeline.length} bulletSize={14} lineWidth={2} data-testid="outcome-timeline">
          {o.timeline.map((e) => (
            <Timeline.Item key={`${e.at}-${e.action}`} title={t(`outcomes.action.${e.action}`)}>
              <Stack gap={0}>
                <Text size="xs" c="dimmed">
                  {formatTaipei(e.at)} · {e.actor}
                  {e.onBehalfOf ? ` (${t('outcomes.onBehalfOf', { name: e.onBehalfOf })})` : ''}
                </Text>
                {e.reason && <Text size="sm">{t('outcomes.reason', { reason: e.reason })}</Text>}
              </Stack>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Loading>
  );
}
