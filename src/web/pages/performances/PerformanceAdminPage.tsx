import { Anchor, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { academicYearOf, taipeiDateOf } from '../../../domain/calendar.js';
import { CATEGORIES, type PerformanceCategory } from '../../../domain/performances.js';
import { api } from '../../api/client.js';

/** Windows are Taiwan's: shown in Taipei time whatever the browser's zone. */
import { Loading } from '../../components/Loading.js';
import { WindowsAdmin } from '../../components/windows/WindowsAdmin.js';
import { useMe } from '../../session.js';

interface Overview {
  byCategory: { category: PerformanceCategory; records: number }[];
  byGrade: { grade: number; students: number; records: number; studentsWithNone: number }[];
  byClass: {
    classId: string;
    className: string;
    grade: number;
    students: number;
    records: number;
    studentsWithNone: number;
    schoolCadreRecords: number;
  }[];
  studentsWithNone: { id: string; studentNo: string; name: string; className: string }[];
}

const _taipeiInput = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

/** 學務處: the yearly performance (and performance selection) windows with extensions (WindowsAdmin), and the school-wide overview with xlsx. */
export function PerformanceAdminPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const [year, setYear] = useState<number>(
    me?.currentTerm.academicYear ?? academicYearOf(taipeiDateOf(new Date())),
  );
  const _qc = useQueryClient();
  const overview = useQuery({
    queryKey: ['performance-overview', year],
    queryFn: () => api<Overview>(`/api/v1/performances/overview/${year}`),
  });
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('nav.performanceAdmin')}</Title>
      <NumberInput
        label={t('performances.year')}
        min={100}
        max={200}
        value={year}
        onChange={(v) => typeof v === 'number' && setYear(v)}
        w={160}
      />
      <WindowsAdmin academicYear={year} kinds={['performance', 'selectionPerformances']} />
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('performances.admin.overview')}
        </Title>
        <Anchor href={`/api/v1/performances/overview/${year}/xlsx`}>{t('performances.admin.xlsx')}</Anchor>
      </Group>
      <Loading query={overview}>
        {(o) => (
          <Stack>
            <Table striped withTableBorder>
              <Table.Tbody>
                {o.byCategory.map((c) => (
                  <Table.Tr key={c.category}>
                    <Table.Td>{CATEGORIES[c.category].label[lang]}</Table.Td>
                    <Table.Td>{c.records}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('performances.admin.grade')}</Table.Th>
                  <Table.Th>{t('performances.admin.students')}</Table.Th>
                  <Table.Th>{t('performances.admin.records')}</Table.Th>
                  <Table.Th>{t('performances.admin.withNone')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.byGrade.map((g) => (
                  <Table.Tr key={g.grade}>
                    <Table.Td>{g.grade}</Table.Td>
                    <Table.Td>{g.students}</Table.Td>
                    <Table.Td>{g.records}</Table.Td>
                    <Table.Td>{g.studentsWithNone}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Table striped withTableBorder data-testid="performance-overview-classes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('performances.admin.class')}</Table.Th>
                  <Table.Th>{t('performances.admin.students')}</Table.Th>
                  <Table.Th>{t('performances.admin.records')}</Table.Th>
                  <Table.Th>{t('performances.admin.withNone')}</Table.Th>
                  <Table.Th>{t('performances.schoolEntered')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.byClass.map((c) => (
                  <Table.Tr key={c.classId}>
                    <Table.Td>{c.className}</Table.Td>
                    <Table.Td>{c.students}</Table.Td>
                    <Table.Td>{c.records}</Table.Td>
                    <Table.Td>{c.studentsWithNone}</Table.Td>
                    <Table.Td>{c.schoolCadreRecords}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="sm" c="dimmed">
              {t('performances.admin.withNoneList', { count: o.studentsWithNone.length })}
            </Text>
          </Stack>
        )}
      </Loading>
    </Stack>
  );
}
