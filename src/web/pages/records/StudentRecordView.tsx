import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { CADRE_LEVELS } from '../../../domain/codes.js';
import type { StudentRecord } from '../../api/types.js';
import { SchoolRecordsView } from './SchoolRecordsView.js';

function Field({ label, value }: { label: string; value: string | number | null | undefined }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value ?? '—'}</Text>
    </div>
  );
}

/** 基本資料, 修課紀錄 per term (credits, grades) and school cadre records of one student. */
export function StudentRecordView({ record }: { record: StudentRecord }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const s = record.student;
  const gender = t(`gender.${s.gender}`);
  return (
    <Stack>
      <Card withBorder>
        <Title order={3} size="h4" mb="sm">
          {t('record.basic')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Field label={t('record.name')} value={s.name} />
          <Field label={t('record.studentNo')} value={s.studentNo} />
          <Field label={t('record.nationalId')} value={s.nationalId} />
          <Field label={t('record.birthDate')} value={s.birthDate} />
          <Field label={t('record.gender')} value={gender} />
          <Field
            label={t('record.class')}
            value={s.className ? `${s.className}（${s.department ?? ''}）` : null}
          />
          <Field label={t('record.seatNo')} value={s.seatNo} />
          <Field
            label={t('record.status')}
            value={`${t(`status.${s.status}`)}${s.statusSince ? ` (${s.statusSince})` : ''}`}
          />
        </SimpleGrid>
      </Card>

      <Title order={3} size="h4">
        {t('record.courses')}
      </Title>
      {record.terms.length === 0 && <Text c="dimmed">{t('record.noCourses')}</Text>}
      {record.terms.map((term) => (
        <Card
          withBorder
          key={`${term.academicYear}${term.semester}`}
          data-testid={`term-${term.academicYear}${term.semester}`}
        >
          <Group justify="space-between" mb="xs">
            <Text fw={600}>
              {formatTerm({ academicYear: term.academicYear, semester: term.semester as 1 | 2 }, lang)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('record.credits', { earned: term.earnedCredits, total: term.credits })}
            </Text>
          </Group>
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('record.subject')}</Table.Th>
                  <Table.Th>{t('record.creditsShort')}</Table.Th>
                  <Table.Th>{t('record.score')}</Table.Th>
                  <Table.Th>{t('record.result')}</Table.Th>
                  <Table.Th>{t('record.teachers')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {term.courses.map((c) => (
                  <Table.Tr key={c.code}>
                    <Table.Td>
                      <Text size="sm">{c.name}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {c.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>{c.credits}</Table.Td>
                    <Table.Td>
                      {c.rawScore ?? '—'}
                      {c.makeupScore ? ` → ${c.makeupScore}` : ''}
                    </Table.Td>
                    <Table.Td>
                      {c.rawScore === null && c.passed === null ? (
                        <Text size="xs" c="dimmed">
                          {t('record.inProgress')}
                        </Text>
                      ) : (
                        <Badge color={c.earned ? 'teal' : 'red'} variant="light">
                          {c.earned ? t('record.earned') : t('record.notEarned')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{c.teachers.join('、')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      ))}

      <SchoolRecordsView record={record} />

      <Title order={3} size="h4">
        {t('record.cadre')}
      </Title>
      {record.cadre.length === 0 ? (
        <Text c="dimmed">{t('record.noCadre')}</Text>
      ) : (
        <Card withBorder>
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Tbody>
                {record.cadre.map((c) => (
                  <Table.Tr key={`${c.academicYear}${c.semester}${c.unit}${c.position}`}>
                    <Table.Td>
                      {formatTerm({ academicYear: c.academicYear, semester: c.semester as 1 | 2 }, lang)}
                    </Table.Td>
                    <Table.Td>{c.unit}</Table.Td>
                    <Table.Td>{c.position}</Table.Td>
                    <Table.Td>{CADRE_LEVELS[c.level]?.[lang] ?? c.level}</Table.Td>
                    <Table.Td>
                      {c.startsOn} – {c.endsOn ?? ''}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="outline" size="xs">
                        {t('record.schoolEntered')}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
