import { Anchor, Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CADRE_LEVELS } from '../../../domain/codes.js';
import { eventAcademicYear } from '../../../domain/performance-rules.js';
import { CATEGORIES, fieldLabel, PERFORMANCE_CATEGORIES } from '../../../domain/performances.js';
import type { PerformanceRecord, SchoolCadre } from './types.js';

const domainOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
};

/** One record: category, 簡述, its fields with labels, dates (and the event's own year), files, link. */
function RecordCard({
  r,
  lang,
  actions,
}: {
  r: PerformanceRecord;
  lang: 'zh-TW' | 'en';
  actions?: (r: PerformanceRecord) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const def = CATEGORIES[r.category];
  const eventYear = eventAcademicYear(r);
  const fieldText = def.fields
    .filter((f) => r.fields[f.key] !== undefined && f.key !== 'term')
    .map((f) => {
      const v = r.fields[f.key];
      const shown = f.type === 'code' ? (f.codes?.[String(v)]?.[lang] ?? v) : v;
      return `${fieldLabel(f)[lang]}${lang === 'en' ? ': ' : '：'}${shown}`;
    })
    .join('　');
  return (
    <Card withBorder data-testid="performance-card">
      <Group justify="space-between">
        <Group gap="xs">
          <Badge variant="light">{def.label[lang]}</Badge>
          <Text fw={600}>{r.summary}</Text>
        </Group>
        {actions?.(r)}
      </Group>
      <Text size="sm" mt={4}>
        {fieldText}
      </Text>
      <Text size="xs" c="dimmed" mt={4}>
        {[r.startsOn, r.endsOn].filter(Boolean).join(' – ')}
        {r.fields.term ? ` ${r.fields.term}` : ''}
        {eventYear !== null && eventYear !== r.academicYear
          ? ` · ${t('performances.eventYear', { year: eventYear })}`
          : ''}
      </Text>
      <Group gap="md" mt={4}>
        {r.proofFileId && (
          <Anchor size="sm" href={`/api/v1/files/${r.proofFileId}/content`}>
            {t('performances.proof')}
          </Anchor>
        )}
        {r.mediaFileId && (
          <Anchor size="sm" href={`/api/v1/files/${r.mediaFileId}/content`}>
            {t('performances.media')}
          </Anchor>
        )}
        {r.externalUrl && (
          <Text size="sm">
            <Anchor href={r.externalUrl} target="_blank" rel="noopener noreferrer nofollow">
              {domainOf(r.externalUrl)}
            </Anchor>{' '}
            <Text span size="xs" c="dimmed">
              {t('performances.linkNotStored')}
            </Text>
          </Text>
        )}
      </Group>
    </Card>
  );
}

/**
 * A student's performances grouped by academic year and category, with the school-entered cadre records
 * (學校登錄, read-only) of each year; filters by year and category and a text search.
 */
export function PerformanceList({
  records,
  schoolCadre,
  actions,
}: {
  records: PerformanceRecord[];
  schoolCadre: SchoolCadre[];
  actions?: (r: PerformanceRecord) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const [year, setYear] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const needle = q.trim().toLowerCase();
  const shown = records.filter(
    (r) =>
      (!year || String(r.academicYear) === year) &&
      (!category || r.category === category) &&
      (!needle || `${r.summary} ${Object.values(r.fields).join(' ')}`.toLowerCase().includes(needle)),
  );
  const cadre = schoolCadre.filter(
    (c) =>
      (!year || String(c.academicYear) === year) &&
      (!category || category === 'cadre') &&
      (!needle || `${c.unit} ${c.position}`.toLowerCase().includes(needle)),
  );
  const years = [
    ...new Set([...records.map((r) => r.academicYear), ...schoolCadre.map((c) => c.academicYear)]),
  ].sort((a, b) => b - a);
  const visibleYears = years.filter((y) => !year || String(y) === year);
  return (
    <Stack>
      <Group grow wrap="wrap">
        <Select
          label={t('performances.year')}
          clearable
          data={years.map((y) => ({ value: String(y), label: t('performances.yearLabel', { year: y }) }))}
          value={year}
          onChange={setYear}
        />
        <Select
          label={t('performances.category')}
          clearable
          data={PERFORMANCE_CATEGORIES.map((c) => ({ value: c, label: CATEGORIES[c].label[lang] }))}
          value={category}
          onChange={setCategory}
        />
        <TextInput label={t('performances.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      </Group>
      {shown.length === 0 && cadre.length === 0 && <Text c="dimmed">{t('performances.none')}</Text>}
      {visibleYears.map((y) => {
        const ofYear = shown.filter((r) => r.academicYear === y);
        const cadreOfYear = cadre.filter((c) => c.academicYear === y);
        if (ofYear.length === 0 && cadreOfYear.length === 0) return null;
        return (
          <Stack key={y} data-testid={`performance-year-${y}`}>
            <Title order={3} size="h4">
              {t('performances.yearLabel', { year: y })}
            </Title>
            {PERFORMANCE_CATEGORIES.map((c) => {
              const items = ofYear.filter((r) => r.category === c);
              const school = c === 'cadre' ? cadreOfYear : [];
              if (items.length === 0 && school.length === 0) return null;
              return (
                <Stack key={c} gap="xs">
                  <Text fw={600} size="sm" c="dimmed">
                    {CATEGORIES[c].label[lang]}
                  </Text>
                  {school.map((s) => (
                    <Card withBorder key={s.id} data-testid="school-cadre-card">
                      <Group gap="xs">
                        <Badge color="gray">{t('performances.schoolEntered')}</Badge>
                        <Text fw={600}>
                          {s.unit} {s.position}
                        </Text>
                      </Group>
                      <Text size="xs" c="dimmed">
                        {CADRE_LEVELS[s.level]?.[lang]} · {s.startsOn}
                        {s.endsOn ? ` – ${s.endsOn}` : ''}
                      </Text>
                    </Card>
                  ))}
                  {items.map((r) => (
                    <RecordCard key={r.id} r={r} lang={lang} actions={actions} />
                  ))}
                </Stack>
              );
            })}
          </Stack>
        );
      })}
    </Stack>
  );
}

export function EditDeleteButtons({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs">
      <Button size="compact-xs" variant="subtle" onClick={onEdit} data-testid="performance-edit">
        {t('performances.edit')}
      </Button>
      <Button size="compact-xs" variant="subtle" color="red" onClick={onDelete}>
        {t('performances.delete')}
      </Button>
    </Group>
  );
}
