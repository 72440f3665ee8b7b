/**
 * 多元表現 (SPEC.md §4.2): the ten categories as data — their fields, code lists and how they date their
 * events. The one validation (performance-rules.ts), the server, the web forms and the lists all read
 * this table: adding a field or a category is a change here only.
 */
import { type CodeDomain, PLATFORM_CODES } from './code-tables.js';
import { CADRE_LEVELS } from './codes.js';

type Label = { 'zh-TW': string; en: string };
type Codes = Record<string, Label>;

export interface FieldDef {
  key: string;
  /** zh-TW is the 名冊 column name (exports, imports). */
  label: Label;
  /**
   * What a student reads instead, where the 名冊 column name is a template code (註1) or unclear;
   * forms and error messages use `fieldLabel`.
   */
  display?: Label;
  type: 'text' | 'code' | 'number' | 'term';
  required: boolean;
  /** For `code`: the exchange values and their labels. */
  codes?: Codes;
  /** For `text`: at most this many characters (default 100). */
  max?: number;
  hint?: Label;
  /**
   * For `code`: the values come from this code table (domain/code-tables.ts: platform entries plus the
   * school's own); `codes` then holds only the platform entries, for labels where no table is at hand.
   */
  table?: CodeDomain;
  /** The roster wants this code: a record without it is accepted but flagged (pre-check, form). */
  flagIfMissing?: boolean;
  /** Required unless this other field has a value (a free-text name where the code is missing). */
  requiredUnless?: string;
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
/** A field with the words a student understands beside its 名冊 column name. */
const shown = (def: FieldDef, display: Label): FieldDef => ({ ...def, display });
/** The label a student sees: the plain words, else the 名冊 column name. */
export const fieldLabel = (def: Pick<FieldDef, 'label' | 'display'>): Label => def.display ?? def.label;
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
/** A field whose codes come from a school-extendable code table. */
const tableCode = (key: string, label: Label, table: CodeDomain, required: boolean): FieldDef => ({
  key,
  label,
  type: 'code',
  required,
  table,
  codes: Object.fromEntries(PLATFORM_CODES[table].map((c) => [c.code, c.label])),
  ...(required ? {} : { flagIfMissing: true }),
});
const term: FieldDef = {
  key: 'term',
  label: l('學年度學期', 'academic year and semester'),
  display: l('哪個學期（學年度＋學期）', 'which semester (year and semester)'),
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
      { ...tableCode('level', l('幹部等級', 'level'), 'cadreLevel', true), codes: CADRE_LEVELS as Codes },
    ],
  },
  {
    key: 'competition',
    label: l('競賽參與', 'competition'),
    dates: 'single',
    dateLabels: { start: l('結果公布日期', 'results announced on') },
    fields: [
      text('name', l('競賽名稱', 'competition')),
      shown(text('item', l('項目', 'event or division'), false), l('參賽項目', 'event or division')),
      tableCode('fieldCode', l('競賽領域代碼', 'field code'), 'competitionField', false),
      {
        ...text('field', l('競賽領域', 'field'), false, 50),
        hint: l(
          '代碼表中沒有時填寫，學校會再補上代碼',
          'if the field is not in the code list; the school adds a code',
        ),
      },
      code('level', l('競賽等級', 'level'), COMPETITION_LEVELS),
      text('award', l('獎項', 'award'), true, 50),
      shown(
        code('participation', l('團體參與', 'participation'), GROUP_PARTICIPATION),
        l('個人或團體參加', 'individual or team'),
      ),
    ],
  },
  {
    key: 'certificate',
    label: l('檢定證照', 'certificate or test'),
    dates: 'single',
    dateLabels: { start: l('取得證照日期', 'obtained on') },
    fields: [
      tableCode('certificateCode', l('證照代碼', 'certificate code'), 'certificate', false),
      {
        ...text('certificate', l('證照名稱', 'certificate name'), false),
        requiredUnless: 'certificateCode',
        hint: l(
          '代碼表中沒有時填寫證照名稱，學校會再補上代碼',
          'if the certificate is not in the code list; the school adds a code',
        ),
      },
      shown(code('kind', l('註1', 'kind'), CERTIFICATE_KINDS), l('證照類別', 'certificate type')),
      num('score', l('分數', 'score')),
      shown(
        text('subscores', l('分項結果', 'part results'), false),
        l('分項成績（例如聽、讀）', 'part scores (e.g. listening, reading)'),
      ),
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
