import { Badge, Card, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { type CodeTables, findCode, platformTables, RETAKE_METHODS } from '../../../domain/code-tables.js';
import { api } from '../../api/client.js';
import type { StudentRecord } from '../../api/types.js';

const term = (y: number, s: number, lang: 'zh-TW' | 'en') =>
  formatTerm({ academicYear: y, semester: s as 1 | 2 }, lang);
const yesNo = (v: boolean | null) => (v === null ? '' : v ? '✓' : '✗');

/** 缺勤紀錄 (名冊別 3) and 重修重讀成績 (名冊別 6) of one student, shown beside the grades. */
export function SchoolRecordsView({ record }: { record: StudentRecord }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const codes = useQuery({ queryKey: ['codes'], queryFn: () => api<CodeTables>('/api/v1/codes') });
  const tables = codes.data ?? platformTables();
  return (
    <>
      {record.retakes.length > 0 && (
        <>
          <Title order={3} size="h4">
            {t('schoolRecords.retakes')}
          </Title>
          <Card withBorder data-testid="retake-grades">
            <Table.ScrollContainer minWidth={560}>
              <Table striped>
                <Table.Tbody>
                  {record.retakes.map((r) => (
                    <Table.Tr
                      key={`${r.academicYear}${r.semester}${r.mode}${r.courseYear}${r.courseSemester}${r.courseCode}`}
                    >
                      <Table.Td>{term(r.academicYear, r.semester, lang)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light">{t(`schoolRecords.mode.${r.mode}`)}</Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed">
                          {t('schoolRecords.originalTerm')} {term(r.courseYear, r.courseSemester, lang)}
                        </Text>
                        <Text size="xs" ff="monospace">
                          {r.courseCode}
                        </Text>
                      </Table.Td>
                      <Table.Td>{r.credits}</Table.Td>
                      <Table.Td>
                        {r.score ?? '—'} {yesNo(r.passed)}
                        {r.makeupScore ? ` → ${r.makeupScore} ${yesNo(r.makeupPassed)}` : ''}
                      </Table.Td>
                      <Table.Td>{r.method !== null ? RETAKE_METHODS[r.method]?.[lang] : ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      )}
      <Title order={3} size="h4">
        {t('schoolRecords.absences')}
      </Title>
      {record.absences.length === 0 ? (
        <Text c="dimmed">{t('schoolRecords.noAbsences')}</Text>
      ) : (
        <Card withBorder data-testid="absences">
          <Table.ScrollContainer minWidth={420}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('schoolRecords.absenceKind')}</Table.Th>
                  <Table.Th>{t('schoolRecords.dates')}</Table.Th>
                  <Table.Th>{t('schoolRecords.periods')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {record.absences.map((a) => (
                  <Table.Tr key={`${a.academicYear}${a.semester}${a.kindCode}${a.startsOn}`}>
                    <Table.Td>{term(a.academicYear, a.semester, lang)}</Table.Td>
                    <Table.Td>
                      {findCode(tables, 'absenceKind', a.kindCode)?.label[lang] ?? a.kindCode}
                    </Table.Td>
                    <Table.Td>
                      {a.startsOn === a.endsOn ? a.startsOn : `${a.startsOn} – ${a.endsOn}`}
                    </Table.Td>
                    <Table.Td>{a.periods}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </>
  );
}
