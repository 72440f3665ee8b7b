/**
 * The building blocks of the roster formats (roster-formats.ts): the types of a definition, the 封面,
 * and the columns several rosters share.
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

export const id: RosterColumn[] = [
  { header: '身分證號', key: 'nationalId', kind: 'nationalId', required: true },
  { header: '出生日期', key: 'birthDate', kind: 'date', required: true },
];
export const col = (
  header: string,
  key: string,
  kind: ColumnKind = 'text',
  extra: Partial<RosterColumn> = {},
) => ({
  header,
  key,
  kind,
  ...extra,
});
export const summary = col('內容簡述', 'summary', 'text', { required: true, max: 100 });
export const links = [
  col('證明文件連結', 'proof', 'file'),
  col('影音檔案連結', 'media', 'file'),
  col('外部影音連結', 'url', 'url'),
];
export const perf = (category: string, extra: Record<string, string> = {}) => ({
  name: 'performances',
  params: { category, ...extra },
});
export const range = [
  col('開始日期', 'startsOn', 'date', { required: true }),
  col('結束日期', 'endsOn', 'date'),
];
export const outcomeFiles = [
  col('課程學習成果檔案', 'document', 'file', { required: true }),
  col('課程學習成果簡述', 'summary', 'text', { required: true, max: 100 }),
  col('課程學習成果影音連結', 'media', 'file'),
];

export const ACADEMIC = '01_學業表現上傳資料';
export const NON_ACADEMIC = '02_非學業表現上傳資料';
