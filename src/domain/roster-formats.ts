/**
 * The official roster workbooks (名冊, SPEC.md §5) as versioned data: one definition per 名冊別 and
 * version. A definition names the file, the 封面 cells, every sheet exactly as the reference template
 * spells it (odd characters included: `_x0009_` is written literally, as the templates' workbook.xml
 * has it; a trailing space is kept), the header cells in order, the kind of each column (how it is
 * formatted and checked) and which registered row source fills the sheet, with what parameters.
 * A new official template is a new entry here; a new data source is a row source registered by name
 * (src/modules/submissions/row-sources.ts). Nothing else changes.
 */

export type RosterNo = 1 | 2 | 3 | 4 | 6 | 24 | 25 | 26 | 27;
export const ROSTER_NOS: readonly RosterNo[] = [1, 2, 3, 4, 6, 24, 25, 26, 27];
export type RosterOffice = 'academicAdmin' | 'studentAffairs';

/**
 * How a column's value is written and checked: `nationalId` upper-case and valid, `date` an ISO date
 * written as a 7-digit ROC date (1150901), `courseCode` a valid 23-character code, `code` a value from
 * a code table (empty = the pre-check's "missing code"), `file` a file in the package (the cell holds
 * its path), `text` with an optional length limit, `number` and `url` as given.
 */
export type ColumnKind = 'nationalId' | 'date' | 'courseCode' | 'code' | 'file' | 'text' | 'number' | 'url';

export interface RosterColumn {
  /** The header cell, exactly as in the template. */
  header: string;
  /** The key of the value in the row source's record. */
  key: string;
  kind: ColumnKind;
  /** An empty cell is a pre-check problem. */
  required?: boolean;
  /** Text: at most this many characters. */
  max?: number;
}

export interface RosterSheet {
  /** Exactly as in the template (compared cell by cell by the golden test). */
  name: string;
  columns: RosterColumn[];
  /** The registered row source that fills the sheet, and its parameters; null: no data kept here. */
  source: { name: string; params?: Record<string, string> } | null;
  /** A sheet the reference template lacks, described here for categories it has no sheet for. */
  extension?: boolean;
}

export interface RosterFormat {
  roster: RosterNo;
  version: string;
  title: { 'zh-TW': string; en: string };
  /** Per semester (學期 1/2 on the 封面) or per academic year (學期 0). */
  cadence: 'semester' | 'year';
  office: RosterOffice;
  /** The workbook's name in the package. */
  fileName: string;
  /** The reference template (under shared/reference/central-db-templates/), for the golden test. */
  template: string;
  /**
   * While a sheet's row source is not registered yet: 'empty' writes the sheet without rows (the roster
   * is still due, e.g. 27 without retakes); 'unavailable' refuses to build the roster (3 and 6 until the
   * absence and retake tables land).
   */
  withoutSource: 'empty' | 'unavailable';
  sheets: RosterSheet[];
}

/** The 封面 sheet of every roster: these headers in row 1, the values in row 2. */
export const COVER_SHEET = '封面';
export const COVER_HEADERS = ['學校代碼', '學年度', '學期', '名冊別'] as const;

const id: RosterColumn[] = [
  { header: '身分證號', key: 'nationalId', kind: 'nationalId', required: true },
  { header: '出生日期', key: 'birthDate', kind: 'date', required: true },
];
const col = (header: string, key: string, kind: ColumnKind = 'text', extra: Partial<RosterColumn> = {}) => ({
  header,
  key,
  kind,
  ...extra,
});
const summary = col('內容簡述', 'summary', 'text', { required: true, max: 100 });
const links = [
  col('證明文件連結', 'proof', 'file'),
  col('影音檔案連結', 'media', 'file'),
  col('外部影音連結', 'url', 'url'),
];
const perf = (category: string, extra: Record<string, string> = {}) => ({
  name: 'performances',
  params: { category, ...extra },
});
const range = [col('開始日期', 'startsOn', 'date', { required: true }), col('結束日期', 'endsOn', 'date')];
const outcomeFiles = [
  col('課程學習成果檔案', 'document', 'file', { required: true }),
  col('課程學習成果簡述', 'summary', 'text', { required: true, max: 100 }),
  col('課程學習成果影音連結', 'media', 'file'),
];

const ACADEMIC = '01_學業表現上傳資料';
const NON_ACADEMIC = '02_非學業表現上傳資料';

const FORMATS: RosterFormat[] = [
  {
    roster: 1,
    version: '2019.1',
    title: { 'zh-TW': '學生資料名冊', en: 'Student data' },
    cadence: 'semester',
    office: 'academicAdmin',
    fileName: '學生資料名冊.xlsx',
    template: `${ACADEMIC}/2_學生資料名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '學生資料_x0009_',
        source: { name: 'students' },
        columns: [
          ...id,
          col('組別', 'group'),
          col('年級', 'grade', 'number', { required: true }),
          col('班級', 'className', 'text', { required: true }),
          col('座號', 'seatNo', 'number'),
          col('修業類型', 'studyType', 'code'),
        ],
      },
    ],
  },
  {
    roster: 2,
    version: '2019.1',
    title: { 'zh-TW': '學生成績名冊', en: 'Grades' },
    cadence: 'semester',
    office: 'academicAdmin',
    fileName: '學生成績名冊.xlsx',
    template: `${ACADEMIC}/3_學生成績名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '學期成績',
        source: { name: 'grades' },
        columns: [
          ...id,
          col('科目代碼', 'courseCode', 'courseCode', { required: true }),
          col('開課年級', 'grade', 'number', { required: true }),
          col('科目學分', 'credits', 'number', { required: true }),
          col('原始成績', 'rawScore', 'number'),
          col('成績及格', 'passed', 'code'),
          col('補考成績', 'makeupScore', 'number'),
          col('補考及格', 'makeupPassed', 'code'),
          col('是否採計學分', 'creditCounted', 'code', { required: true }),
          col('質性描述', 'qualitative', 'text', { max: 100 }),
        ],
      },
      {
        name: '補修成績 ',
        source: null,
        columns: [
          ...id,
          col('開課學年度', 'year'),
          col('開課學期', 'semester'),
          col('科目代碼', 'courseCode', 'courseCode'),
          col('開課年級', 'grade', 'number'),
          col('科目學分', 'credits', 'number'),
          col('補修成績', 'score', 'number'),
          col('補修及格', 'passed', 'code'),
          col('補考成績', 'makeupScore', 'number'),
          col('補考及格', 'makeupPassed', 'code'),
          col('是否採計學分', 'creditCounted', 'code'),
          col('質性描述', 'qualitative'),
        ],
      },
      {
        name: '轉學轉科生成績',
        source: null,
        columns: [
          ...id,
          col('對應學年度', 'year'),
          col('對應學期', 'semester'),
          col('對應年級', 'grade'),
          col('科目代碼', 'courseCode', 'courseCode'),
          col('對應年級', 'grade2'),
          col('科目學分', 'credits', 'number'),
          col('身分別', 'identity', 'code'),
          col('抵免後成績', 'score', 'number'),
          col('成績及格', 'passed', 'code'),
          col('是否採計學分', 'creditCounted', 'code'),
          col('質性描述', 'qualitative'),
        ],
      },
    ],
  },
  {
    roster: 3,
    version: '2019.1',
    title: { 'zh-TW': '缺勤紀錄名冊', en: 'Absence records' },
    cadence: 'semester',
    office: 'academicAdmin',
    fileName: '缺勤紀錄名冊.xlsx',
    template: `${ACADEMIC}/6_缺勤紀錄名冊.xlsx`,
    withoutSource: 'unavailable',
    sheets: [
      {
        name: '缺勤紀錄',
        source: { name: 'absences' },
        columns: [
          ...id,
          col('缺勤種類代碼', 'kind', 'code', { required: true }),
          col('缺勤起始日期', 'startsOn', 'date', { required: true }),
          col('缺勤結束日期', 'endsOn', 'date', { required: true }),
          col('缺勤節數', 'periods', 'number', { required: true }),
        ],
      },
    ],
  },
  {
    roster: 4,
    version: '2019.1',
    title: { 'zh-TW': '科目名冊', en: 'Courses' },
    cadence: 'semester',
    office: 'academicAdmin',
    fileName: '科目名冊.xlsx',
    template: `${ACADEMIC}/1_科目名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '開設課程_x0009_',
        source: { name: 'courses' },
        columns: [
          col('課程類別', 'category', 'code', { required: true }),
          col('領域別', 'domain', 'code'),
          col('群別', 'group', 'code'),
          col('科/班/學程別', 'department', 'code'),
          col('開課年級', 'grade', 'number', { required: true }),
          col('學分數', 'credits', 'number', { required: true }),
          col('科目名稱', 'name', 'text', { required: true }),
          col('科目代碼', 'courseCode', 'courseCode', { required: true }),
        ],
      },
    ],
  },
  {
    roster: 6,
    version: '2019.1',
    title: { 'zh-TW': '學生重修重讀成績名冊', en: 'Retake and re-read grades' },
    cadence: 'semester',
    office: 'academicAdmin',
    fileName: '學生重修重讀成績名冊.xlsx',
    template: `${ACADEMIC}/4_學生重修重讀成績名冊.xlsx`,
    withoutSource: 'unavailable',
    sheets: [
      {
        name: '重修成績',
        source: { name: 'retakeGrades', params: { mode: 'retake' } },
        columns: [
          ...id,
          col('原修課學年度', 'originalYear', 'number', { required: true }),
          col('原修課學期', 'originalSemester', 'number', { required: true }),
          col('原修課科目代碼', 'courseCode', 'courseCode', { required: true }),
          col('原修課開課年級', 'grade', 'number'),
          col('原修課科目學分', 'credits', 'number'),
          col('重修方式', 'method', 'code'),
          col('重修成績', 'score', 'number'),
          col('重修及格', 'passed', 'code'),
          col('質性描述', 'qualitative', 'text', { max: 100 }),
        ],
      },
      {
        name: '重讀成績 ',
        source: { name: 'retakeGrades', params: { mode: 'reread' } },
        columns: [
          ...id,
          col('修課學年度', 'year', 'number', { required: true }),
          col('修課學期', 'semester', 'number', { required: true }),
          col('科目代碼', 'courseCode', 'courseCode', { required: true }),
          col('開課年級', 'grade', 'number'),
          col('科目學分', 'credits', 'number'),
          col('原始成績', 'rawScore', 'number'),
          col('成績及格', 'passed', 'code'),
          col('補考成績', 'makeupScore', 'number'),
          col('補考及格', 'makeupPassed', 'code'),
          col('是否採計學分', 'creditCounted', 'code'),
          col('質性描述', 'qualitative', 'text', { max: 100 }),
        ],
      },
    ],
  },
  {
    roster: 24,
    version: '2019.1',
    title: { 'zh-TW': '校內幹部經歷名冊', en: 'School cadre records' },
    cadence: 'year',
    office: 'studentAffairs',
    fileName: '校內幹部經歷名冊.xlsx',
    template: `${NON_ACADEMIC}/1_校內幹部經歷名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '幹部經歷紀錄',
        source: { name: 'cadre' },
        columns: [
          ...id,
          col('單位名稱', 'unit', 'text', { required: true, max: 100 }),
          ...range,
          col('擔任職務', 'position', 'text', { required: true, max: 100 }),
          col('幹部等級', 'level', 'code', { required: true }),
        ],
      },
    ],
  },
  {
    roster: 25,
    version: '2019.1',
    title: { 'zh-TW': '學生自填多元表現名冊', en: 'Student performances' },
    cadence: 'year',
    office: 'studentAffairs',
    fileName: '學生自填多元表現名冊.xlsx',
    template: `${NON_ACADEMIC}/2_學生自填多元表現名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '幹部經歷紀錄',
        source: perf('cadre'),
        columns: [
          ...id,
          col('單位名稱', 'f.unit', 'text', { required: true, max: 100 }),
          ...range,
          col('擔任職務', 'f.position', 'text', { required: true, max: 100 }),
          summary,
          col('幹部等級', 'f.level', 'code', { required: true }),
          ...links,
        ],
      },
      {
        name: '競賽參與紀錄',
        source: perf('competition'),
        columns: [
          ...id,
          col('競賽名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('項目', 'f.item', 'text', { max: 100 }),
          // Picked from the code table (domain/code-tables.ts); a record with free text only is flagged.
          col('競賽領域代碼', 'f.fieldCode', 'code', { required: true }),
          col('競賽等級代碼', 'f.level', 'code', { required: true }),
          col('獎項', 'f.award', 'text', { required: true, max: 50 }),
          col('結果公布日期', 'startsOn', 'date', { required: true }),
          summary,
          col('團體參與代碼', 'f.participation', 'code', { required: true }),
          ...links,
        ],
      },
      {
        name: '檢定證照紀錄',
        source: perf('certificate'),
        columns: [
          ...id,
          // Picked from the code table; a certificate entered by name only is flagged.
          col('證照代碼', 'f.certificateCode', 'code', { required: true }),
          col('註1', 'f.kind', 'code', { required: true }),
          col('分數', 'f.score', 'number'),
          col('分項結果', 'f.subscores', 'text', { max: 100 }),
          col('取得證照日期', 'startsOn', 'date', { required: true }),
          col('證照字號', 'f.number', 'text', { max: 50 }),
          col('檢定組別', 'f.group', 'text', { max: 50 }),
          summary,
          ...links,
        ],
      },
      {
        name: '志工服務紀錄',
        source: perf('service'),
        columns: [
          ...id,
          col('服務名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('服務單位', 'f.organisation', 'text', { required: true, max: 100 }),
          ...range,
          col('時數', 'f.hours', 'number', { required: true }),
          summary,
          ...links,
        ],
      },
      {
        name: '自主學習紀錄',
        // 自主學習 is kind 1 of 彈性學習時間; the other kinds go to the extension sheet below.
        source: perf('flexible', { kind: '1' }),
        columns: [
          ...id,
          col('名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('主辦單位', 'f.organiser', 'text', { max: 100 }),
          col('開始日期', 'startsOn', 'date'),
          col('結束日期', 'endsOn', 'date'),
          col('時數', 'f.hours', 'number'),
          summary,
          ...links,
        ],
      },
      {
        name: '作品成果紀錄',
        source: perf('work'),
        columns: [
          ...id,
          col('名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('日期', 'startsOn', 'date', { required: true }),
          summary,
          col('作品成果連結', 'proof', 'file'),
          col('影音檔案連結', 'media', 'file'),
          col('外部影音連結', 'url', 'url'),
        ],
      },
      {
        name: '其他活動紀錄',
        source: perf('other'),
        columns: [
          ...id,
          col('名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('主辦單位', 'f.organiser', 'text', { max: 100 }),
          col('開始日期', 'startsOn', 'date'),
          col('結束日期', 'endsOn', 'date'),
          col('時數', 'f.hours', 'number'),
          summary,
          ...links,
        ],
      },
      {
        name: '彈性學習時間紀錄',
        extension: true,
        source: perf('flexible', { exceptKind: '1' }),
        columns: [
          ...id,
          col('類別代碼', 'f.kind', 'code', { required: true }),
          col('名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('主辦單位', 'f.organiser', 'text', { max: 100 }),
          col('學年度學期', 'f.term', 'code', { required: true }),
          col('每週節數', 'f.periodsPerWeek', 'number'),
          col('週數', 'f.weeks', 'number'),
          col('開始日期', 'startsOn', 'date'),
          col('結束日期', 'endsOn', 'date'),
          col('時數', 'f.hours', 'number'),
          summary,
          ...links,
        ],
      },
      {
        name: '團體活動時間紀錄',
        extension: true,
        source: perf('groupActivity'),
        columns: [
          ...id,
          col('類別代碼', 'f.kind', 'code', { required: true }),
          col('單位', 'f.unit', 'text', { required: true, max: 100 }),
          col('名稱', 'f.name', 'text', { required: true, max: 100 }),
          col('學年度學期', 'f.term', 'code', { required: true }),
          col('節數', 'f.periods', 'number'),
          summary,
          ...links,
        ],
      },
      {
        name: '職場學習紀錄',
        extension: true,
        source: perf('workplace'),
        columns: [
          ...id,
          col('類別', 'f.kind', 'text', { required: true, max: 50 }),
          col('單位', 'f.unit', 'text', { required: true, max: 100 }),
          col('職稱', 'f.title', 'text', { required: true, max: 50 }),
          ...range,
          col('時數', 'f.hours', 'number', { required: true }),
          summary,
          ...links,
        ],
      },
      {
        name: '大學先修課程紀錄',
        extension: true,
        source: perf('advancedCourse'),
        columns: [
          ...id,
          col('計畫', 'f.programme', 'text', { max: 100 }),
          col('開設單位', 'f.provider', 'text', { required: true, max: 100 }),
          col('課程名稱', 'f.course', 'text', { required: true, max: 100 }),
          col('日期', 'startsOn', 'date', { required: true }),
          col('學分', 'f.credits', 'number'),
          col('時數', 'f.hours', 'number'),
          summary,
          ...links,
        ],
      },
    ],
  },
  {
    roster: 26,
    version: '2019.1',
    title: { 'zh-TW': '學生課程學習成果名冊', en: 'Course outcomes' },
    cadence: 'year',
    office: 'academicAdmin',
    fileName: '學生課程學習成果名冊.xlsx',
    template: `${ACADEMIC}/7_學生課程學習成果名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '學期課程學習成果',
        source: { name: 'outcomes' },
        columns: [
          ...id,
          col('科目代碼', 'courseCode', 'courseCode', { required: true }),
          col('開課年級', 'grade', 'number', { required: true }),
          col('科目學分', 'credits', 'number', { required: true }),
          ...outcomeFiles,
        ],
      },
      {
        name: '補修課程學習成果',
        source: null,
        columns: [
          ...id,
          col('原開課學年度', 'originalYear', 'number'),
          col('原開課學期', 'originalSemester', 'number'),
          col('科目代碼', 'courseCode', 'courseCode'),
          col('開課年級', 'grade', 'number'),
          col('科目學分', 'credits', 'number'),
          ...outcomeFiles,
        ],
      },
      {
        name: '轉學轉科生課程學習成果',
        source: null,
        columns: [
          ...id,
          col('對應學年度', 'year', 'number'),
          col('對應學期', 'semester', 'number'),
          col('科目代碼', 'courseCode', 'courseCode'),
          col('對應年級', 'grade', 'number'),
          col('科目學分', 'credits', 'number'),
          col('身分別', 'identity', 'code'),
          ...outcomeFiles,
        ],
      },
    ],
  },
  {
    roster: 27,
    version: '2019.1',
    title: { 'zh-TW': '學生重修重讀課程學習成果名冊', en: 'Retake and re-read course outcomes' },
    cadence: 'year',
    office: 'academicAdmin',
    fileName: '學生重修重讀課程學習成果名冊.xlsx',
    template: `${ACADEMIC}/8_學生重修重讀課程學習成果名冊.xlsx`,
    withoutSource: 'empty',
    sheets: [
      {
        name: '重修課程學習成果',
        source: { name: 'retakeOutcomes', params: { mode: 'retake' } },
        columns: [
          ...id,
          col('原修課學年度', 'originalYear', 'number', { required: true }),
          col('原修課學期', 'originalSemester', 'number', { required: true }),
          col('原修課科目代碼', 'courseCode', 'courseCode', { required: true }),
          col('原修課開課年級', 'grade', 'number'),
          col('原修課科目學分', 'credits', 'number'),
          col('重修方式', 'method', 'code'),
          ...outcomeFiles,
        ],
      },
      {
        name: '重讀課程學習成果',
        source: { name: 'retakeOutcomes', params: { mode: 'reread' } },
        columns: [
          ...id,
          col('原修課學年度', 'originalYear', 'number', { required: true }),
          col('原修課學期', 'originalSemester', 'number', { required: true }),
          col('科目代碼', 'courseCode', 'courseCode', { required: true }),
          col('開課年級', 'grade', 'number'),
          col('科目學分', 'credits', 'number'),
          ...outcomeFiles,
        ],
      },
    ],
  },
];

/** The newest format of a roster (or the named version). */
export function rosterFormat(roster: number, version?: string): RosterFormat | undefined {
  const all = FORMATS.filter((f) => f.roster === roster && (!version || f.version === version));
  return all.sort((a, b) => (a.version < b.version ? 1 : -1))[0];
}

/** Every roster's newest format. */
export const currentRosterFormats = (): RosterFormat[] =>
  ROSTER_NOS.map((n) => rosterFormat(n)).filter((f): f is RosterFormat => !!f);

export const isRosterNo = (n: number): n is RosterNo => (ROSTER_NOS as readonly number[]).includes(n);

/** 學期 on the 封面: 1 or 2 for semester rosters, 0 for yearly ones. */
export const coverSemester = (format: RosterFormat, semester: number | undefined) =>
  format.cadence === 'year' ? 0 : (semester ?? 0);
