import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { StudentRecord } from '../../api/types.js';
import { BetweenTerms } from '../../components/BetweenTerms.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';
import { StatusBadge } from '../outcomes/OutcomeTimeline.js';
import { StudentPerformances } from '../performances/PerformancePages.js';
import { StudentSelection } from '../selection/SelectionPages.js';
import { StudentRecordView } from './StudentRecordView.js';

/** The signed-in student's own data. */
export function MyRecordPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['me', 'record'],
    queryFn: () => api<StudentRecord>('/api/v1/me/record'),
  });
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('nav.record')}</Title>
      <Loading query={query}>{(r) => <StudentRecordView record={r} />}</Loading>
    </Stack>
  );
}

/** Any student's data for those allowed (parent, homeroom, offices, counsellor); the server decides. */
export function StudentRecordPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const me = useMe();
  const query = useQuery({
    queryKey: ['student', id, 'record'],
    queryFn: () => api<StudentRecord>(`/api/v1/students/${id}/record`),
  });
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>
        {query.data ? `${query.data.student.name}（${query.data.student.studentNo}）` : t('record.title')}
      </Title>
      {query.data && query.data.access !== 'self' && (
        <Text size="sm" c="dimmed">
          {t(`record.access.${query.data.access}`)}
        </Text>
      )}
      {id && (
        <Group>
          <Anchor component={Link} to={`/students/${id}/portfolio`} data-testid="portfolio-link">
            {t('nav.portfolio')}
          </Anchor>
          {me.data?.roles.some((r) =>
            ['parent', 'homeroom', 'academicAdmin', 'studentAffairs'].includes(r),
          ) && (
            <Anchor component={Link} to={`/students/${id}/receipts`} data-testid="receipts-link">
              {t('receipts.nav')}
            </Anchor>
          )}
          {me.data?.roles.includes('studentAffairs') && (
            <Anchor component={Link} to={`/students/${id}/cadre`} data-testid="cadre-link">
              {t('cadreForm.link')}
            </Anchor>
          )}
        </Group>
      )}
      <Loading query={query}>{(r) => <StudentRecordView record={r} />}</Loading>
      {id && <StudentOutcomes studentId={id} />}
      {id && <StudentPerformances studentId={id} />}
      {id && <StudentSelection studentId={id} />}
    </Stack>
  );
}

/** The student's course outcomes of this term with statuses and history, read-only. */
function StudentOutcomes({ studentId }: { studentId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['student', studentId, 'outcomes'],
    queryFn: () =>
      api<{
        /** null between terms (the current term is not set up yet). */
        term: { id: string } | null;
        currentTerm: { academicYear: number; semester: number };
        outcomes: {
          id: string;
          title: string;
          summary: string;
          status: 'pending' | 'passed' | 'failed' | 'withdrawn';
        }[];
      }>(`/api/v1/students/${studentId}/outcomes`),
    retry: false,
  });
  if (query.error) return null;
  return (
    <Stack>
      <Title order={3} size="h4">
        {t('nav.outcomes')}
      </Title>
      {query.data && !query.data.term && <BetweenTerms term={query.data.currentTerm} />}
      {query.data?.term && query.data.outcomes.length === 0 && (
        <Text c="dimmed">{t('certification.empty')}</Text>
      )}
      {query.data?.outcomes.map((o) => (
        <Card withBorder key={o.id} data-testid="child-outcome">
          <Group justify="space-between">
            <Text fw={600}>{o.title}</Text>
            <StatusBadge status={o.status} />
          </Group>
          <Text size="sm">{o.summary}</Text>
        </Card>
      ))}
    </Stack>
  );
}
