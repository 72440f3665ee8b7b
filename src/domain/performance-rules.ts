/**
 * The rules of a 多元表現 record (SPEC.md §4.2), checked against the category table in performances.ts:
 * the server enforces `validatePerformance`, the web form mirrors it. Pure functions.
 */
import { academicYearOf, type CalendarDate, isValidDate, parseIsoDate, parseTermCode } from './calendar.js';
import { type CodeTables, enabledCodes, isValidCode } from './code-tables.js';
import { charCount, SUMMARY_MAX } from './limits.js';
import { CATEGORIES, fieldLabel, isPerformanceCategory, type PerformanceCategory } from './performances.js';

type Label = { 'zh-TW': string; en: string };

/** What a student sends for one record. Field values are strings (as typed) or numbers. */
export interface PerformanceInput {
  category: string;
  fields: Record<string, string | number | null | undefined>;
  summary: string;
  startsOn?: string | null;
  endsOn?: string | null;
  externalUrl?: string | null;
}

/** A broken rule: an error code of the server's table with its parameters. */
export interface Problem {
  code:
    | 'PERFORMANCE_CATEGORY_UNKNOWN'
    | 'PERFORMANCE_FIELD_REQUIRED'
    | 'PERFORMANCE_FIELD_UNKNOWN'
    | 'PERFORMANCE_TEXT_TOO_LONG'
    | 'PERFORMANCE_CODE_UNKNOWN'
    | 'PERFORMANCE_NUMBER_INVALID'
    | 'PERFORMANCE_DATE_INVALID'
    | 'PERFORMANCE_DATE_BEFORE_ENTRY'
    | 'PERFORMANCE_DATE_FUTURE'
    | 'PERFORMANCE_DATE_ORDER'
    | 'PERFORMANCE_TERM_INVALID'
    | 'PERFORMANCE_LINK_INVALID'
    | 'SUMMARY_REQUIRED'
    | 'SUMMARY_TOO_LONG';
  params: Record<string, string | number>;
}

export interface NormalisedPerformance {
  category: PerformanceCategory;
  fields: Record<string, string | number>;
  summary: string;
  startsOn: string | null;
  endsOn: string | null;
  externalUrl: string | null;
}

const iso = (d: CalendarDate) =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The earliest event date: 1 July of the entry year (ROC), e.g. entry 114 → 2025-07-01. */
export const earliestEventDate = (entryYear: number) => `${entryYear + 1911}-07-01`;

/** Only http and https links; returns the normalised URL or null. */
export function safeLink(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/**
 * Checks one record against its category and the dating rules: on or after 1 July of the entry year,
 * not in the future (`today`, Taiwan date), end not before start; a term not before the entry year nor
 * after the current year. Returns the normalised record or every broken rule.
 */
export function validatePerformance(
  input: PerformanceInput,
  ctx: {
    entryYear: number;
    today: string;
    currentAcademicYear: number;
    /** The school's code tables; without them, table fields are checked against the platform entries. */
    codes?: CodeTables;
  },
): { ok: true; value: NormalisedPerformance } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (code: Problem['code'], params: Problem['params'] = {}) => problems.push({ code, params });
  if (!isPerformanceCategory(input.category)) {
    add('PERFORMANCE_CATEGORY_UNKNOWN', { category: String(input.category).slice(0, 40) });
    return { ok: false, problems };
  }
  const def = CATEGORIES[input.category];
  const fields: Record<string, string | number> = {};
  for (const key of Object.keys(input.fields ?? {})) {
    if (!def.fields.some((f) => f.key === key)) add('PERFORMANCE_FIELD_UNKNOWN', { field: key.slice(0, 40) });
  }
  for (const f of def.fields) {
    const raw = input.fields?.[f.key];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    // Messages name the field as the student's form does (證照類別, not the template's 註1).
    const name = fieldLabel(f)['zh-TW'];
    const nameEn = fieldLabel(f).en;
    if (value === undefined || value === null || value === '') {
      const other = f.requiredUnless ? def.fields.find((g) => g.key === f.requiredUnless) : undefined;
      const otherValue = f.requiredUnless ? input.fields?.[f.requiredUnless] : undefined;
      if (f.required) add('PERFORMANCE_FIELD_REQUIRED', { field: name, fieldEn: nameEn });
      else if (other && (otherValue === undefined || otherValue === null || String(otherValue).trim() === ''))
        add('PERFORMANCE_FIELD_REQUIRED', {
          field: `${other.label['zh-TW']}或${name}`,
          fieldEn: `${other.label.en} or ${nameEn}`,
        });
      continue;
    }
    if (f.type === 'number') {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 100_000)
        add('PERFORMANCE_NUMBER_INVALID', { field: name, fieldEn: nameEn });
      else fields[f.key] = n;
    } else if (f.type === 'code') {
      const c = String(value);
      const known = f.table && ctx.codes ? isValidCode(ctx.codes, f.table, c) : !!f.codes && c in f.codes;
      if (!known) {
        const allowed = f.table && ctx.codes ? enabledCodes(ctx.codes, f.table) : Object.keys(f.codes ?? {});
        add('PERFORMANCE_CODE_UNKNOWN', { field: name, fieldEn: nameEn, codes: allowed.join('/') });
      } else fields[f.key] = c;
    } else if (f.type === 'term') {
      const t = parseTermCode(String(value));
      if (!t || t.academicYear < ctx.entryYear || t.academicYear > ctx.currentAcademicYear) {
        add('PERFORMANCE_TERM_INVALID', { field: name, min: ctx.entryYear, max: ctx.currentAcademicYear });
      } else fields[f.key] = String(value);
    } else {
      const s = String(value);
      const max = f.max ?? 100;
      if (charCount(s) > max) add('PERFORMANCE_TEXT_TOO_LONG', { field: name, fieldEn: nameEn, max });
      else fields[f.key] = s;
    }
  }

  const summary = (input.summary ?? '').trim();
  if (summary === '') add('SUMMARY_REQUIRED');
  else if (charCount(summary) > SUMMARY_MAX) add('SUMMARY_TOO_LONG', { max: SUMMARY_MAX });

  // Dates.
  const earliest = earliestEventDate(ctx.entryYear);
  const dateOf = (text: string | null | undefined, label: Label) => {
    if (!text) return null;
    const d = parseIsoDate(text);
    if (!d || !isValidDate(d)) {
      add('PERFORMANCE_DATE_INVALID', { field: label['zh-TW'], fieldEn: label.en });
      return undefined;
    }
    const value = iso(d);
    if (value < earliest) add('PERFORMANCE_DATE_BEFORE_ENTRY', { field: label['zh-TW'], min: earliest });
    else if (value > ctx.today) add('PERFORMANCE_DATE_FUTURE', { field: label['zh-TW'], today: ctx.today });
    return value;
  };
  const start = def.dates === 'none' ? null : dateOf(input.startsOn, def.dateLabels.start);
  const usesEnd = def.dates === 'range' || def.dates === 'openRange' || def.dates === 'optionalRange';
  const end = usesEnd && def.dateLabels.end ? dateOf(input.endsOn, def.dateLabels.end) : null;
  const startRequired = def.dates === 'range' || def.dates === 'openRange' || def.dates === 'single';
  if (startRequired && !input.startsOn)
    add('PERFORMANCE_FIELD_REQUIRED', {
      field: def.dateLabels.start['zh-TW'],
      fieldEn: def.dateLabels.start.en,
    });
  if (def.dates === 'range' && !input.endsOn && def.dateLabels.end)
    add('PERFORMANCE_FIELD_REQUIRED', { field: def.dateLabels.end['zh-TW'], fieldEn: def.dateLabels.end.en });
  if (def.dates === 'optionalRange' && input.endsOn && !input.startsOn)
    add('PERFORMANCE_FIELD_REQUIRED', {
      field: def.dateLabels.start['zh-TW'],
      fieldEn: def.dateLabels.start.en,
    });
  if (start && end && end < start) add('PERFORMANCE_DATE_ORDER');

  let externalUrl: string | null = null;
  if (input.externalUrl?.trim()) {
    externalUrl = safeLink(input.externalUrl);
    if (!externalUrl || externalUrl.length > 2000) add('PERFORMANCE_LINK_INVALID');
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      category: def.key,
      fields,
      summary,
      startsOn: start ?? null,
      endsOn: end ?? null,
      externalUrl,
    },
  };
}

/** The academic year an event happened in (shown beside the year the record belongs to). */
export function eventAcademicYear(record: { startsOn: string | null; fields: Record<string, unknown> }) {
  const date = record.startsOn ? parseIsoDate(record.startsOn) : null;
  if (date) return academicYearOf(date);
  const t = typeof record.fields.term === 'string' ? parseTermCode(record.fields.term) : null;
  return t?.academicYear ?? null;
}

/**
 * The code fields of a record that the roster wants but that are missing, or whose code is no longer
 * in the school's tables (a school code disabled since): the pre-check and the form flag them.
 */
export function performanceCodeFlags(
  record: { category: string; fields: Record<string, unknown> },
  tables: CodeTables,
): { field: string; label: Label; problem: 'missing' | 'unknown' }[] {
  if (!isPerformanceCategory(record.category)) return [];
  const out: { field: string; label: Label; problem: 'missing' | 'unknown' }[] = [];
  for (const f of CATEGORIES[record.category].fields) {
    if (!f.table) continue;
    const v = record.fields[f.key];
    if (v === undefined || v === null || v === '') {
      if (f.flagIfMissing || f.required) out.push({ field: f.key, label: f.label, problem: 'missing' });
    } else if (!isValidCode(tables, f.table, String(v))) {
      out.push({ field: f.key, label: f.label, problem: 'unknown' });
    }
  }
  return out;
}
