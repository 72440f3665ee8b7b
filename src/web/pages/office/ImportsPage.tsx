import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTaipei } from '../../../domain/time-format.js';
import { ApiError, api } from '../../api/client.js';
import { download } from '../../api/download.js';
import type { ImportBatches, ImportKinds, ImportPreview, ImportReport } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { useMe } from '../../session.js';

const MAX_MB = 20;

function ReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const stat = (label: string, value: number, color?: string) => (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={color}>
        {value}
      </Text>
    </Card>
  );
  return (
    <Stack data-testid="import-report">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {stat(t('imports.rows'), report.rows)}
        {stat(t('imports.inserted'), report.inserted)}
        {stat(t('imports.updated'), report.updated)}
        {stat(t('imports.unchanged'), report.unchanged)}
        {stat(t('imports.problems'), report.problemCount, report.problemCount > 0 ? 'red' : 'teal')}
      </SimpleGrid>
      {report.format === 'csv' && (
        <Text size="xs" c="dimmed">
          {t('imports.encodingUsed', { encoding: report.encoding })}
        </Text>
      )}
      {report.problems.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped data-testid="import-problems">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.row')}</Table.Th>
                <Table.Th>{t('imports.column')}</Table.Th>
                <Table.Th>{t('imports.value')}</Table.Th>
                <Table.Th>{t('imports.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.problems.map((p) => (
                <Table.Tr key={`${p.row}-${p.column}-${p.code}`}>
                  <Table.Td>{p.row}</Table.Td>
                  <Table.Td>{p.column}</Table.Td>
                  <Table.Td ff="monospace">{p.value}</Table.Td>
                  <Table.Td c="red">{p.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {report.problemCount > report.problems.length && (
        <Text size="sm" c="dimmed">
          {t('imports.moreProblems', { count: report.problemCount - report.problems.length })}
        </Text>
      )}
      {report.warnings.map((w) => (
        <Alert key={`${w.row}-${w.column}`} color="yellow" p="xs">
          {w.column} {w.value}: {w.message}
        </Alert>
      ))}
    </Stack>
  );
}

/** Upload → preview (every problem by row and column) → commit, all or nothing. */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const qc = useQueryClient();
  const kinds = useQuery({
    queryKey: ['import-kinds'],
    queryFn: () => api<ImportKinds>('/api/v1/imports/kinds'),
  });
  const batches = useQuery({
    queryKey: ['import-batches'],
    queryFn: () => api<ImportBatches>('/api/v1/imports/batches'),
  });
  const [kind, setKind] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<string | null>(null);
  const [year, setYear] = useState<number | string>('');
  const [semester, setSemester] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [committed, setCommitted] = useState<ImportReport | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const upload = useMutation({
    mutationFn: async () => {
      if (!kind || !file) throw new Error(t('imports.pickFile'));
      if (file.size > MAX_MB * 1_048_576) throw new Error(t('imports.tooLarge', { mb: MAX_MB }));
      const params = new URLSearchParams({ filename: file.name });
      if (encoding) params.set('encoding', encoding);
      if (year) params.set('academicYear', String(year));
      if (semester) params.set('semester', semester);
      return api<ImportPreview>(`/api/v1/imports/${kind}?${params}`, { method: 'POST', raw: file });
    },
    onMutate: () => {
      setPreview(null);
      setCommitted(null);
    },
    onSuccess: setPreview,
  });
  const commit = useMutation({
    mutationFn: () =>
      api<ImportReport>(`/api/v1/imports/batches/${preview?.batchId}/commit`, { method: 'POST' }),
    onSuccess: (r) => {
      setCommitted(r);
      setPreview(null);
      setFile(null);
      void qc.invalidateQueries();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'IMPORT_HAS_PROBLEMS' && preview) {
        setPreview({ ...preview, report: e.details as ImportReport });
      }
    },
  });
  const selected = kinds.data?.find((k) => k.kind === kind);
  const canExport = me?.roles.some((r) => r === 'academicAdmin' || r === 'studentAffairs');

  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('nav.imports')}</Title>
      <Text size="sm" c="dimmed">
        {t('imports.intro')}
      </Text>
      <Loading query={kinds}>
        {(list) => (
          <Card withBorder>
            <Stack>
              <Select
                label={t('imports.kind')}
                data-testid="import-kind"
                allowDeselect={false}
                data={list.map((k) => ({ value: k.kind, label: k.title[lang] }))}
                value={kind}
                onChange={(v) => {
                  setKind(v);
                  setPreview(null);
                  setCommitted(null);
                }}
              />
              {selected && (
                <Group gap={4}>
                  <Text size="sm">{t('imports.columns')}</Text>
                  {selected.fields.map((f) => (
                    <Badge key={f.key} variant={f.required ? 'filled' : 'light'} size="sm">
                      {f.header}
                      {lang === 'en' && t(`offices.column.${f.header}`, { defaultValue: '' })
                        ? ` (${t(`offices.column.${f.header}`)})`
                        : ''}
                    </Badge>
                  ))}
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() =>
                      download(`/api/v1/imports/${selected.kind}/template`).catch(setDownloadError)
                    }
                  >
                    {t('imports.template')}
                  </Button>
                  {canExport && (
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => download(`/api/v1/exports/${selected.kind}`).catch(setDownloadError)}
                    >
                      {t('imports.export')}
                    </Button>
                  )}
                </Group>
              )}
              <FileInput
                label={t('imports.file')}
                description={t('imports.fileHint', { mb: MAX_MB })}
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                value={file}
                onChange={setFile}
                clearable
                data-testid="import-file"
              />
              <Group grow wrap="wrap">
                <Select
                  label={t('imports.encoding')}
                  placeholder={t('imports.encodingAuto')}
                  clearable
                  data={[
                    { value: 'utf-8', label: 'UTF-8' },
                    { value: 'big5', label: 'Big5' },
                  ]}
                  value={encoding}
                  onChange={setEncoding}
                />
                <NumberInput
                  label={t('imports.academicYear')}
                  min={100}
                  max={200}
                  value={year}
                  onChange={setYear}
                />
                <Select
                  label={t('imports.semester')}
                  clearable
                  data={['1', '2']}
                  value={semester}
                  onChange={setSemester}
                />
              </Group>
              <ErrorAlert error={upload.error ?? downloadError} />
              <Button onClick={() => upload.mutate()} loading={upload.isPending} disabled={!kind || !file}>
                {t('imports.preview')}
              </Button>
            </Stack>
          </Card>
        )}
      </Loading>

      {preview && (
        <Card withBorder>
          <Stack>
            <Title order={3} size="h4">
              {t('imports.previewTitle')}
            </Title>
            <ReportView report={preview.report} />
            {preview.report.problemCount > 0 ? (
              <Alert color="red">{t('imports.fixFirst')}</Alert>
            ) : (
              <Button color="teal" onClick={() => commit.mutate()} loading={commit.isPending}>
                {t('imports.commit', { count: preview.report.rows })}
              </Button>
            )}
            <ErrorAlert error={commit.error} />
          </Stack>
        </Card>
      )}
      {committed && (
        <Alert color="teal" data-testid="import-committed">
          {t('imports.done', {
            inserted: committed.inserted,
            updated: committed.updated,
            unchanged: committed.unchanged,
          })}
        </Alert>
      )}

      <Title order={3} size="h4">
        {t('imports.recent')}
      </Title>
      <Loading query={batches}>
        {(rows) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Tbody>
                {rows.map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>{formatTaipei(b.createdAt)}</Table.Td>
                    <Table.Td>{list(kinds.data, b.kind, lang)}</Table.Td>
                    <Table.Td>{b.filename}</Table.Td>
                    <Table.Td>{b.rows}</Table.Td>
                    <Table.Td>
                      <Badge
                        color={b.status === 'committed' ? 'teal' : b.problemCount > 0 ? 'red' : 'gray'}
                        variant="light"
                      >
                        {b.status === 'committed'
                          ? t('imports.statusCommitted')
                          : t('imports.statusPreviewed', { count: b.problemCount })}
                      </Badge>
                    </Table.Td>
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

const list = (kinds: ImportKinds | undefined, kind: string, lang: 'zh-TW' | 'en') =>
  kinds?.find((k) => k.kind === kind)?.title[lang] ?? kind;
