import { Alert, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { StudentList } from '../api/types.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * Extends a window (course-outcome or performance) for the whole school or, by 學號, one student (e.g.
 * illness); the server audits it. `url` is the window's extensions endpoint.
 */
export function WindowExtensionCard({ url, onSaved }: { url: string; onSaved?: () => void }) {
  const { t } = useTranslation();
  const [closesAt, setCloses] = useState('');
  const [reason, setReason] = useState('');
  const [studentNo, setStudentNo] = useState('');
  const save = useMutation({
    mutationFn: async () => {
      // For one student (e.g. illness): find them by 學號; otherwise the whole school.
      let studentId: string | undefined;
      if (studentNo.trim()) {
        const found = await api<StudentList>(
          `/api/v1/students?q=${encodeURIComponent(studentNo.trim())}&pageSize=20`,
        );
        studentId = found.items.find((s) => s.studentNo === studentNo.trim())?.id;
        if (!studentId) throw new Error(t('windows.noSuchStudent'));
      }
      return api(url, {
        method: 'POST',
        body: {
          closesAt: new Date(`${closesAt}:59+08:00`).toISOString(),
          reason,
          ...(studentId ? { studentId } : {}),
        },
      });
    },
    onSuccess: onSaved,
  });
  return (
    <Card withBorder>
      <Stack>
        <Text fw={600}>{t('windows.extend')}</Text>
        <Group grow wrap="wrap">
          <TextInput
            type="datetime-local"
            label={t('windows.closes')}
            value={closesAt}
            onChange={(e) => setCloses(e.currentTarget.value)}
          />
          <TextInput
            label={t('windows.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <TextInput
            label={t('windows.studentNo')}
            value={studentNo}
            onChange={(e) => setStudentNo(e.currentTarget.value)}
          />
        </Group>
        <ErrorAlert error={save.error} />
        {save.isSuccess && <Alert color="teal">{t('windows.saved')}</Alert>}
        <Button
          variant="light"
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!closesAt || !reason}
        >
          {t('windows.extendSave')}
        </Button>
      </Stack>
    </Card>
  );
}
