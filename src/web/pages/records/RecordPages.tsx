import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import type { Children, StudentRecord } from '../../api/types.js';
import { Loading } from '../../components/Loading.js';
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
      <Loading query={query}>{(r) => <StudentRecordView record={r} />}</Loading>
    </Stack>
  );
}

/** A parent's children, each a link to their read-only record. */
export function ChildrenPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['me', 'children'],
    queryFn: () => api<Children>('/api/v1/me/children'),
  });
  return (
    <Stack maw={700} mx="auto">
      <Title order={2}>{t('nav.children')}</Title>
      <Loading query={query}>
        {(children) =>
          children.length === 0 ? (
            <Text c="dimmed">{t('children.none')}</Text>
          ) : (
            children.map((c) => (
              <Card withBorder key={c.id}>
                <Anchor component={Link} to={`/students/${c.id}`} fw={600}>
                  {c.name}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {c.studentNo} · {c.relation}
                </Text>
              </Card>
            ))
          )
        }
      </Loading>
    </Stack>
  );
}
