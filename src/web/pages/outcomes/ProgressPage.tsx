import { Button, Group, SegmentedControl, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import { BetweenTerms } from '../../components/BetweenTerms.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';

type By = 'grade' | 'class' | 'course' | 'teacher';
interface Progress {
  /** null between terms (the current term is not set up yet). */
  term: { id: string } | null;
  currentTerm: { academicYear: number; semester: number };
  rows: {
    label: string;
    students: number | null;
    studentsWithNone: number | null;
    uploaded: number;
    pending: number;
    passed: number;
    failed: number;
  }[];
}

/** 教務處: school-wide progress of course outcomes this term, with an xlsx export. */
export function ProgressPage() {
  const { t } = useTranslation();
  const [by, setBy] = useState<By>('class');
  const [error, setError] = useState<unknown>(null);
  const query = useQuery({
    queryKey: ['progress', by],
    queryFn: () => api<Progress>(`/api/v1/outcomes/progress?by=${by}`),
  });
  return (
    <Stack maw={1000} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('nav.progress')}</Title>
        <Button
          variant="light"
          onClick={() => download(`/api/v1/outcomes/progress.xlsx?by=${by}`).catch(setError)}
        >
          {t('students.export')}
        </Button>
      </Group>
      <ErrorAlert error={error} />
      <SegmentedControl
        value={by}
        onChange={(v) => setBy(v as By)}
        data={(['grade', 'class', 'course', 'teacher'] as const).map((b) => ({
          value: b,
          label: t(`progress.by.${b}`),
        }))}
      />
      <Loading query={query}>
        {(p) =>
          !p.term ? (
            <BetweenTerms term={p.currentTerm} />
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t(`progress.by.${by}`)}</Table.Th>
                    <Table.Th>{t('progress.students')}</Table.Th>
                    <Table.Th>{t('progress.none')}</Table.Th>
                    <Table.Th>{t('progress.uploaded')}</Table.Th>
                    <Table.Th>{t('outcomes.status.pending')}</Table.Th>
                    <Table.Th>{t('outcomes.status.passed')}</Table.Th>
                    <Table.Th>{t('outcomes.status.failed')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.rows.map((r) => (
                    <Table.Tr key={r.label}>
                      <Table.Td>{r.label}</Table.Td>
                      <Table.Td>{r.students ?? '—'}</Table.Td>
                      <Table.Td>{r.studentsWithNone ?? '—'}</Table.Td>
                      <Table.Td>{r.uploaded}</Table.Td>
                      <Table.Td>{r.pending}</Table.Td>
                      <Table.Td>{r.passed}</Table.Td>
                      <Table.Td>{r.failed}</Table.Td>
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
