import { Select, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTerm } from '../../../domain/calendar.js';
import { api } from '../../api/client.js';
import type { Terms } from '../../api/types.js';
import { WindowsAdmin } from '../../components/windows/WindowsAdmin.js';
import { useMe } from '../../session.js';

/**
 * 各項期間 (教務處 and 學務處): the windows of the chosen term and its academic year with their dates,
 * states and every extension; each office changes its own kinds (windows/WindowsAdmin).
 */
export function WindowsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const { data: me } = useMe();
  const terms = useQuery({ queryKey: ['terms'], queryFn: () => api<Terms>('/api/v1/terms') });
  const [chosen, setTermId] = useState<string | null>(null);
  const current = (terms.data ?? []).find(
    (x) => x.academicYear === me?.currentTerm.academicYear && x.semester === me?.currentTerm.semester,
  );
  const termId = chosen ?? current?.id ?? terms.data?.[0]?.id ?? null;
  const term = (terms.data ?? []).find((x) => x.id === termId);
  const termLabel = (x: { academicYear: number; semester: number }) =>
    formatTerm({ academicYear: x.academicYear, semester: x.semester as 1 | 2 }, lang);
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('nav.windows')}</Title>
      <Select
        label={t('courses.term')}
        data={(terms.data ?? []).map((x) => ({ value: x.id, label: termLabel(x) }))}
        value={termId}
        onChange={setTermId}
        allowDeselect={false}
        w={260}
        data-testid="windows-term"
      />
      {termId && term && <WindowsAdmin termId={termId} termLabel={termLabel(term)} />}
    </Stack>
  );
}
