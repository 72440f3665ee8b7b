/**
 * The official roster workbooks (名冊, SPEC.md §5) as versioned data: one definition per 名冊別 and
 * version. A definition names the file, the 封面 cells, every sheet exactly as the reference template
 * spells it (odd characters included: `_x0009_` is written literally, as the templates' workbook.xml
 * has it; a trailing space is kept), the header cells in order, the kind of each column (how it is
 * formatted and checked) and which registered row source fills the sheet, with what parameters.
 * A new official template is a new entry here; a new data source is a row source registered by name
 * (src/modules/submissions/row-sources.ts). Nothing else changes.
 */
import { ROSTER_25 } from './roster-format-25.js';
import {
  ACADEMIC,
  col,
  id,
  NON_ACADEMIC,
  outcomeFiles,
  ROSTER_NOS,
  type RosterFormat,
  type RosterNo,
  range,
} from './roster-formats.parts.js';

export * from './roster-formats.parts.js';

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
  ROSTER_25,
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
