/**
 * 多元表現 (SPEC.md §4.2): the ten categories as data — their fields, code lists, dates and rules — and
 * the one validation the server enforces and the web forms mirror. Adding a field or a category is a
 * change here only: the server's checks, the forms and the lists all read this table.
 */
import { academicYearOf, type CalendarDate, isValidDate, parseIsoDate, parseTermCode } from './calendar.js';
import { CADRE_LEVELS } from './codes.js';
import { charCount, SUMMARY_MAX } from './limits.js';

type Label = { 'zh-TW': string; en: string };
type Codes = Record<string, Label>;

export interface FieldDef {
  key: string;
  /** zh-TW is the 名冊 column name. */
  label: Label;
  type: 'text' | 'code' | 'number' | 'term';
  required: boolean;
  /** For `code`: the exchange values and their labels. */
  codes?: Codes;
  /** For `text`: at most this many characters (default 100). */
  max?: number;
  hint?: Label;
}

/**
 * How a category dates its event: a range (start and end required), a range that may still be running
 * (end optional), an optional range, one date, or none (the term field places it).
 */
export type DateMode = 'range' | 'openRange' | 'optionalRange' | 'single' | 'none';

export interface CategoryDef {
  key: PerformanceCategory;
  label: Label;
  dates: DateMode;
  /** Label of the single date (e.g. 結果公布日期), or of the start/end dates. */
  dateLabels: { start: Label; end?: Label };
  fields: FieldDef[];
}

export const PERFORMANCE_CATEGORIES = [
  'cadre',
  'competition',
  'certificate',
  'service',
  'flexible',
  'groupActivity',
  'workplace',
  'work',
  'advancedCourse',
  'other',
] as const;
export type PerformanceCategory = (typeof PERFORMANCE_CATEGORIES)[number];

const l = (zh: string, en: string): Label => ({ 'zh-TW': zh, en });
const text = (key: string, label: Label, required = true, max = 100): FieldDef => ({
  key,
  label,
  type: 'text',
  required,
  max,
});
const num = (key: string, label: Label, required = false): FieldDef => ({
  key,
  label,
  type: 'number',
  required,
});
const code = (key: string, label: Label, codes: Codes, required = true): FieldDef => ({
  key,
  label,
  type: 'code',
  required,
  codes,
});
const term: FieldDef = {
  key: 'term',
  label: l('學年度學期', 'academic year and semester'),
  type: 'term',
  required: true,
  hint: l('例如 1131 = 113學年度第1學期', 'e.g. 1131 = academic year 113, semester 1'),
};
const RANGE = { start: l('開始日期', 'start date'), end: l('結束日期', 'end date') };

export const COMPETITION_LEVELS: Codes = {
  1: l('校級', 'school'),
  2: l('縣市', 'city or county'),
  3: l('全國', 'national'),
  4: l('國際', 'international'),
};
export const GROUP_PARTICIPATION: Codes = { 1: l('個人', 'individual'), 2: l('團體', 'team') };
export const CERTIFICATE_KINDS: Codes = {
  1: l('語文', 'language'),
  2: l('技術士', 'technician'),
  3: l('其他', 'other'),
};
/** 彈性學習時間 (108 curriculum). */
export const FLEXIBLE_KINDS: Codes = {
  1: l('自主學習', 'self-directed learning'),
  2: l('選手培訓', 'competition training'),
  3: l('充實(增廣)性教學', 'enrichment'),
  4: l('補強性教學', 'remedial teaching'),
  5: l('學校特色活動', 'school feature activity'),
};
/** 團體活動時間 (108 curriculum). */
export const GROUP_ACTIVITY_KINDS: Codes = {
  1: l('社團活動', 'club activity'),
  2: l('班級活動', 'class activity'),
  3: l('學生自治會活動', 'student council'),
  4: l('學生服務學習活動', 'service learning'),
  5: l('週會或講座', 'assembly or lecture'),
};

const CATEGORY_LIST: CategoryDef[] = [
  {
    key: 'cadre',
    label: l('幹部經歷', 'leadership role'),
    dates: 'openRange',
    dateLabels: RANGE,
    fields: [
      text('unit', l('單位名稱', 'organisation')),
      text('position', l('擔任職務', 'position')),
      code('level', l('幹部等級', 'level'), CADRE_LEVELS as Codes),
    ],
  },
  {
    key: 'competition',
    label: l('競賽參與', 'competition'),
    dates: 'single',
    dateLabels: { start: l('結果公布日期', 'results announced on') },
    fields: [
      text('name', l('競賽名稱', 'competition')),
      text('item', l('項目', 'event or division'), false),
      text('field', l('競賽領域', 'field'), false, 50),
      code('level', l('競賽等級', 'level'), COMPETITION_LEVELS),
      text('award', l('獎項', 'award'), true, 50),
      code('participation', l('團體參與', 'participation'), GROUP_PARTICIPATION),
    ],
  },
  {
    key: 'certificate',
    label: l('檢定證照', 'certificate or test'),
    dates: 'single',
    dateLabels: { start: l('取得證照日期', 'obtained on') },
    fields: [
      text('certificate', l('證照代碼/名稱', 'certificate code or name')),
      code('kind', l('註1', 'kind'), CERTIFICATE_KINDS),
      num('score', l('分數', 'score')),
      text('subscores', l('分項結果', 'part results'), false),
      text('number', l('證照字號', 'certificate number'), false, 50),
      text('group', l('檢定組別', 'test group'), false, 50),
    ],
  },
  {
    key: 'service',
    label: l('志工服務', 'volunteer service'),
    dates: 'range',
    dateLabels: RANGE,
    fields: [
      text('name', l('服務名稱', 'service')),
      text('organisation', l('服務單位', 'organisation')),
      num('hours', l('時數', 'hours'), true),
    ],
  },
  {
    key: 'flexible',
    label: l('彈性學習時間', 'flexible learning time'),
    dates: 'optionalRange',
    dateLabels: RANGE,
    fields: [
      code('kind', l('類別', 'kind'), FLEXIBLE_KINDS),
      text('name', l('名稱', 'title')),
      text('organiser', l('主辦單位', 'organiser'), false),
      term,
      num('periodsPerWeek', l('每週節數', 'periods per week')),
      num('weeks', l('週數', 'weeks')),
      num('hours', l('時數', 'hours')),
    ],
  },
  {
    key: 'groupActivity',
    label: l('團體活動時間', 'group activity time'),
    dates: 'none',
    dateLabels: RANGE,
    fields: [
      code('kind', l('類別', 'kind'), GROUP_ACTIVITY_KINDS),
      text('unit', l('單位', 'organisation')),
      text('name', l('名稱', 'title')),
      term,
      num('periods', l('節數', 'periods')),
    ],
  },
  {
    key: 'workplace',
    label: l('職場學習', 'workplace learning'),
    dates: 'range',
    dateLabels: RANGE,
    fields: [
      text('kind', l('類別', 'kind'), true, 50),
      text('unit', l('單位', 'organisation')),
      text('title', l('職稱', 'job title'), true, 50),
      num('hours', l('時數', 'hours'), true),
    ],
  },
  {
    key: 'work',
    label: l('作品成果', 'work'),
    dates: 'single',
    dateLabels: { start: l('日期', 'date') },
    fields: [text('name', l('名稱', 'title'))],
  },
  {
    key: 'advancedCourse',
    label: l('大學及技專先修課程', 'university advanced course'),
    dates: 'single',
    dateLabels: { start: l('日期', 'date') },
    fields: [
      text('programme', l('計畫', 'programme'), false),
      text('provider', l('開設單位', 'provider')),
      text('course', l('課程名稱', 'course')),
      num('credits', l('學分', 'credits')),
      num('hours', l('時數', 'hours')),
    ],
  },
  {
    key: 'other',
    label: l('其他活動', 'other activity'),
    dates: 'optionalRange',
    dateLabels: RANGE,
    fields: [
      text('name', l('名稱', 'title')),
      text('organiser', l('主辦單位', 'organiser'), false),
      num('hours', l('時數', 'hours')),
    ],
  },
];

export const CATEGORIES = Object.fromEntries(CATEGORY_LIST.map((c) => [c.key, c])) as Record<
  PerformanceCategory,
  CategoryDef
>;

export const isPerformanceCategory = (v: string): v is PerformanceCategory =>
  (PERFORMANCE_CATEGORIES as readonly string[]).includes(v);

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
  ctx: { entryYear: number; today: string; currentAcademicYear: number },
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
    const name = f.label['zh-TW'];
    const nameEn = f.label.en;
    if (value === undefined || value === null || value === '') {
      if (f.required) add('PERFORMANCE_FIELD_REQUIRED', { field: name, fieldEn: nameEn });
      continue;
    }
    if (f.type === 'number') {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 100_000)
        add('PERFORMANCE_NUMBER_INVALID', { field: name, fieldEn: nameEn });
      else fields[f.key] = n;
    } else if (f.type === 'code') {
      const c = String(value);
      if (!f.codes || !(c in f.codes)) {
        add('PERFORMANCE_CODE_UNKNOWN', {
          field: name,
          fieldEn: nameEn,
          codes: Object.keys(f.codes ?? {}).join('/'),
        });
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
