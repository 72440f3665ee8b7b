import { Anchor, Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import type { Classes, Roster } from '../../api/types.js';
import { BetweenTerms } from '../../components/BetweenTerms.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';

/** Classes (offices: all; homeroom teachers: their own). */
export function ClassesPage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['classes'], queryFn: () => api<Classes>('/api/v1/classes') });
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('nav.classes')}</Title>
      <Loading query={query}>
        {(rows) => (
          <Table.ScrollContainer minWidth={480}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('classes.year')}</Table.Th>
                  <Table.Th>{t('classes.name')}</Table.Th>
                  <Table.Th>{t('classes.department')}</Table.Th>
                  <Table.Th>{t('classes.homeroom')}</Table.Th>
                  <Table.Th>{t('classes.students')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.academicYear}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/classes/${c.id}`}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{c.department}</Table.Td>
                    <Table.Td>{c.homeroomName ?? '—'}</Table.Td>
                    <Table.Td>{c.students}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Loading>
    </Stack>
  );
}

/** A class roster (名冊): seat, 學號, name, status, and a link to each student's record. */
interface Progress {
  /** null between terms (the current term is not set up yet). */
  term: { id: string } | null;
  currentTerm: { academicYear: number; semester: number };
  students: { id: string; uploaded: number; passed: number; failed: number; pending: number }[];
}

export function RosterPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { data: me } = useMe();
  const query = useQuery({
    queryKey: ['roster', id],
    queryFn: () => api<Roster>(`/api/v1/classes/${id}/roster`),
  });
  // Outcome counts this term: for the homeroom teacher and 教務處 (the server decides per class).
  const canSeeProgress = me?.roles.some((r) => r === 'homeroom' || r === 'academicAdmin');
  const progress = useQuery({
    queryKey: ['outcome-progress', id],
    queryFn: () => api<Progress>(`/api/v1/classes/${id}/outcome-progress`),
    enabled: !!canSeeProgress,
    retry: false,
  });
  const countsOf = (studentId: string) => progress.data?.students.find((s) => s.id === studentId);
  return (
    <Stack maw={900} mx="auto">
      <Loading query={query}>
        {(r) => (
          <>
            <Title order={2}>
              {r.class.name}
              {t('offices.punct.paren', { text: r.class.academicYear })}
            </Title>
            <Text c="dimmed">{t('classes.rosterCount', { count: r.students.length })}</Text>
            <Anchor component={Link} to={`/classes/${id}/selection`} data-testid="class-selection-link">
              {t('selection.class.link')}
            </Anchor>
            {progress.data && !progress.data.term && <BetweenTerms term={progress.data.currentTerm} />}
            {progress.data?.term && (
              <Button
                variant="light"
                w="fit-content"
                onClick={() => void download(`/api/v1/classes/${id}/outcome-progress/missing.xlsx`)}
              >
                {t('classes.exportMissing')}
              </Button>
            )}
            <Table.ScrollContainer minWidth={420}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('record.seatNo')}</Table.Th>
                    <Table.Th>{t('record.studentNo')}</Table.Th>
                    <Table.Th>{t('record.name')}</Table.Th>
                    <Table.Th>{t('students.status')}</Table.Th>
                    {progress.data?.term && <Table.Th>{t('classes.outcomes')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.students.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{s.seatNo}</Table.Td>
                      <Table.Td ff="monospace">{s.studentNo}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/students/${s.id}`}>
                          {s.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={s.status === '在學' ? 'teal' : 'gray'}>
                          {t(`status.${s.status}`)}
                        </Badge>
                      </Table.Td>
                      {progress.data?.term && (
                        <Table.Td data-testid={`progress-${s.studentNo}`}>
                          {t(
                            'classes.outcomeCounts',
                            countsOf(s.id) ?? { uploaded: 0, passed: 0, failed: 0, pending: 0 },
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </Loading>
    </Stack>
  );
}
