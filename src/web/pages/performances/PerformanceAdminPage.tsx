import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { academicYearOf, taipeiDateOf } from '../../../domain/calendar.js';
import { CATEGORIES, type PerformanceCategory } from '../../../domain/performances.js';
import { api } from '../../api/client.js';

/** Windows are Taiwan's: shown in Taipei time whatever the browser's zone. */

import { formatTaipei } from '../../../domain/time-format.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { WindowExtensionCard } from '../../components/WindowExtensionCard.js';
import { useMe } from '../../session.js';

interface WindowAdmin {
  academicYear: number;
  window: { opensAt: string; closesAt: string } | null;
  extensions: {
    id: string;
    studentNo: string | null;
    studentName: string | null;
    closesAt: string;
    reason: string;
  }[];
}
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

const taipeiInput = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

/** 學務處: the yearly performance window, its extensions, and the school-wide overview with xlsx. */
export function PerformanceAdminPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const [year, setYear] = useState<number>(
    me?.currentTerm.academicYear ?? academicYearOf(taipeiDateOf(new Date())),
  );
  const qc = useQueryClient();
  const admin = useQuery({
    queryKey: ['performance-window', year],
    queryFn: () => api<WindowAdmin>(`/api/v1/performance-windows/${year}`),
  });
  const overview = useQuery({
    queryKey: ['performance-overview', year],
    queryFn: () => api<Overview>(`/api/v1/performances/overview/${year}`),
  });
  const [opensAt, setOpens] = useState('');
  const [closesAt, setCloses] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['performance-window', year] });
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/performance-windows/${year}`, {
        method: 'PUT',
        body: {
          opensAt: new Date(
            `${opensAt || taipeiInput(admin.data?.window?.opensAt ?? '')}:00+08:00`,
          ).toISOString(),
          closesAt: new Date(
            `${closesAt || taipeiInput(admin.data?.window?.closesAt ?? '')}:59+08:00`,
          ).toISOString(),
        },
      }),
    onSuccess: refresh,
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
      <Card withBorder>
        <Stack>
          <Title order={3} size="h5">
            {t('performances.admin.window', { year })}
          </Title>
          {admin.data?.window ? (
            <Text size="sm">
              {formatTaipei(admin.data.window.opensAt)} – {formatTaipei(admin.data.window.closesAt)}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('performances.window.unset', { year })}
            </Text>
          )}
          <Group grow wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('windows.opens')}
              value={opensAt}
              onChange={(e) => setOpens(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              label={t('windows.closes')}
              value={closesAt}
              onChange={(e) => setCloses(e.currentTarget.value)}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {t('windows.taipei')}
          </Text>
          <ErrorAlert error={save.error} />
          {save.isSuccess && <Alert color="teal">{t('windows.saved')}</Alert>}
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!(opensAt || admin.data?.window) || !(closesAt || admin.data?.window)}
          >
            {t('windows.save')}
          </Button>
        </Stack>
      </Card>
      <WindowExtensionCard url={`/api/v1/performance-windows/${year}/extensions`} onSaved={refresh} />
      {admin.data?.extensions.map((x) => (
        <Text size="sm" key={x.id} data-testid="performance-extension">
          {x.studentNo ? `${x.studentNo} ${x.studentName}` : t('performances.admin.wholeSchool')} →{' '}
          {formatTaipei(x.closesAt)}（{x.reason}）
        </Text>
      ))}
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
