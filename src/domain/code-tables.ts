/**
 * Code tables of the exchange rosters that a school can extend: 競賽領域代碼, 證照代碼, 幹部等級 and
 * 缺勤種類代碼. The entries below ship with the platform; a school adds its own (and disables them) in
 * `school_codes` (modules/codes). Pure data and lookups shared by the server and the web.
 *
 * Sources: 幹部等級 is the official list of the 2017 roster field specification
 * (reference/pilot-spec-2017/non-academic-roster-fields-2017.txt, 校內幹部經歷紀錄 H). The reference has no
 * official list of 競賽領域代碼, 證照代碼 or 缺勤種類代碼 (the specification says to use "the code list of
 * the system"): those entries are a well-known subset, marked `source: 'subset'`, to be replaced by the
 * official list when it is available (a data change here, or school codes meanwhile).
 */

type Label = { 'zh-TW': string; en: string };

export const CODE_DOMAINS = ['competitionField', 'certificate', 'cadreLevel', 'absenceKind'] as const;
export type CodeDomain = (typeof CODE_DOMAINS)[number];
export const isCodeDomain = (v: string): v is CodeDomain => (CODE_DOMAINS as readonly string[]).includes(v);

export interface CodeDomainDef {
  /** The roster column name (zh-TW) and its English name. */
  label: Label;
  /** What a code of this table looks like (school codes must match it). */
  pattern: RegExp;
  patternHint: string;
  /** Whether entries carry a group (證照: 註1 1 語文, 2 技術士, 3 其他). */
  groups?: Record<string, Label>;
}

export const CERTIFICATE_GROUPS: Record<string, Label> = {
  1: { 'zh-TW': '語文', en: 'language' },
  2: { 'zh-TW': '技術士', en: 'technician' },
  3: { 'zh-TW': '其他', en: 'other' },
};

export const CODE_DOMAIN_DEFS: Record<CodeDomain, CodeDomainDef> = {
  competitionField: {
    label: { 'zh-TW': '競賽領域代碼', en: 'competition field code' },
    pattern: /^[0-9A-Z]{1,10}$/,
    patternHint: '1–10 digits or capital letters',
  },
  certificate: {
    label: { 'zh-TW': '證照代碼', en: 'certificate code' },
    pattern: /^[0-9A-Z-]{1,20}$/,
    patternHint: '1–20 digits, capital letters or -',
    groups: CERTIFICATE_GROUPS,
  },
  cadreLevel: {
    label: { 'zh-TW': '幹部等級', en: 'cadre level' },
    pattern: /^[1-9][0-9]?$/,
    patternHint: '1–99',
  },
  absenceKind: {
    label: { 'zh-TW': '缺勤種類代碼', en: 'absence kind code' },
    pattern: /^[0-9A-Z]{1,4}$/,
    patternHint: '1–4 digits or capital letters',
  },
};

export interface CodeEntry {
  code: string;
  label: Label;
  /** For 證照: 註1 (1 語文, 2 技術士, 3 其他). */
  group?: string;
  /** official: from the reference specification; subset: shipped, not the official list; school: added by the school. */
  source: 'official' | 'subset' | 'school';
  disabled?: boolean;
  /** The school_codes row of a school entry. */
  id?: string;
}

const e = (code: string, zh: string, en: string, source: CodeEntry['source'], group?: string): CodeEntry => ({
  code,
  label: { 'zh-TW': zh, en },
  source,
  ...(group ? { group } : {}),
});

export const PLATFORM_CODES: Record<CodeDomain, CodeEntry[]> = {
  cadreLevel: [
    e('1', '校級', 'school', 'official'),
    e('2', '班級', 'class', 'official'),
    e('3', '社團', 'club', 'official'),
    e('4', '實習', 'internship', 'official'),
    e('5', '其他', 'other', 'official'),
  ],
  competitionField: [
    e('01', '語文', 'languages', 'subset'),
    e('02', '數學', 'mathematics', 'subset'),
    e('03', '自然科學', 'natural sciences', 'subset'),
    e('04', '社會', 'social studies', 'subset'),
    e('05', '藝術', 'arts', 'subset'),
    e('06', '科技與資訊', 'technology and computing', 'subset'),
    e('07', '健康與體育', 'health and physical education', 'subset'),
    e('08', '綜合活動', 'integrative activities', 'subset'),
    e('09', '技職專業', 'vocational skills', 'subset'),
    e('10', '創意發明', 'invention', 'subset'),
    e('99', '其他', 'other', 'subset'),
  ],
  certificate: [
    e('L001', '全民英檢初級', 'GEPT elementary', 'subset', '1'),
    e('L002', '全民英檢中級', 'GEPT intermediate', 'subset', '1'),
    e('L003', '全民英檢中高級', 'GEPT high-intermediate', 'subset', '1'),
    e('L004', '多益測驗 TOEIC', 'TOEIC', 'subset', '1'),
    e('L005', '托福網路測驗 TOEFL iBT', 'TOEFL iBT', 'subset', '1'),
    e('L006', '雅思 IELTS', 'IELTS', 'subset', '1'),
    e('L007', '日本語能力試驗 JLPT', 'Japanese-Language Proficiency Test', 'subset', '1'),
    e('T001', '技術士丙級', 'technician, class C', 'subset', '2'),
    e('T002', '技術士乙級', 'technician, class B', 'subset', '2'),
    e('O001', '大學程式設計先修檢測 APCS', 'APCS', 'subset', '3'),
    e('O002', 'Microsoft Office Specialist', 'Microsoft Office Specialist', 'subset', '3'),
    e('O003', 'TQC 電腦應用能力認證', 'TQC computer skills', 'subset', '3'),
  ],
  absenceKind: [
    e('1', '事假', 'personal leave', 'subset'),
    e('2', '病假', 'sick leave', 'subset'),
    e('3', '公假', 'official leave', 'subset'),
    e('4', '喪假', 'bereavement leave', 'subset'),
    e('5', '曠課', 'truancy', 'subset'),
    e('6', '生理假', 'menstrual leave', 'subset'),
    e('7', '產前假', 'prenatal leave', 'subset'),
    e('8', '娩假', 'maternity leave', 'subset'),
    e('9', '育嬰假', 'parental leave', 'subset'),
  ],
};

/** A school's tables: platform entries then the school's, every entry (disabled ones marked). */
export type CodeTables = Record<CodeDomain, CodeEntry[]>;

/** The enabled entry of a code, if any. */
export const findCode = (tables: CodeTables, domain: CodeDomain, code: string): CodeEntry | undefined =>
  tables[domain].find((c) => c.code === code && !c.disabled);

export const isValidCode = (tables: CodeTables, domain: CodeDomain, code: string | null | undefined) =>
  !!code && !!findCode(tables, domain, String(code));

/** The enabled codes of a table, for messages ("allowed: 1/2/3"). */
export const enabledCodes = (tables: CodeTables, domain: CodeDomain) =>
  tables[domain].filter((c) => !c.disabled).map((c) => c.code);

/** Only the platform entries (no school additions): for code that has no database at hand. */
export const platformTables = (): CodeTables =>
  Object.fromEntries(CODE_DOMAINS.map((d) => [d, PLATFORM_CODES[d]])) as CodeTables;

/**
 * 重修方式 of the 重修成績 sheet (roster 6). Not extendable: the methods of the assessment regulation
 * (高級中等學校學生學習評量辦法: 專班, 隨班附讀, 自學輔導, 其他). The reference has no official numbering;
 * this one is the platform's until it does.
 */
export const RETAKE_METHODS: Record<string, Label> = {
  1: { 'zh-TW': '開設重修專班', en: 'retake class' },
  2: { 'zh-TW': '隨班附讀', en: 'with a regular class' },
  3: { 'zh-TW': '自學輔導', en: 'guided self-study' },
  4: { 'zh-TW': '其他', en: 'other' },
};
