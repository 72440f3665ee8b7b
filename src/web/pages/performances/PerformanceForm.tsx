import { Alert, Button, Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeTables } from '../../../domain/code-tables.js';
import { charCount, SUMMARY_MAX } from '../../../domain/limits.js';
import { earliestEventDate, performanceCodeFlags } from '../../../domain/performance-rules.js';
import {
  CATEGORIES,
  type FieldDef,
  fieldLabel,
  PERFORMANCE_CATEGORIES,
  type PerformanceCategory,
} from '../../../domain/performances.js';
import { api } from '../../api/client.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FileUpload } from '../../components/FileUpload.js';
import type { PerformanceRecord } from './types.js';

type Values = Record<string, string | number | null>;

/** One category field, rendered from its definition in src/domain/performances.ts. */
function FieldInput({
  def,
  value,
  onChange,
  lang,
  tables,
}: {
  def: FieldDef;
  value: string | number | null | undefined;
  onChange: (v: string | number | null) => void;
  lang: 'zh-TW' | 'en';
  tables?: CodeTables;
}) {
  const label = fieldLabel(def)[lang];
  const common = { label, required: def.required, description: def.hint?.[lang], 'data-field': def.key };
  if (def.type === 'code') {
    // A code-table field offers the school's enabled codes (platform + its own), searchable.
    const options =
      def.table && tables
        ? tables[def.table].filter((c) => !c.disabled).map((c) => [c.code, c.label] as const)
        : Object.entries(def.codes ?? {});
    return (
      <Select
        {...common}
        searchable={!!def.table}
        clearable={!def.required}
        allowDeselect={!def.required}
        // Code-table entries show their code (students and the school talk about them by it); the
        // small fixed lists show words only.
        data={options.map(([k, l]) => ({ value: k, label: def.table ? `${k} ${l[lang]}` : l[lang] }))}
        value={value === null || value === undefined ? null : String(value)}
        onChange={(v) => onChange(v)}
      />
    );
  }
  if (def.type === 'number') {
    return (
      <NumberInput
        {...common}
        min={0}
        value={value ?? ''}
        onChange={(v) => onChange(v === '' ? null : Number(v))}
      />
    );
  }
  return (
    <TextInput
      {...common}
      maxLength={def.type === 'term' ? 4 : undefined}
      placeholder={def.type === 'term' ? '1151' : undefined}
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/**
 * Records or edits one performance: the category's own fields, dates as the category needs them (within
 * 1 July of the entry year .. today), 簡述 with the characters left, proof, media and an external link.
 * The server checks everything again and says which rule a value broke.
 */
export function PerformanceForm({
  record,
  entryYear,
  today,
  onDone,
}: {
  record?: PerformanceRecord;
  entryYear: number;
  today: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-TW';
  const [category, setCategory] = useState<PerformanceCategory | null>(record?.category ?? null);
  const [values, setValues] = useState<Values>(record?.fields ?? {});
  const [summary, setSummary] = useState(record?.summary ?? '');
  const [startsOn, setStart] = useState(record?.startsOn ?? '');
  const [endsOn, setEnd] = useState(record?.endsOn ?? '');
  const [externalUrl, setUrl] = useState(record?.externalUrl ?? '');
  const [proofFileId, setProof] = useState<string | null>(record?.proofFileId ?? null);
  const [mediaFileId, setMedia] = useState<string | null>(record?.mediaFileId ?? null);
  const def = category ? CATEGORIES[category] : null;
  const tables = useQuery({ queryKey: ['codes'], queryFn: () => api<CodeTables>('/api/v1/codes') });
  // Codes the roster wants but the record lacks (required ones are marked on their input instead).
  const flags = (
    category && tables.data ? performanceCodeFlags({ category, fields: values }, tables.data) : []
  ).filter((f) => f.problem === 'unknown' || !def?.fields.find((d) => d.key === f.field)?.required);
  const left = SUMMARY_MAX - charCount(summary);
  const min = earliestEventDate(entryYear);
  const save = useMutation({
    mutationFn: () => {
      const fields = Object.fromEntries(
        (def?.fields ?? [])
          .map((f) => [f.key, values[f.key] ?? null])
          .filter(([, v]) => v !== null && v !== ''),
      );
      const body = {
        category,
        fields,
        summary,
        startsOn: startsOn || null,
        endsOn: endsOn || null,
        externalUrl: externalUrl || null,
        proofFileId,
        mediaFileId,
      };
      return record
        ? api(`/api/v1/performances/${record.id}`, { method: 'PUT', body })
        : api('/api/v1/performances', { method: 'POST', body });
    },
    onSuccess: onDone,
  });
  const dates = def?.dates ?? 'none';
  return (
    <Stack>
      <Select
        label={t('performances.category')}
        data-testid="performance-category"
        allowDeselect={false}
        disabled={!!record}
        data={PERFORMANCE_CATEGORIES.map((c) => ({ value: c, label: CATEGORIES[c].label[lang] }))}
        value={category}
        onChange={(v) => {
          setCategory(v as PerformanceCategory);
          setValues({});
        }}
      />
      {def && (
        <>
          {def.fields.map((f) => (
            <FieldInput
              key={f.key}
              def={f}
              lang={lang}
              tables={tables.data}
              value={values[f.key]}
              onChange={(v) => setValues((prev) => ({ ...prev, [f.key]: v }))}
            />
          ))}
          {flags.length > 0 && (
            <Alert color="yellow" data-testid="performance-code-flag">
              {t('codes.missingInForm', {
                fields: flags.map((f) => f.label[lang]).join(lang === 'en' ? ', ' : '、'),
              })}
            </Alert>
          )}
          {dates !== 'none' && (
            <Group grow wrap="wrap">
              <TextInput
                type="date"
                label={def.dateLabels.start[lang]}
                required={dates !== 'optionalRange'}
                data-field="startsOn"
                min={min}
                max={today}
                value={startsOn}
                onChange={(e) => setStart(e.currentTarget.value)}
              />
              {dates !== 'single' && def.dateLabels.end && (
                <TextInput
                  type="date"
                  label={def.dateLabels.end[lang]}
                  required={dates === 'range'}
                  data-field="endsOn"
                  min={startsOn || min}
                  max={today}
                  value={endsOn}
                  onChange={(e) => setEnd(e.currentTarget.value)}
                />
              )}
            </Group>
          )}
          <Text size="xs" c="dimmed">
            {t('performances.dateRule', { min })}
          </Text>
          <Textarea
            label={t('outcomes.summary')}
            required
            data-field="summary"
            description={t('counselling.remaining', { count: left })}
            error={left < 0 ? t('counselling.summaryTooLong', { max: SUMMARY_MAX }) : undefined}
            value={summary}
            onChange={(e) => setSummary(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Text size="sm" fw={600}>
            {t('performances.proof')}
            {record?.proofFileId && proofFileId === record.proofFileId
              ? ` · ${t('performances.keepFile')}`
              : ''}
          </Text>
          <FileUpload purpose="performanceProof" onUploaded={setProof} />
          <Text size="sm" fw={600}>
            {t('performances.media')}
          </Text>
          <FileUpload purpose="performanceMedia" onUploaded={setMedia} />
          <TextInput
            label={t('performances.link')}
            data-field="externalUrl"
            placeholder="https://"
            value={externalUrl}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
          {externalUrl && <Alert color="yellow">{t('performances.linkWarning')}</Alert>}
          <ErrorAlert error={save.error} />
          <Button
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!summary.trim() || left < 0}
            data-testid="performance-save"
          >
            {record ? t('performances.saveEdit') : t('performances.save')}
          </Button>
        </>
      )}
    </Stack>
  );
}
