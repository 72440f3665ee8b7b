import {
  Alert,
  Anchor,
  Button,
  Card,
  Code,
  Group,
  NumberInput,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { academicYearOf, taipeiDateOf } from '../../../domain/calendar.js';
import { api } from '../../api/client.js';
import { download } from '../../api/download.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useMe } from '../../session.js';

type Label = { 'zh-TW': string; en: string };
interface RosterDef {
  roster: number;
  version: string;
  title: Label;
  cadence: 'semester' | 'year';
  mine: boolean;
}
interface Precheck {
  roster: number;
  semester: number;
  rows: { sheet: string; rows: number }[];
  missingSources: string[];
  problems: {
    rule: string;
    sheet: string;
    row: number;
    column: string | null;
    studentId: string | null;
    studentNo: string | null;
    studentName: string | null;
    message: Label;
  }[];
}
interface Pkg {
  id: string;
  academicYear: number;
  semester: number;
  roster: number;
  status: 'queued' | 'building' | 'built' | 'failed';
  progressDone: number;
  progressTotal: number;
  error: string | null;
  createdAt: string;
  sha256: string | null;
  createdBy: string | null;
}

const TAIPEI = { timeZone: 'Asia/Taipei' } as const;

/** 教務處 / 學務處: pre-check a roster, build its package (background job), history and downloads. */
export function SubmissionsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [year, setYear] = useState<number>(
    me?.currentTerm.academicYear ?? academicYearOf(taipeiDateOf(new Date())),
  );
  const [semester, setSemester] = useState<string>(String(me?.currentTerm.semester ?? 1));
  const [roster, setRoster] = useState<string | null>(null);
  const rosters = useQuery({
    queryKey: ['rosters'],
    queryFn: () => api<RosterDef[]>('/api/v1/submissions/rosters'),
  });
  const mine = (rosters.data ?? []).filter((r) => r.mine);
  const chosen = mine.find((r) => String(r.roster) === roster) ?? mine[0];
  const query = () =>
    `year=${year}&roster=${chosen?.roster}${chosen?.cadence === 'semester' ? `&semester=${semester}` : ''}`;
  const history = useQuery({
    queryKey: ['submissions'],
    queryFn: () => api<Pkg[]>('/api/v1/submissions'),
    refetchInterval: (q) =>
      (q.state.data ?? []).some((p) => p.status === 'queued' || p.status === 'building') ? 1000 : false,
  });
  const key = useQuery({
    queryKey: ['submission-key'],
    queryFn: () => api<{ fingerprint: string }>('/api/v1/submissions/public-key'),
  });
  const check = useMutation({ mutationFn: () => api<Precheck>(`/api/v1/submissions/precheck?${query()}`) });
  const build = useMutation({
    mutationFn: () =>
      api<Pkg>('/api/v1/submissions', {
        method: 'POST',
        body: {
          year,
          roster: chosen?.roster,
          ...(chosen?.cadence === 'semester' ? { semester: Number(semester) } : {}),
        },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['submissions'] }),
  });
  const fetchFile = useMutation({ mutationFn: (path: string) => download(path) });
  const result = check.data;

  return (
    <Stack>
      <Title order={2}>{t('submissions.title')}</Title>
      <Text c="dimmed">{t('submissions.intro')}</Text>
      <Card withBorder>
        <Group align="end">
          <Select
            label={t('submissions.roster')}
            data-testid="submission-roster"
            data={mine.map((r) => ({ value: String(r.roster), label: `${r.roster} ${r.title[lang]}` }))}
            value={chosen ? String(chosen.roster) : null}
            onChange={(v) => {
              setRoster(v);
              check.reset();
            }}
            allowDeselect={false}
            w={280}
          />
          <NumberInput
            label={t('submissions.year')}
            data-testid="submission-year"
            value={year}
            onChange={(v) => setYear(Number(v))}
            w={110}
          />
          {chosen?.cadence === 'semester' ? (
            <Select
              label={t('submissions.semester')}
              data={['1', '2']}
              value={semester}
              onChange={(v) => setSemester(v ?? '1')}
              allowDeselect={false}
              w={90}
            />
          ) : (
            <Text size="sm" pb={8}>
              {t('submissions.yearly')}
            </Text>
          )}
          <Button onClick={() => check.mutate()} loading={check.isPending} disabled={!chosen}>
            {t('submissions.precheck')}
          </Button>
          <Button
            variant="light"
            onClick={() => fetchFile.mutate(`/api/v1/submissions/precheck.xlsx?${query()}`)}
            disabled={!chosen}
          >
            {t('submissions.precheckXlsx')}
          </Button>
          <Button color="green" onClick={() => build.mutate()} loading={build.isPending} disabled={!chosen}>
            {t('submissions.build')}
          </Button>
        </Group>
      </Card>
      <ErrorAlert error={check.error ?? build.error ?? fetchFile.error} />
      {build.isSuccess && <Alert color="blue">{t('submissions.queued')}</Alert>}
      {result && (
        <Card withBorder>
          <Stack>
            <Text size="sm">
              {t('submissions.rows')}: {result.rows.map((r) => `${r.sheet.trim()} ${r.rows}`).join('、')}
            </Text>
            {result.missingSources.length > 0 && (
              <Text size="sm" c="dimmed">
                {t('submissions.missingSources', { sources: result.missingSources.join(', ') })}
              </Text>
            )}
            {result.problems.length === 0 ? (
              <Alert color="green">{t('submissions.noProblems')}</Alert>
            ) : (
              <>
                <Alert color="orange">{t('submissions.problems', { count: result.problems.length })}</Alert>
                <Table striped data-testid="precheck-problems">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('submissions.sheet')}</Table.Th>
                      <Table.Th>{t('submissions.row')}</Table.Th>
                      <Table.Th>{t('submissions.column')}</Table.Th>
                      <Table.Th>{t('submissions.student')}</Table.Th>
                      <Table.Th>{t('submissions.problem')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.problems.map((p) => (
                      <Table.Tr key={`${p.sheet}-${p.row}-${p.rule}-${p.column}`}>
                        <Table.Td>{p.sheet.trim()}</Table.Td>
                        <Table.Td>{p.row}</Table.Td>
                        <Table.Td>{p.column ?? ''}</Table.Td>
                        <Table.Td>{p.studentNo ? `${p.studentNo} ${p.studentName ?? ''}` : ''}</Table.Td>
                        <Table.Td>{p.message[lang]}</Table.Td>
                        <Table.Td>
                          {p.studentId ? (
                            <Anchor component={Link} to={`/students/${p.studentId}/portfolio`}>
                              {t('submissions.fix')}
                            </Anchor>
                          ) : (
                            <Anchor component={Link} to="/courses">
                              {t('submissions.fix')}
                            </Anchor>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </>
            )}
          </Stack>
        </Card>
      )}
      <Title order={3}>{t('submissions.history')}</Title>
      <Table striped data-testid="submission-history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('submissions.when')}</Table.Th>
            <Table.Th>{t('submissions.roster')}</Table.Th>
            <Table.Th>
              {t('submissions.year')}-{t('submissions.semester')}
            </Table.Th>
            <Table.Th>{t('submissions.who')}</Table.Th>
            <Table.Th>{t('submissions.status')}</Table.Th>
            <Table.Th>{t('submissions.sha256')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(history.data ?? []).map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>{new Date(p.createdAt).toLocaleString(lang, TAIPEI)}</Table.Td>
              <Table.Td>{p.roster}</Table.Td>
              <Table.Td>
                {p.academicYear}-{p.semester}
              </Table.Td>
              <Table.Td>{p.createdBy ?? t('submissions.cli')}</Table.Td>
              <Table.Td>
                {t(`submissions.statuses.${p.status}`)}
                {p.status === 'building' && p.progressTotal > 0 && (
                  <Progress value={(100 * p.progressDone) / p.progressTotal} size="sm" mt={4} />
                )}
                {p.error && (
                  <Text size="xs" c="red">
                    {p.error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Code>{p.sha256 ? `${p.sha256.slice(0, 16)}…` : ''}</Code>
              </Table.Td>
              <Table.Td>
                {p.status === 'built' && (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => fetchFile.mutate(`/api/v1/submissions/${p.id}/download`)}
                  >
                    {t('submissions.download')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {key.data && (
        <Text size="sm" c="dimmed">
          {t('submissions.publicKey')}: <Code>{key.data.fingerprint}</Code>
        </Text>
      )}
    </Stack>
  );
}
