import { Alert, Button, Card, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';

/** Windows are Taiwan's: shown in Taipei time whatever the browser's zone. */

import { formatTaipei } from '../../../domain/time-format.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { PerformanceForm } from './PerformanceForm.js';
import { EditDeleteButtons, PerformanceList } from './PerformanceList.js';
import type { MyPerformances, PerformanceRecord, SchoolCadre } from './types.js';

/** The student's 多元表現: record while this year's window is open; earlier years read-only. */
export function MyPerformancesPage() {
  const { t, i18n } = useTranslation();
  const _lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: ['performances', 'mine'],
    queryFn: () => api<MyPerformances>('/api/v1/performances'),
  });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<PerformanceRecord | null>(null);
  const refresh = () => {
    setAdding(false);
    setEditing(null);
    void qc.invalidateQueries({ queryKey: ['performances'] });
    void qc.invalidateQueries({ queryKey: ['portfolio'] });
  };
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/performances/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('nav.performances')}</Title>
      <Loading query={query}>
        {(p) => {
          const open = p.window?.state === 'open';
          return (
            <>
              {p.window ? (
                <Alert color={open ? 'teal' : 'gray'} data-testid="performance-window">
                  {t(`performances.window.${open ? 'open' : 'closed'}`, {
                    year: p.academicYear,
                    from: formatTaipei(p.window.opensAt),
                    to: formatTaipei(p.window.closesAt),
                  })}
                </Alert>
              ) : (
                <Alert color="gray">{t('performances.window.unset', { year: p.academicYear })}</Alert>
              )}
              <Text size="sm" c="dimmed">
                {t('performances.intro', { year: p.academicYear })}
              </Text>
              {open && (
                <Card withBorder>
                  {adding ? (
                    <Stack>
                      <PerformanceForm entryYear={p.entryYear} today={p.today} onDone={refresh} />
                      <Button variant="subtle" onClick={() => setAdding(false)}>
                        {t('performances.cancel')}
                      </Button>
                    </Stack>
                  ) : (
                    <Button onClick={() => setAdding(true)} data-testid="performance-add">
                      {t('performances.add')}
                    </Button>
                  )}
                </Card>
              )}
              <ErrorAlert error={remove.error} />
              <PerformanceList
                records={p.records}
                schoolCadre={p.schoolCadre}
                actions={(r) =>
                  open && r.academicYear === p.academicYear ? (
                    <EditDeleteButtons
                      onEdit={() => setEditing(r)}
                      onDelete={() => {
                        if (window.confirm(t('performances.confirmDelete'))) remove.mutate(r.id);
                      }}
                    />
                  ) : null
                }
              />
              <Modal
                opened={!!editing}
                onClose={() => setEditing(null)}
                title={t('performances.edit')}
                size="lg"
              >
                {editing && (
                  <PerformanceForm
                    record={editing}
                    entryYear={p.entryYear}
                    today={p.today}
                    onDone={refresh}
                  />
                )}
              </Modal>
            </>
          );
        }}
      </Loading>
    </Stack>
  );
}

/** A student's performances, read-only (parents, homeroom, offices, counsellor); the server decides. */
export function StudentPerformances({ studentId }: { studentId: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['performances', 'student', studentId],
    queryFn: () =>
      api<{ records: PerformanceRecord[]; schoolCadre: SchoolCadre[] }>(
        `/api/v1/students/${studentId}/performances`,
      ),
    retry: false,
  });
  if (query.error) return null;
  return (
    <Stack data-testid="student-performances">
      <Title order={3} size="h4">
        {t('nav.performances')}
      </Title>
      {query.data && <PerformanceList records={query.data.records} schoolCadre={query.data.schoolCadre} />}
    </Stack>
  );
}
